package org.huntboard.connectors.spi;

/**
 * What kind of failure ended a connector run, with the process exit code the command line uses for
 * it. The classes are the ones a caller acts on differently: wait, fix credentials or permissions,
 * fix the query, narrow the window, or try again later.
 */
public enum FailureClass {
  /**
   * The service asked to slow down (HTTP 429 on request count); {@code retryAfter} says how long.
   */
  THROTTLED("throttled", 5),
  /** Defender's per-tenant CPU allocation is used up; queries are blocked until the next cycle. */
  QUOTA_EXHAUSTED("quota-exhausted", 5),
  /** No token could be obtained, or the service rejected it (HTTP 401). */
  UNAUTHORIZED("unauthorized", 6),
  /** The identity is known but lacks a permission or role (HTTP 403); the permission is named. */
  FORBIDDEN("forbidden", 6),
  /** The service rejected the query text; its message and, when given, the position are kept. */
  BAD_QUERY("bad-query", 2),
  /** The client or the service gave up waiting (client timeout, HTTP 504, Graph's 3 minutes). */
  TIMEOUT("timeout", 4),
  /** A row or size cap was reached and the result could not be completed by splitting. */
  TRUNCATED("truncated", 4),
  /** Log Analytics answered with tables and a non-fatal error; the rows received are kept. */
  PARTIAL("partial", 4),
  /** The service failed (HTTP 5xx), could not be reached, or answered with an unreadable body. */
  UNAVAILABLE("unavailable", 7);

  private final String label;
  private final int exitCode;

  FailureClass(String label, int exitCode) {
    this.label = label;
    this.exitCode = exitCode;
  }

  /** The lower-case name printed to users, e.g. {@code quota-exhausted}. */
  public String label() {
    return label;
  }

  /**
   * The exit code of {@code huntboard query|check}: 5 throttled or quota, 6 auth, 2 bad query, 4
   * truncated, partial or timeout, 7 unavailable.
   */
  public int exitCode() {
    return exitCode;
  }

  /** Whether waiting and sending the same request again can succeed. */
  public boolean isTransient() {
    return this == THROTTLED || this == UNAVAILABLE;
  }

  @Override
  public String toString() {
    return label;
  }
}
