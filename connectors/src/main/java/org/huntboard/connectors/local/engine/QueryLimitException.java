package org.huntboard.connectors.local.engine;

import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;

/** A query stopped by a limit: its timeout, a cancellation, or the memory bound. */
public final class QueryLimitException extends DiagnosticException {

  private static final long serialVersionUID = 1L;

  /** Which limit stopped the query. */
  public enum Limit {
    TIMEOUT("KQL-TIMEOUT"),
    CANCELLED("KQL-CANCELLED"),
    MEMORY("KQL-MEMORY");

    private final String code;

    Limit(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Limit limit;

  QueryLimitException(Limit limit, String message) {
    super(new Diagnostic(Diagnostic.Severity.ERROR, limit.code(), message, null, null));
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
