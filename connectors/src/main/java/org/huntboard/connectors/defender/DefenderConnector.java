package org.huntboard.connectors.defender;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
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
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;

/**
 * Runs KQL against one tenant's Defender XDR advanced hunting through Microsoft Graph: {@code POST
 * {graph}/v1.0/security/runHuntingQuery} with {@code {"Query", "Timespan"}} under an app token for
 * {@code https://graph.microsoft.com/.default} (application permission {@code
 * ThreatHunting.Read.All}).
 *
 * <p>The API returns at most 100,000 rows. A result of exactly that many is taken as truncated:
 * when the query's shape allows ({@link SplitPlan}), the window is halved and each half run again,
 * down to a bounded depth, and the parts are merged; otherwise, or past the depth, the run fails
 * {@link FailureClass#TRUNCATED} carrying the rows received. The two halves are {@code [start,
 * mid)} and {@code [mid, end)}; the docs do not say whether Timespan's end is inclusive, so an
 * event stamped exactly {@code mid} (100 ns resolution) could be counted in both.
 */
public final class DefenderConnector implements Connector {

  /** The most rows one runHuntingQuery answer holds. */
  public static final int ROW_CAP = 100_000;

  static final String SCOPE = "https://graph.microsoft.com/.default";
  static final String PERMISSION =
      "ThreatHunting.Read.All (Microsoft Graph application permission, admin consent)";
  private static final String SERVICE = "Defender advanced hunting";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String tenant;
  private final URI huntingUri;
  private final TokenCredential credential;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxSplitDepth;
  private final TenantLimiter limiter;
  private final RetryPolicy retryPolicy;
  private final ConnectorRuntime runtime;
  private final Function<String, SplitPlan> planner;

  DefenderConnector(
      String tenant,
      URI graphBase,
      TokenCredential credential,
      HttpClient http,
      Duration requestTimeout,
      int maxSplitDepth,
      TenantLimiter limiter,
      RetryPolicy retryPolicy,
      ConnectorRuntime runtime,
      Function<String, SplitPlan> planner) {
    this.tenant = tenant;
    String base = graphBase.toString().replaceAll("/+$", "");
    this.huntingUri = URI.create(base + "/v1.0/security/runHuntingQuery");
    this.credential = credential;
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.maxSplitDepth = maxSplitDepth;
    this.limiter = limiter;
    this.retryPolicy = retryPolicy;
    this.runtime = runtime;
    this.planner = planner;
  }

  @Override
  public String id() {
    return DefenderConnectorFactory.ID;
  }

  /** The tenant this connector runs for. */
  public String tenant() {
    return tenant;
  }

  @Override
  public QueryResult run(String query, TimeWindow window, RunOptions options)
      throws ConnectorException {
    Instant started = runtime.clock().instant();
    RetryingCaller caller =
        new RetryingCaller(
            limiter, retryPolicy, runtime.clock(), runtime.sleeper(), runtime.random());
    Run run = new Run(query, options, caller);
    ResultRows rows;
    try {
      rows = run.window(window, 0);
    } catch (ConnectorException e) {
      throw e.withAttempts(caller.requests());
    }
    QueryStatistics stats =
        new QueryStatistics(
            caller.requests(),
            run.parts,
            run.deepest,
            rows.rows().size(),
            Duration.between(started, runtime.clock().instant()),
            null,
            null);
    return new QueryResult(rows.toTable(), stats);
  }

  /** One run: its query, options, caller and what splitting it took. */
  private final class Run {
    private final String query;
    private final RunOptions options;
    private final RetryingCaller caller;
    private final int depthLimit;
    private SplitPlan plan;
    private int parts;
    private int deepest;

    Run(String query, RunOptions options, RetryingCaller caller) {
      this.query = query;
      this.options = options;
      this.caller = caller;
      this.depthLimit = options.maxSplitDepth() == null ? maxSplitDepth : options.maxSplitDepth();
    }

    ResultRows window(TimeWindow w, int depth) throws ConnectorException {
      ResultRows rows = caller.call(() -> send(query, w, options), options);
      if (rows.rows().size() < ROW_CAP) {
        parts++;
        deepest = Math.max(deepest, depth);
        return rows;
      }
      if (plan == null) {
        plan = planner.apply(query);
      }
      String why =
          !plan.isSplittable()
              ? "the query cannot be split by time (" + plan.reason() + ")"
              : depth >= depthLimit
                  ? "the window was halved " + depth + " times and " + w + " still holds more"
                  : !w.isSplittable() ? "the window " + w + " cannot be halved further" : null;
      if (why != null) {
        throw ConnectorException.of(
                FailureClass.TRUNCATED,
                SERVICE + " returned its cap of " + ROW_CAP + " rows for " + w + "; " + why)
            .partialResult(partial(rows))
            .build();
      }
      List<ResultRows> halves = new ArrayList<>(2);
      for (TimeWindow half : w.halves()) {
        halves.add(window(half, depth + 1));
      }
      return plan.merge(halves);
    }

    private QueryResult partial(ResultRows rows) {
      return new QueryResult(
          rows.toTable(),
          new QueryStatistics(
              caller.requests(),
              parts + 1,
              deepest,
              rows.rows().size(),
              Duration.ZERO,
              null,
              null));
    }
  }

  private ResultRows send(String query, TimeWindow window, RunOptions options)
      throws ConnectorException, InterruptedException {
    String token = token();
    ObjectNode body =
        JSON.createObjectNode().put("Query", query).put("Timespan", window.toIso8601());
    Duration timeout = options.timeoutIfSet().orElse(requestTimeout);
    HttpRequest request =
        HttpRequest.newBuilder(huntingUri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try (AutoCloseable cancel = options.cancellation().onCancel(() -> future.cancel(true))) {
      response = future.get();
    } catch (CancellationException e) {
      throw new CancellationException("the run was cancelled while Defender was answering");
    } catch (ExecutionException e) {
      throw transportFailure(e.getCause(), timeout);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (Exception e) {
      throw transportFailure(e, timeout);
    }
    if (response.statusCode() == 200) {
      return HuntingResponse.parse(response.body());
    }
    throw HttpFailures.classify(
        response.statusCode(),
        response.headers().firstValue("Retry-After"),
        response.body(),
        SERVICE,
        PERMISSION,
        runtime.clock());
  }

  private String token() throws ConnectorException {
    try {
      AccessToken t = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
      if (t == null || t.getToken() == null) {
        throw ConnectorException.of(FailureClass.UNAUTHORIZED, "no token was issued for " + SCOPE)
            .build();
      }
      return t.getToken();
    } catch (RuntimeException e) {
      throw ConnectorException.of(
              FailureClass.UNAUTHORIZED,
              "could not get a token for Microsoft Graph in tenant "
                  + tenant
                  + ": "
                  + firstLine(e.getMessage()))
          .cause(e)
          .build();
    }
  }

  private static ConnectorException transportFailure(Throwable t, Duration timeout) {
    if (t instanceof HttpTimeoutException) {
      return ConnectorException.of(
              FailureClass.TIMEOUT,
              SERVICE
                  + " did not answer within "
                  + timeout.toSeconds()
                  + " s (the service itself stops a query after 3 minutes)")
          .cause(t)
          .build();
    }
    if (t instanceof IOException) {
      return ConnectorException.of(
              FailureClass.UNAVAILABLE, SERVICE + " could not be reached: " + t)
          .cause(t)
          .build();
    }
    return ConnectorException.of(FailureClass.UNAVAILABLE, SERVICE + " request failed: " + t)
        .cause(t)
        .build();
  }

  static String firstLine(String s) {
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
              + " events in the window: check that devices are onboarded to Microsoft Defender"
              + " for Endpoint and reporting";
      case MISSING ->
          table
              + " is not in this tenant's advanced hunting schema: it needs the Microsoft Defender"
              + " product that provides it (Device* tables: Defender for Endpoint)";
      case FORBIDDEN -> "grant the application " + PERMISSION + " in the customer tenant";
    };
  }
}
