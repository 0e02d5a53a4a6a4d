package org.huntboard.web.api;

import java.util.List;

/**
 * A failure whose message is meant for the caller; {@link ApiExceptionMapper} turns each subclass
 * into one HTTP status.
 */
public abstract class HuntboardException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem.Finding> findings;

  protected HuntboardException(String message) {
    this(message, List.of());
  }

  protected HuntboardException(String message, Throwable cause) {
    super(message, cause);
    this.findings = List.of();
  }

  protected HuntboardException(String message, List<Problem.Finding> findings) {
    super(message);
    this.findings = List.copyOf(findings);
  }

  /** The located problems behind this failure, shown in the answer; often empty. */
  public List<Problem.Finding> findings() {
    return findings == null ? List.of() : findings;
  }

  /** The object does not exist, or belongs to a tenant the caller cannot see (these look alike). */
  public static final class NotFound extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public NotFound(String what, Object id) {
      super(what + " " + id + " does not exist");
    }
  }

  /** The request itself is wrong: a field is missing, malformed or out of bounds. */
  public static final class InvalidRequest extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public InvalidRequest(String message) {
      super(message);
    }

    /** A text of the request (a filter, say) has these located problems. */
    public InvalidRequest(String message, List<Problem.Finding> findings) {
      super(message, findings);
    }
  }

  /**
   * The request conflicts with the current state, e.g. a duplicate name or an illegal transition.
   */
  public static final class Conflict extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }

  /**
   * The request is well-formed and fits the current state, but a rule refuses it, e.g. guards with
   * errors block an exclusion's approval; the findings say which.
   */
  public static final class Unprocessable extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public Unprocessable(String message, List<Problem.Finding> findings) {
      super(message, findings);
    }
  }

  /** A connector Huntboard called on the caller's behalf failed to answer. */
  public static final class ConnectorFailed extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public ConnectorFailed(String message) {
      super(message);
    }
  }

  /** The caller is identified but may not do this. */
  public static final class Forbidden extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
      super(message);
    }
  }

  /** Huntboard is not set up to do this yet, e.g. no encryption key is configured. */
  public static final class NotConfigured extends HuntboardException {
    private static final long serialVersionUID = 1L;

    public NotConfigured(String message) {
      super(message);
    }
  }

  /** Huntboard is doing as much of this as it allows at once; the caller may try again shortly. */
  public static final class Busy extends HuntboardException {
    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public Busy(String message, int retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When to try again, in seconds (the answer's {@code Retry-After}). */
    public int retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
