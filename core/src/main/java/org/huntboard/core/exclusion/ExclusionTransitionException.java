package org.huntboard.core.exclusion;

/**
 * Thrown when an exclusion is asked to change state in a way its lifecycle does not allow: an
 * illegal transition, a decision by the proposer, an expiry before its time.
 */
public class ExclusionTransitionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String exclusionId;
  private final ExclusionState from;

  public ExclusionTransitionException(String exclusionId, ExclusionState from, String message) {
    super(message);
    this.exclusionId = exclusionId;
    this.from = from;
  }

  /** The exclusion that refused to change. */
  public String exclusionId() {
    return exclusionId;
  }

  /** The state it was in, and is still in. */
  public ExclusionState from() {
    return from;
  }
}
