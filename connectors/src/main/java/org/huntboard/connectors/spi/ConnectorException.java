package org.huntboard.connectors.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A classified connector failure: the {@link FailureClass}, the service's own message and code, and
 * what the caller needs to act on it (the wait the service asked for, the missing permission, the
 * position of a query error, the rows kept from a partial or truncated result, the attempts made).
 */
public final class ConnectorException extends Exception {

  private final FailureClass failureClass;
  private final String serviceCode;
  private final Duration retryAfter;
  private final String missingPermission;
  private final QueryPosition position;
  private final QueryResult partialResult;
  private final int attempts;
  private final int httpStatus;

  private ConnectorException(Builder b) {
    super(b.message, b.cause);
    this.failureClass = Objects.requireNonNull(b.failureClass, "failureClass");
    this.serviceCode = b.serviceCode;
    this.retryAfter = b.retryAfter;
    this.missingPermission = b.missingPermission;
    this.position = b.position;
    this.partialResult = b.partialResult;
    this.attempts = b.attempts;
    this.httpStatus = b.httpStatus;
  }

  /** A builder for a failure of the given class with a message a user can read. */
  public static Builder of(FailureClass failureClass, String message) {
    return new Builder(failureClass, message);
  }

  public FailureClass failureClass() {
    return failureClass;
  }

  /** The service's error code ({@code BadRequest}, {@code SyntaxError}, ...), when it sent one. */
  public Optional<String> serviceCode() {
    return Optional.ofNullable(serviceCode);
  }

  /** How long the service asked to wait (Retry-After, or until the next quota cycle). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The permission or role that is missing, for {@link FailureClass#FORBIDDEN}. */
  public Optional<String> missingPermission() {
    return Optional.ofNullable(missingPermission);
  }

  /** Where the service located a query error, for {@link FailureClass#BAD_QUERY}. */
  public Optional<QueryPosition> position() {
    return Optional.ofNullable(position);
  }

  /**
   * The rows that did arrive, for {@link FailureClass#PARTIAL} and {@link FailureClass#TRUNCATED}.
   */
  public Optional<QueryResult> partialResult() {
    return Optional.ofNullable(partialResult);
  }

  /**
   * How many requests were sent for this run before it failed (at least 1 once a call was made).
   */
  public int attempts() {
    return attempts;
  }

  /** The HTTP status of the failing answer, or 0 when there was none (network, timeout). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The same failure, recording the number of attempts made. */
  public ConnectorException withAttempts(int attempts) {
    return toBuilder().attempts(attempts).build();
  }

  /** A builder holding this failure's fields. */
  public Builder toBuilder() {
    Builder b = new Builder(failureClass, getMessage());
    b.serviceCode = serviceCode;
    b.retryAfter = retryAfter;
    b.missingPermission = missingPermission;
    b.position = position;
    b.partialResult = partialResult;
    b.attempts = attempts;
    b.httpStatus = httpStatus;
    b.cause = getCause();
    return b;
  }

  /** {@code class: message}, as the command line prints it. */
  public String describe() {
    StringBuilder sb = new StringBuilder(failureClass.label()).append(": ").append(getMessage());
    if (position != null) {
      sb.append(" (").append(position).append(')');
    }
    if (missingPermission != null) {
      sb.append(" [missing: ").append(missingPermission).append(']');
    }
    if (retryAfter != null) {
      sb.append(" [retry after ").append(retryAfter.toSeconds()).append(" s]");
    }
    return sb.toString();
  }

  /** Collects the fields of a {@link ConnectorException}. */
  public static final class Builder {
    private final FailureClass failureClass;
    private final String message;
    private String serviceCode;
    private Duration retryAfter;
    private String missingPermission;
    private QueryPosition position;
    private QueryResult partialResult;
    private int attempts;
    private int httpStatus;
    private Throwable cause;

    private Builder(FailureClass failureClass, String message) {
      this.failureClass = failureClass;
      this.message = message;
    }

    public Builder serviceCode(String code) {
      this.serviceCode = code;
      return this;
    }

    public Builder retryAfter(Duration wait) {
      this.retryAfter = wait;
      return this;
    }

    public Builder missingPermission(String permission) {
      this.missingPermission = permission;
      return this;
    }

    public Builder position(QueryPosition position) {
      this.position = position;
      return this;
    }

    public Builder partialResult(QueryResult result) {
      this.partialResult = result;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder httpStatus(int status) {
      this.httpStatus = status;
      return this;
    }

    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    public ConnectorException build() {
      return new ConnectorException(this);
    }
  }
}
