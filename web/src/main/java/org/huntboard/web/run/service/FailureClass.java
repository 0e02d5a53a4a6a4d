package org.huntboard.web.run.service;

/** Why a run failed, in the classes the connectors report; each says whether a retry can help. */
public enum FailureClass {
  /** The service's rate or CPU quota was exhausted. */
  THROTTLED(true),
  /** The credential was refused or lacks the permission. */
  UNAUTHORIZED(false),
  /** The service rejected the query itself. */
  BAD_QUERY(false),
  /** The query ran out of time. */
  TIMEOUT(true),
  /** The result hit the service's row or size limit, so rows are missing. */
  TRUNCATED(false),
  /** The service answered with part of the result and an error. */
  PARTIAL(true),
  /** The service could not be reached or answered with a server error. */
  UNAVAILABLE(true),
  /** The tenant has no such connector, or the rule is unknown. */
  NOT_CONFIGURED(false),
  /** Huntboard itself failed. */
  INTERNAL(true);

  private final boolean retryable;

  FailureClass(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether running the same window again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
