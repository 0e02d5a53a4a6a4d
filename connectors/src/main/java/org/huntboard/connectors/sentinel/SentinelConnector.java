package org.huntboard.connectors.sentinel;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.json.JsonSerializable;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsQueryResultStatus;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableColumn;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.QueryTimeInterval;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.huntboard.connectors.resilience.HttpFailures;
import org.huntboard.connectors.resilience.RetryPolicy;
import org.huntboard.connectors.resilience.RetryingCaller;
import org.huntboard.connectors.resilience.TenantLimiter;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.QueryStatistics;
import org.huntboard.connectors.spi.ResultRows;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.ServiceValues;
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Runs KQL against one Sentinel (Log Analytics) workspace with the Azure Monitor Query SDK's {@code
 * LogsQueryClient.queryWorkspaceWithResponse}: a time interval, a server timeout ({@code Prefer:
 * wait}), statistics, additional workspaces, and partial errors allowed — a partial answer fails
 * {@link FailureClass#PARTIAL} carrying the rows that did arrive. The SDK's own retries are off, so
 * that Huntboard's limiter and retry policy count every request.
 *
 * <p><b>Time columns.</b> Log Analytics applies the query's time interval to {@code TimeGenerated}.
 * Huntboard's rules are written in the Defender dialect and filter on {@code Timestamp}, the time
 * of the event on the device; Sentinel's copy of the Defender tables has both, and {@code
 * TimeGenerated} is stamped at ingestion (overridden to ingestion time when an event arrives more
 * than 48 hours late). An event of the window can therefore carry a later {@code TimeGenerated}.
 * For a Defender-dialect run ({@link RunOptions#timeColumn()} {@code Timestamp}) the interval is
 * widened to {@code [start - 1 h, min(now, end + late-arrival))} (late-arrival default 48 h,
 * setting {@code late-arrival}) and the rule's own {@code Timestamp} filter selects the window
 * exactly; the hour before allows for device clocks ahead of the ingestion clock. For a
 * Sentinel-dialect run ({@code TimeGenerated}) the interval is the window itself.
 */
public final class SentinelConnector implements Connector {

  static final String SERVICE = "Log Analytics";
  static final String PERMISSION =
      "Log Analytics Reader or Microsoft Sentinel Reader (Azure RBAC) on the workspace";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String tenant;
  private final String workspace;
  private final List<String> additionalWorkspaces;
  private final LogsQueryClient client;
  private final Duration serverTimeout;
  private final Duration lateArrival;
  private final TenantLimiter limiter;
  private final RetryPolicy retryPolicy;
  private final ConnectorRuntime runtime;
  private final ExecutorService executor;

  SentinelConnector(
      String tenant,
      String workspace,
      List<String> additionalWorkspaces,
      LogsQueryClient client,
      Duration serverTimeout,
      Duration lateArrival,
      TenantLimiter limiter,
      RetryPolicy retryPolicy,
      ConnectorRuntime runtime,
      ExecutorService executor) {
    this.tenant = tenant;
    this.workspace = workspace;
    this.additionalWorkspaces = List.copyOf(additionalWorkspaces);
    this.client = client;
    this.serverTimeout = serverTimeout;
    this.lateArrival = lateArrival;
    this.limiter = limiter;
    this.retryPolicy = retryPolicy;
    this.runtime = runtime;
    this.executor = executor;
  }

  @Override
  public String id() {
    return SentinelConnectorFactory.ID;
  }

  /** The tenant this connector runs for. */
  public String tenant() {
    return tenant;
  }

  /** The interval sent to Log Analytics for {@code window} under {@code options}. */
  public QueryTimeInterval intervalFor(TimeWindow window, RunOptions options) {
    Instant start = window.start();
    Instant end = window.end();
    if (RunOptions.TIMESTAMP.equals(options.timeColumn())) {
      start = start.minus(Duration.ofHours(1));
      Instant lateEnd = end.plus(lateArrival);
      Instant now = runtime.clock().instant();
      end = lateEnd.isAfter(now) ? (now.isAfter(end) ? now : end) : lateEnd;
    }
    return new QueryTimeInterval(start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC));
  }

  @Override
  public QueryResult run(String query, TimeWindow window, RunOptions options)
      throws ConnectorException {
    Instant started = runtime.clock().instant();
    RetryingCaller caller =
        new RetryingCaller(
            limiter, retryPolicy, runtime.clock(), runtime.sleeper(), runtime.random());
    QueryTimeInterval interval = intervalFor(window, options);
    LogsQueryOptions sdkOptions =
        new LogsQueryOptions()
            .setServerTimeout(options.timeoutIfSet().orElse(serverTimeout))
            .setIncludeStatistics(true)
            .setAllowPartialErrors(true);
    if (!additionalWorkspaces.isEmpty()) {
      sdkOptions.setAdditionalWorkspaces(additionalWorkspaces);
    }
    LogsQueryResult result;
    try {
      result = caller.call(() -> send(query, interval, sdkOptions, options), options);
    } catch (ConnectorException e) {
      throw e.withAttempts(caller.requests());
    }
    ResultRows rows = convert(result);
    String statistics = result.getStatistics() == null ? null : result.getStatistics().toString();
    QueryStatistics stats =
        new QueryStatistics(
            caller.requests(),
            1,
            0,
            rows.rows().size(),
            Duration.between(started, runtime.clock().instant()),
            executionTime(statistics).orElse(null),
            statistics);
    QueryResult out = new QueryResult(rows.toTable(), stats);
    if (result.getQueryResultStatus() == LogsQueryResultStatus.PARTIAL_FAILURE) {
      String message = result.getError() == null ? "a partial error" : describe(result.getError());
      throw ConnectorException.of(
              FailureClass.PARTIAL,
              SERVICE + " returned " + rows.rows().size() + " rows with an error: " + message)
          .serviceCode(result.getError() == null ? null : result.getError().getCode())
          .partialResult(out)
          .attempts(caller.requests())
          .httpStatus(200)
          .build();
    }
    return out;
  }

  private LogsQueryResult send(
      String query, QueryTimeInterval interval, LogsQueryOptions sdkOptions, RunOptions options)
      throws ConnectorException, InterruptedException {
    Future<Response<LogsQueryResult>> future =
        executor.submit(
            () ->
                client.queryWorkspaceWithResponse(
                    workspace, query, interval, sdkOptions, Context.NONE));
    try (AutoCloseable cancel = options.cancellation().onCancel(() -> future.cancel(true))) {
      return future.get().getValue();
    } catch (CancellationException e) {
      throw new CancellationException("the run was cancelled while Log Analytics was answering");
    } catch (ExecutionException e) {
      throw classify(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ConnectorException e) {
      throw e;
    } catch (Exception e) {
      throw classify(e);
    }
  }

  private ConnectorException classify(Throwable t) {
    if (t instanceof HttpResponseException h && h.getResponse() != null) {
      HttpResponse r = h.getResponse();
      return HttpFailures.classify(
              r.getStatusCode(),
              Optional.ofNullable(r.getHeaderValue("Retry-After")),
              errorBody(h),
              SERVICE,
              PERMISSION,
              runtime.clock())
          .toBuilder()
          .cause(t)
          .build();
    }
    if (t instanceof ClientAuthenticationException || isCredentialFailure(t)) {
      return ConnectorException.of(
              FailureClass.UNAUTHORIZED,
              "could not get a token for Log Analytics in tenant "
                  + tenant
                  + ": "
                  + firstLine(t.getMessage()))
          .cause(t)
          .build();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      String name = c.getClass().getName().toLowerCase(Locale.ROOT);
      if (c instanceof java.util.concurrent.TimeoutException || name.contains("timeout")) {
        return ConnectorException.of(
                FailureClass.TIMEOUT,
                SERVICE
                    + " did not answer in time (server timeout "
                    + serverTimeout.toSeconds()
                    + " s)")
            .cause(t)
            .build();
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException || c instanceof UncheckedIOException) {
        return ConnectorException.of(
                FailureClass.UNAVAILABLE,
                SERVICE
                    + " could not be reached or sent an unreadable answer: "
                    + firstLine(c.getMessage()))
            .cause(t)
            .build();
      }
    }
    return ConnectorException.of(
            FailureClass.UNAVAILABLE, SERVICE + " request failed: " + firstLine(String.valueOf(t)))
        .cause(t)
        .build();
  }

  private static boolean isCredentialFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String n = c.getClass().getName();
      if (n.startsWith("com.azure.identity.") || n.startsWith("com.microsoft.aad.msal4j.")) {
        return true;
      }
    }
    return false;
  }

  /** The error body as the service sent it, or re-serialized from what the SDK parsed. */
  private static String errorBody(HttpResponseException h) {
    Object value = h.getValue();
    if (value instanceof JsonSerializable<?> js) {
      try {
        return js.toJsonString();
      } catch (IOException e) {
        // fall through to the raw body
      }
    }
    try {
      BinaryData body = h.getResponse().getBodyAsBinaryData();
      if (body != null) {
        return body.toString();
      }
    } catch (RuntimeException e) {
      // the body was consumed by the SDK's deserializer
    }
    return value instanceof String s ? s : "";
  }

  private static String describe(com.azure.core.models.ResponseError error) {
    StringBuilder sb = new StringBuilder();
    sb.append(error.getCode()).append(": ").append(error.getMessage());
    return sb.toString();
  }

  static ResultRows convert(LogsQueryResult result) throws ConnectorException {
    List<LogsTable> tables = result.getAllTables();
    if (tables == null || tables.isEmpty()) {
      return new ResultRows(List.of(), List.of(), List.of());
    }
    LogsTable table = tables.get(0);
    List<String> names = new ArrayList<>();
    List<ScalarType> types = new ArrayList<>();
    // azure-monitor-query 1.5.2 leaves LogsTable.getColumns() empty and puts each column's name and
    // type on the cells, so the schema is read from the first row; an empty answer has no columns.
    if (!table.getColumns().isEmpty()) {
      for (LogsTableColumn c : table.getColumns()) {
        names.add(c.getColumnName());
        types.add(typeOf(c.getColumnType() == null ? null : c.getColumnType().toString()));
      }
    } else if (!table.getRows().isEmpty()) {
      for (LogsTableCell c : table.getRows().get(0).getRow()) {
        names.add(c.getColumnName());
        types.add(typeOf(c.getColumnType() == null ? null : c.getColumnType().toString()));
      }
    }
    List<Object[]> rows = new ArrayList<>(table.getRows().size());
    for (LogsTableRow r : table.getRows()) {
      Object[] row = new Object[names.size()];
      for (LogsTableCell cell : r.getRow()) {
        int i = cell.getColumnIndex();
        try {
          row[i] = ServiceValues.fromText(cell.getValueAsString(), types.get(i));
        } catch (IllegalArgumentException e) {
          throw ConnectorException.of(
                  FailureClass.UNAVAILABLE,
                  SERVICE
                      + " sent an unreadable cell (row "
                      + (cell.getRowIndex() + 1)
                      + ", column "
                      + names.get(i)
                      + "): "
                      + e.getMessage())
              .cause(e)
              .build();
        }
      }
      rows.add(row);
    }
    return new ResultRows(names, types, rows);
  }

  private static ScalarType typeOf(String serviceType) {
    return serviceType == null
        ? ScalarType.DYNAMIC
        : ScalarType.fromServiceName(serviceType).orElse(ScalarType.DYNAMIC);
  }

  /** {@code query.executionTime} (seconds) of the statistics document. */
  static Optional<Duration> executionTime(String statistics) {
    if (statistics == null) {
      return Optional.empty();
    }
    try {
      JsonNode t = JSON.readTree(statistics).path("query").path("executionTime");
      return t.isNumber()
          ? Optional.of(Duration.ofNanos((long) (t.asDouble() * 1e9)))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public String remedy(String table, TableAvailability.Status status) {
    return switch (status) {
      case PRESENT -> "";
      case EMPTY ->
          "no "
              + table
              + " rows in the window: check the Microsoft Defender XDR data connector's"
              + " event collection for "
              + table
              + " in Microsoft Sentinel";
      case MISSING ->
          "enable the Microsoft Defender XDR connector (MicrosoftThreatProtection) for "
              + table
              + " in Microsoft Sentinel";
      case FORBIDDEN -> "assign " + PERMISSION + " to the application";
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
