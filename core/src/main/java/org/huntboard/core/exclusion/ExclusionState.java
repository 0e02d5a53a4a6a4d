package org.huntboard.core.exclusion;

/**
 * Where an exclusion is in its lifecycle. Only an approved exclusion suppresses anything; the other
 * states are kept for the audit trail.
 */
public enum ExclusionState {
  /** Waiting for a rule owner's decision. */
  PROPOSED,
  /** Approved by a rule owner other than the proposer; active until it expires or is revoked. */
  APPROVED,
  /** Refused by a rule owner. Final. */
  REJECTED,
  /** Its expiry passed. Final; a renewal is a new proposal. */
  EXPIRED,
  /** Withdrawn after approval. Final. */
  REVOKED;

  /** The state's name as written in files and messages ({@code proposed}, ...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
