package org.huntboard.connectors.local.engine;

import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.Span;

/**
 * The state of one running query: the pinned {@code now()}, limits, and counters. Loops call {@link
 * #check()} between batches so a timeout or cancellation stops the query promptly.
 */
final class QueryContext {

  final Database database;
  final SourceText source;
  long nowTicks;
  private final long deadlineNanos;
  private final QueryCancellation cancellation;
  private final long maxMemory;
  private final long timeoutMillis;
  private long allocated;
  long rowsScanned;
  long maxResultRows;
  long maxResultBytes;
  boolean noTruncation;

  QueryContext(
      Database database,
      SourceText source,
      long nowTicks,
      EngineOptions options,
      QueryCancellation cancellation) {
    this.database = database;
    this.source = source;
    this.nowTicks = nowTicks;
    this.timeoutMillis = options.timeout().toMillis();
    this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    this.cancellation = cancellation;
    this.maxMemory = options.maxMemoryBytes();
    this.maxResultRows = options.maxResultRows();
    this.maxResultBytes = options.maxResultBytes();
  }

  /** Fails the query if it ran out of time or was cancelled. */
  void check() {
    if (cancellation != null && cancellation.isCancelled()) {
      throw new QueryLimitException(QueryLimitException.Limit.CANCELLED, "the query was cancelled");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryLimitException(
          QueryLimitException.Limit.TIMEOUT,
          "the query ran longer than its timeout of " + timeoutMillis + " ms");
    }
  }

  /**
   * Counts bytes the query is about to allocate and fails it when the total passes the bound. The
   * count is of all intermediate allocations, not of live memory, so the bound errs on the safe
   * side.
   */
  void reserve(long bytes) {
    allocated += bytes;
    if (allocated > maxMemory) {
      throw memoryExceeded();
    }
  }

  QueryLimitException memoryExceeded() {
    return new QueryLimitException(
        QueryLimitException.Limit.MEMORY,
        "the query needs more than its memory bound of "
            + (maxMemory / (1024 * 1024))
            + " MB; narrow it with a time range or a filter before summarize or join");
  }

  long allocated() {
    return allocated;
  }

  /** A located error of the query text. */
  DiagnosticException error(String code, String message, Span span) {
    if (source != null && span != null && span.isKnown()) {
      return new DiagnosticException(
          new Diagnostic(
              Diagnostic.Severity.ERROR,
              code,
              message,
              source.location(span.start()),
              source.caretExcerpt(span.start())));
    }
    return new DiagnosticException(
        new Diagnostic(Diagnostic.Severity.ERROR, code, message, null, null));
  }
}
