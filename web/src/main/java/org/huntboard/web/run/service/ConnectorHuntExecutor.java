package org.huntboard.web.run.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.jboss.logging.Logger;

/**
 * Runs a window of a catalog rule on the tenant's connector: parses the rule's KQL, binds its time
 * parameters to the window, renders the KQL that is sent (and hashes exactly that text), runs it
 * through the connector made by {@link ConnectorRegistry}, and turns the table into rows.
 *
 * <p>The backend keeps no exclusions yet, so none are applied: rows before and after are equal and
 * the exclusion set version is {@value #NO_EXCLUSIONS}. The connector's settings come from the
 * tenant's stored connector and credential set through {@link ConnectorSettingsFactory}; local
 * folders stay loaded between runs in {@link LocalTelemetryCache}.
 */
@DefaultBean
@ApplicationScoped
public class ConnectorHuntExecutor implements HuntExecutor {

  private static final Logger LOG = Logger.getLogger(ConnectorHuntExecutor.class);

  /** The exclusion set version recorded while the backend keeps no exclusions. */
  public static final String NO_EXCLUSIONS = "none";

  /**
   * One tick of KQL's datetime (100 ns). The rules' {@code between (Time_start .. Time_end)}
   * includes its end, while the ledger's windows are {@code [start, end)}: binding the end to one
   * tick before the window's end keeps a row stamped exactly at a boundary out of the earlier
   * window, so two consecutive windows never both count it.
   */
  static final Duration TICK = Duration.ofNanos(100);

  private final RuleCatalog rules;
  private final ConnectorSettingsFactory settingsFactory;
  private final LocalTelemetryCache localCache;
  private final ConnectorRegistry registry = ConnectorRegistry.load();
  // One runtime for every run, so the per-tenant rate limiters it holds are shared across runs.
  private final ConnectorRuntime runtime = ConnectorRuntime.system();

  ConnectorHuntExecutor(
      RuleCatalog rules, ConnectorSettingsFactory settingsFactory, LocalTelemetryCache localCache) {
    this.rules = rules;
    this.settingsFactory = settingsFactory;
    this.localCache = localCache;
  }

  @Override
  public HuntResult execute(HuntRequest request) {
    Optional<HuntingRule> found = rules.find(request.ruleId());
    if (found.isEmpty()) {
      return new HuntResult.Failed(
          FailureClass.NOT_CONFIGURED,
          "The rule " + request.ruleId() + " is not in the rule catalog",
          null,
          null);
    }
    HuntingRule rule = found.get();
    String version = rule.contentHash();
    Query bound;
    try {
      SourceText source = new SourceText(rule.source(), rule.query().text());
      Query parsed = KqlParser.parse(source);
      bound =
          QueryRewriter.bindTimeWindow(
              parsed, request.queryStart(), request.windowEnd().minus(TICK), source);
    } catch (DiagnosticException e) {
      return new HuntResult.Failed(FailureClass.BAD_QUERY, describe(e), version, null);
    }
    String kql = KqlRenderer.render(bound);
    String queryHash = sha256(kql);
    List<String> groupBy = groupingColumns(bound);

    Optional<ConnectorSettings> settings;
    try {
      settings = settings(request);
    } catch (IllegalArgumentException e) {
      return new HuntResult.Failed(FailureClass.NOT_CONFIGURED, e.getMessage(), version, queryHash);
    }
    if (settings.isEmpty()) {
      return new HuntResult.Failed(
          FailureClass.NOT_CONFIGURED,
          "The tenant has no " + request.connector() + " connector",
          version,
          queryHash);
    }
    TimeWindow window = new TimeWindow(request.queryStart(), request.windowEnd());
    try (Connector connector = connector(request.connector(), settings.get())) {
      QueryResult result = connector.run(kql, window);
      return completed(version, queryHash, groupBy, result.table(), null);
    } catch (ConnectorException e) {
      FailureClass failure = classify(e.failureClass());
      if (e.partialResult().isPresent()) {
        return completed(version, queryHash, groupBy, e.partialResult().get().table(), failure);
      }
      return new HuntResult.Failed(failure, e.describe(), version, queryHash);
    } catch (IllegalArgumentException e) {
      // The connector factory rejects settings it cannot use (a missing data folder, say).
      return new HuntResult.Failed(FailureClass.NOT_CONFIGURED, e.getMessage(), version, queryHash);
    }
  }

  private Optional<ConnectorSettings> settings(HuntRequest request) {
    return settingsFactory.settings(request.tenantId(), request.connector(), runtime);
  }

  /** The connector for the settings; local folders come loaded from the cache. */
  private Connector connector(ConnectorKind kind, ConnectorSettings settings) {
    return kind == ConnectorKind.LOCAL
        ? localCache.connector(settings)
        : registry.create(connectorId(kind), settings);
  }

  private static String connectorId(ConnectorKind kind) {
    return switch (kind) {
      case DEFENDER -> "defender";
      case SENTINEL -> "sentinel";
      case LOCAL -> "local";
    };
  }

  private static FailureClass classify(org.huntboard.connectors.spi.FailureClass failure) {
    return switch (failure) {
      case THROTTLED, QUOTA_EXHAUSTED -> FailureClass.THROTTLED;
      case UNAUTHORIZED, FORBIDDEN -> FailureClass.UNAUTHORIZED;
      case BAD_QUERY -> FailureClass.BAD_QUERY;
      case TIMEOUT -> FailureClass.TIMEOUT;
      case TRUNCATED -> FailureClass.TRUNCATED;
      case PARTIAL -> FailureClass.PARTIAL;
      case UNAVAILABLE -> FailureClass.UNAVAILABLE;
    };
  }

  private static HuntResult completed(
      String version, String queryHash, List<String> groupBy, Table table, FailureClass partial) {
    List<Map<String, Object>> rows = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < table.columnCount(); c++) {
        row.put(table.columnName(c), plain(table.value(r, c)));
      }
      rows.add(row);
    }
    return new HuntResult.Completed(
        version,
        queryHash,
        NO_EXCLUSIONS,
        rows.size(),
        rows.size(),
        Map.of(),
        groupBy,
        rows,
        partial);
  }

  /** Engine values as plain Java: dynamic arrays become lists, other JSON its text or number. */
  private static Object plain(Object value) {
    if (!(value instanceof JsonNode node)) {
      return value;
    }
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>(node.size());
      node.forEach(item -> items.add(plain(item)));
      return items;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    return node.toString();
  }

  /**
   * The by-columns of the last {@code summarize} in the query's result pipeline: what identifies a
   * detection among the rows. Empty when the query does not end in an aggregation.
   */
  static List<String> groupingColumns(Query query) {
    Expression body = null;
    for (Statement statement : query.statements()) {
      if (statement instanceof Statement.ExpressionStatement e) {
        body = e.expression();
      }
    }
    while (body instanceof Expression.Pipe pipe) {
      if (pipe.operator() instanceof QueryOperator.Summarize summarize) {
        List<String> names = new ArrayList<>();
        for (NamedExpression key : summarize.by()) {
          if (!key.names().isEmpty()) {
            names.addAll(key.names());
          } else if (key.expression() instanceof Expression.NameReference ref) {
            names.add(ref.name());
          }
        }
        return List.copyOf(names);
      }
      body = pipe.source();
    }
    return List.of();
  }

  private static String describe(DiagnosticException e) {
    StringBuilder text = new StringBuilder();
    for (Diagnostic d : e.diagnostics()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(d.format());
    }
    return text.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
