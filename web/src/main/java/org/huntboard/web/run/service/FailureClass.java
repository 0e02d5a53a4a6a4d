package org.huntboard.web.run.service;

/** Why a run failed, in the classes the connectors report; each says whether a retry can help. */
public enum FailureClass {
  /** The service's rate or CPU quota was exhausted. */
  THROTTLED(true, true),
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
  UNAVAILABLE(true, true),
  /** The tenant has no such connector, or the rule is unknown. */
  NOT_CONFIGURED(false),
  /** Huntboard itself failed. */
  INTERNAL(true);

  private final boolean retryable;
  private final boolean outage;

  FailureClass(boolean retryable) {
    this(retryable, false);
  }

  FailureClass(boolean retryable, boolean outage) {
    this.retryable = retryable;
    this.outage = outage;
  }

  /**
   * Whether the service failed rather than the query: it is down or throttling, so every window
   * would fail alike until it recovers. Such failures do not spend a window's attempts, which are
   * meant for failures of the window's own query.
   */
  public boolean outage() {
    return outage;
  }

  /** Whether running the same window again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
