package org.huntboard.core.exclusion;

/** Thrown when the proposer of an exclusion tries to approve or reject it: four eyes, always. */
public final class SelfApprovalException extends ExclusionTransitionException {

  private static final long serialVersionUID = 1L;

  public SelfApprovalException(String exclusionId, ExclusionState from, String message) {
    super(exclusionId, from, message);
  }
}
