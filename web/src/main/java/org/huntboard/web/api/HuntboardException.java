package org.huntboard.web.api;

/**
 * A failure whose message is meant for the caller; {@link ApiExceptionMapper} turns each subclass
 * into one HTTP status.
 */
public abstract class HuntboardException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  protected HuntboardException(String message) {
    super(message);
  }

  protected HuntboardException(String message, Throwable cause) {
    super(message, cause);
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
}
