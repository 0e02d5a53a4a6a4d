package org.huntboard.connectors.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One configured connection to a hunting backend for one tenant: Defender XDR advanced hunting, a
 * Sentinel (Log Analytics) workspace, or the embedded engine. Made by a {@link ConnectorFactory}.
 *
 * <p>{@link #run} sends KQL for a time window and returns the result as a typed {@link
 * org.huntboard.connectors.table.Table}, or throws a {@link ConnectorException} whose {@link
 * FailureClass} says what went wrong. Implementations respect the tenant's rate limits, retry what
 * is transient (throttling with the wait the service asks for, 5xx) a bounded number of times, keep
 * their client timeouts above the service's, and honour {@link RunOptions#cancellation()}.
 *
 * <p>New operations are added as {@code default} methods so that existing implementations keep
 * compiling. Instances are thread-safe; {@link #close()} releases clients they own.
 */
public interface Connector extends AutoCloseable {

  /**
   * The factory id this connector was made by ({@code defender}, {@code sentinel}, {@code local}).
   */
  String id();

  /**
   * Runs {@code query} over {@code window}: the connector passes the window to the service (Graph's
   * {@code Timespan}, Log Analytics' time interval) and the query's own time filter is intersected
   * with it.
   *
   * @throws ConnectorException classified; {@link FailureClass#PARTIAL} and {@link
   *     FailureClass#TRUNCATED} carry the rows that did arrive
   * @throws java.util.concurrent.CancellationException when the run was cancelled
   */
  QueryResult run(String query, TimeWindow window, RunOptions options) throws ConnectorException;

  /** {@link #run(String, TimeWindow, RunOptions)} with {@link RunOptions#defaults()}. */
  default QueryResult run(String query, TimeWindow window) throws ConnectorException {
    return run(query, window, RunOptions.defaults());
  }

  /**
   * Probes each table with a cheap query ({@link #probeQuery}) over {@code window}: present when it
   * returns a row, empty when it answers none, missing when the service cannot resolve the table,
   * forbidden when access is denied; each with a fix in words ({@link #remedy}).
   *
   * @throws ConnectorException when the service cannot answer at all (throttled, unavailable,
   *     timeout): then no table can be judged
   */
  default List<TableAvailability> check(
      Collection<String> tables, TimeWindow window, RunOptions options) throws ConnectorException {
    List<TableAvailability> out = new ArrayList<>(tables.size());
    for (String table : tables) {
      TableAvailability.Status status;
      String detail;
      try {
        QueryResult r = run(probeQuery(table), window, options);
        long rows = r.table().rowCount();
        status = rows > 0 ? TableAvailability.Status.PRESENT : TableAvailability.Status.EMPTY;
        detail = rows > 0 ? "answers with rows" : "answers, but no rows in " + window;
      } catch (ConnectorException e) {
        switch (e.failureClass()) {
          case BAD_QUERY -> status = TableAvailability.Status.MISSING;
          case FORBIDDEN, UNAUTHORIZED -> status = TableAvailability.Status.FORBIDDEN;
          default -> throw e;
        }
        detail = e.describe();
      }
      out.add(new TableAvailability(table, status, detail, remedy(table, status)));
    }
    return out;
  }

  /** {@link #check(Collection, TimeWindow, RunOptions)} over the last 7 days. */
  default List<TableAvailability> check(Collection<String> tables) throws ConnectorException {
    return check(
        tables, TimeWindow.ending(Instant.now(), Duration.ofDays(7)), RunOptions.defaults());
  }

  /** The query that tells whether {@code table} answers: {@code T | take 1}. */
  default String probeQuery(String table) {
    return KqlNames.name(table) + " | take 1";
  }

  /** What an administrator should do about a table in the given state; empty when nothing. */
  default String remedy(String table, TableAvailability.Status status) {
    return switch (status) {
      case PRESENT -> "";
      case EMPTY -> "check that the data source for " + table + " is sending events";
      case MISSING -> "connect the data source that provides " + table;
      case FORBIDDEN -> "grant the identity read access to " + table;
    };
  }

  @Override
  default void close() {}
}
