package org.huntboard.connectors.local;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.engine.QueryCancellation;
import org.huntboard.connectors.local.engine.QueryLimitException;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.QueryPosition;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.QueryStatistics;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Runs KQL with Huntboard's embedded engine over a database of loaded telemetry, as the other
 * connectors run it against a service: the window is applied as the services apply theirs (rows of
 * each table whose time column — {@link RunOptions#timeColumn()} — lies outside it are not seen;
 * tables without that column are seen whole), and failures are classified the same way: a syntax or
 * binding error is {@link FailureClass#BAD_QUERY} with its position, the engine's result limits
 * {@link FailureClass#TRUNCATED}, its timeout {@link FailureClass#TIMEOUT}.
 */
public final class LocalConnector implements Connector {

  private final Map<String, Table> tables;
  private final KqlEngine engine;

  LocalConnector(Map<String, Table> tables, KqlEngine engine) {
    this.tables = Map.copyOf(tables);
    this.engine = engine;
  }

  @Override
  public String id() {
    return LocalConnectorFactory.ID;
  }

  @Override
  public QueryResult run(String query, TimeWindow window, RunOptions options)
      throws ConnectorException {
    QueryCancellation cancellation = new QueryCancellation();
    org.huntboard.connectors.local.engine.QueryResult r;
    try (AutoCloseable link = options.cancellation().onCancel(cancellation::cancel)) {
      r =
          engine.execute(
              new SourceText("<query>", query),
              database(window, options.timeColumn()),
              cancellation);
    } catch (QueryLimitException e) {
      switch (e.limit()) {
        case CANCELLED -> throw new CancellationException("the run was cancelled");
        case TIMEOUT ->
            throw ConnectorException.of(
                    FailureClass.TIMEOUT, "the embedded engine: " + e.getMessage())
                .attempts(1)
                .cause(e)
                .build();
        default ->
            throw ConnectorException.of(
                    FailureClass.TRUNCATED, "the embedded engine: " + e.getMessage())
                .attempts(1)
                .cause(e)
                .build();
      }
    } catch (DiagnosticException e) {
      Diagnostic d = e.first();
      ConnectorException.Builder b =
          ConnectorException.of(FailureClass.BAD_QUERY, d.message())
              .serviceCode(d.code())
              .attempts(1)
              .cause(e);
      if (d.location() != null) {
        b.position(new QueryPosition(d.location().line(), d.location().column(), ""));
      }
      throw b.build();
    } catch (CancellationException e) {
      throw e;
    } catch (Exception e) {
      throw ConnectorException.of(FailureClass.UNAVAILABLE, "the embedded engine failed: " + e)
          .cause(e)
          .build();
    }
    QueryStatistics stats =
        new QueryStatistics(0, 1, 0, r.table().rowCount(), r.elapsed(), r.elapsed(), null);
    QueryResult out = new QueryResult(r.table(), stats);
    if (r.truncated()) {
      throw ConnectorException.of(
              FailureClass.TRUNCATED, "the embedded engine: " + r.truncationReason())
          .partialResult(out)
          .attempts(1)
          .build();
    }
    return out;
  }

  /** Each table restricted to the rows whose time column lies in {@code [start, end)}. */
  private Database database(TimeWindow window, String timeColumn) {
    Map<String, Table> visible = new LinkedHashMap<>();
    for (Map.Entry<String, Table> e : tables.entrySet()) {
      visible.put(e.getKey(), within(e.getValue(), window, timeColumn));
    }
    return new Database(visible);
  }

  private static Table within(Table t, TimeWindow window, String timeColumn) {
    Column time = t.column(timeColumn);
    if (time == null || time.type() != ScalarType.DATETIME) {
      return t;
    }
    int[] keep = new int[t.rowCount()];
    int n = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      if (!time.isNull(r)) {
        Instant at = (Instant) time.get(r);
        if (!at.isBefore(window.start()) && at.isBefore(window.end())) {
          keep[n++] = r;
        }
      }
    }
    return n == t.rowCount() ? t : t.gather(keep, n);
  }

  @Override
  public String remedy(String table, TableAvailability.Status status) {
    return switch (status) {
      case PRESENT -> "";
      case EMPTY -> "the database has no " + table + " rows in the window";
      case MISSING -> "add a " + table + " file (.jsonl, .json, .csv) to the database folder";
      case FORBIDDEN -> "";
    };
  }

  /** The tables loaded, by name. */
  public Map<String, Table> tables() {
    return tables;
  }
}
