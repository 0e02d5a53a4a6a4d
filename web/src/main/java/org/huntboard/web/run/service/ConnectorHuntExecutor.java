package org.huntboard.web.run.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.CompiledQuery;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.schema.Dialect;
import org.huntboard.web.exclusion.service.ActiveExclusions;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.jboss.logging.Logger;

/**
 * Runs a window of a catalog rule on the tenant's connector: parses the rule's KQL, binds its time
 * parameters to the window, renders the KQL that is sent (and hashes exactly that text), runs it
 * through the connector made by {@link ConnectorRegistry}, and turns the table into rows.
 *
 * <p>The tenant's active exclusions of the rule go into the query in the tagged form ({@link
 * CompileForm#TAGGED}), so one query answers both the detections (empty tag) and, per exclusion,
 * what it suppressed; the ledger gets rows before and after, suppressions per exclusion and the
 * version of the exclusion set ({@value #NO_EXCLUSIONS} when none applied). The connector's
 * settings come from the tenant's stored connector and credential set through {@link
 * ConnectorSettingsFactory}; local folders stay loaded between runs in {@link LocalTelemetryCache}.
 */
@DefaultBean
@ApplicationScoped
public class ConnectorHuntExecutor implements HuntExecutor {

  private static final Logger LOG = Logger.getLogger(ConnectorHuntExecutor.class);

  /** The exclusion set version of a run that applied no exclusion. */
  public static final String NO_EXCLUSIONS = "none";

  /**
   * One tick of KQL's datetime (100 ns). The rules' {@code between (Time_start .. Time_end)}
   * includes its end, while the ledger's windows are {@code [start, end)}: binding the end to one
   * tick before the window's end keeps a row stamped exactly at a boundary out of the earlier
   * window, so two consecutive windows never both count it.
   */
  static final Duration TICK = Duration.ofNanos(100);

  private final RuleCatalog rules;
  private final ActiveExclusions exclusions;
  private final ConnectorSettingsFactory settingsFactory;
  private final LocalTelemetryCache localCache;
  private final ConnectorRegistry registry = ConnectorRegistry.load();
  // One runtime for every run, so the per-tenant rate limiters it holds are shared across runs.
  private final ConnectorRuntime runtime = ConnectorRuntime.system();

  ConnectorHuntExecutor(
      RuleCatalog rules,
      ActiveExclusions exclusions,
      ConnectorSettingsFactory settingsFactory,
      LocalTelemetryCache localCache) {
    this.rules = rules;
    this.exclusions = exclusions;
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
      bound = bindRange(rule, request.queryStart(), request.windowEnd());
    } catch (DiagnosticException e) {
      return new HuntResult.Failed(FailureClass.BAD_QUERY, describe(e), version, null);
    }
    List<String> groupBy = groupingColumns(bound);
    ActiveExclusions.Applied applied = exclusions.forRun(request.tenantId(), rule.id().toString());
    Query sent = bound;
    if (!applied.filters().isEmpty()) {
      try {
        sent =
            ExclusionCompiler.compile(
                    bound, applied.filters(), dialect(request.connector()), CompileForm.TAGGED)
                .query();
      } catch (DiagnosticException e) {
        // Running without them would report what a rule owner approved as benign; fail instead.
        return new HuntResult.Failed(
            FailureClass.BAD_QUERY,
            "The tenant's active exclusions do not go into this rule's query:\n" + describe(e),
            version,
            null);
      }
    }
    Answer answer =
        query(
            request.tenantId(),
            request.connector(),
            sent,
            new TimeWindow(request.queryStart(), request.windowEnd()));
    if (answer instanceof Answer.Failure failure) {
      return new HuntResult.Failed(
          failure.failureClass(), failure.message(), version, failure.queryHash());
    }
    Answer.Rows rows = (Answer.Rows) answer;
    return completed(version, rows, groupBy, applied);
  }

  /**
   * The rule's query with its time parameters bound to {@code [start, end)}: the end is bound one
   * tick early, because the rules' {@code between} includes its end.
   */
  public static Query bindRange(HuntingRule rule, Instant start, Instant end) {
    SourceText source = new SourceText(rule.source(), rule.query().text());
    Query parsed = KqlParser.parse(source);
    return QueryRewriter.bindTimeWindow(parsed, start, end.minus(TICK), source);
  }

  /** The schema dialect of a connector's tables, which exclusion fields are mapped onto. */
  public static Dialect dialect(ConnectorKind connector) {
    return connector == ConnectorKind.SENTINEL ? Dialect.SENTINEL : Dialect.DEFENDER;
  }

  /** What a query on a tenant's connector answered. */
  public sealed interface Answer permits Answer.Rows, Answer.Failure {

    /**
     * The query ran.
     *
     * @param queryHash SHA-256 of the KQL text sent
     * @param rows the result rows by column name, values as plain Java
     * @param partial the failure class when the result is incomplete, or null
     */
    record Rows(String queryHash, List<Map<String, Object>> rows, FailureClass partial)
        implements Answer {}

    /**
     * It did not.
     *
     * @param failureClass why, in a class that says whether to retry
     * @param message the failure in words, without secrets
     * @param queryHash the hash of the KQL that was sent
     */
    record Failure(FailureClass failureClass, String message, String queryHash) implements Answer {}
  }

  /**
   * Renders {@code query}, hashes exactly that text, and runs it on the tenant's connector of kind
   * {@code connector} over {@code window}: the one path every query to a tenant's data takes, for
   * runs and backtests alike.
   */
  public Answer query(UUID tenantId, ConnectorKind connector, Query query, TimeWindow window) {
    String kql = KqlRenderer.render(query);
    String queryHash = sha256(kql);
    Optional<ConnectorSettings> settings;
    try {
      settings = settings(tenantId, connector);
    } catch (IllegalArgumentException e) {
      return new Answer.Failure(FailureClass.NOT_CONFIGURED, e.getMessage(), queryHash);
    }
    if (settings.isEmpty()) {
      return new Answer.Failure(
          FailureClass.NOT_CONFIGURED, "The tenant has no " + connector + " connector", queryHash);
    }
    try (Connector c = connector(connector, settings.get())) {
      QueryResult result = c.run(kql, window);
      return new Answer.Rows(queryHash, rows(result.table()), null);
    } catch (ConnectorException e) {
      FailureClass failure = classify(e.failureClass());
      if (e.partialResult().isPresent()) {
        return new Answer.Rows(queryHash, rows(e.partialResult().get().table()), failure);
      }
      return new Answer.Failure(failure, e.describe(), queryHash);
    } catch (IllegalArgumentException e) {
      // The connector factory rejects settings it cannot use (a missing data folder, say).
      return new Answer.Failure(FailureClass.NOT_CONFIGURED, e.getMessage(), queryHash);
    }
  }

  private Optional<ConnectorSettings> settings(UUID tenantId, ConnectorKind kind) {
    return settingsFactory.settings(tenantId, kind, runtime);
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

  private static List<Map<String, Object>> rows(Table table) {
    List<Map<String, Object>> rows = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < table.columnCount(); c++) {
        row.put(table.columnName(c), plain(table.value(r, c)));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * The run's result: rows with an empty tag are the detections (without the tag column), tagged
   * rows count as suppressions of their exclusion. Every applied exclusion has a count, zero
   * included, so the ledger says which exclusions a run applied.
   */
  private static HuntResult completed(
      String version, Answer.Rows answer, List<String> groupBy, ActiveExclusions.Applied applied) {
    List<Map<String, Object>> kept = new ArrayList<>(answer.rows().size());
    Map<String, Long> suppressions = new LinkedHashMap<>();
    applied.filters().forEach(f -> suppressions.put(f.id(), 0L));
    for (Map<String, Object> row : answer.rows()) {
      if (!row.containsKey(CompiledQuery.TAG_COLUMN)) {
        kept.add(row);
        continue;
      }
      Object tag = row.remove(CompiledQuery.TAG_COLUMN);
      if (tag == null || tag.toString().isEmpty()) {
        kept.add(row);
      } else {
        suppressions.merge(tag.toString(), 1L, Long::sum);
      }
    }
    return new HuntResult.Completed(
        version,
        answer.queryHash(),
        applied.filters().isEmpty() ? NO_EXCLUSIONS : applied.version(),
        answer.rows().size(),
        kept.size(),
        suppressions,
        groupBy,
        kept,
        answer.partial());
  }

  /**
   * Engine values as plain Java, as the ledger takes them: dynamic arrays become lists, other JSON
   * its text or number.
   */
  public static Object plain(Object value) {
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
  public static List<String> groupingColumns(Query query) {
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
