package org.huntboard.web.exclusion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.Exclusion;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.CompiledQuery;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.detection.persistence.Detection;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.exclusion.persistence.Backtest;
import org.huntboard.web.exclusion.persistence.ExclusionRecord;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;
import org.huntboard.web.run.service.ConnectorHuntExecutor;
import org.huntboard.web.run.service.FailureClass;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * Backtests an exclusion: runs its rule over the last N days on the tenant's connector, through the
 * same path as the tenant's runs ({@link ConnectorHuntExecutor#query}), with the exclusion compiled
 * in as the query's tag, so one query tells the rows without it (all of them) and with it (the
 * untagged ones). It reports the rows it would hide, a bounded sample of them, and the open
 * detections it would close: those whose grouping values appear only among the hidden rows.
 *
 * <p>The connector is called outside any transaction (it may take minutes); the exclusion is read
 * before and the backtest stored after, each in its own transaction.
 */
@ApplicationScoped
public class BacktestService {

  private final ExclusionService service;
  private final ExclusionRepository exclusions;
  private final ConnectorHuntExecutor executor;
  private final ExclusionConfig config;
  private final TenantScope scope;
  private final EntityManager entities;
  private final ObjectMapper json;

  BacktestService(
      ExclusionService service,
      ExclusionRepository exclusions,
      ConnectorHuntExecutor executor,
      ExclusionConfig config,
      TenantScope scope,
      EntityManager entities,
      ObjectMapper json) {
    this.service = service;
    this.exclusions = exclusions;
    this.executor = executor;
    this.config = config;
    this.scope = scope;
    this.entities = entities;
    this.json = json;
  }

  private record Subject(
      Exclusion exclusion, HuntingRule rule, ConnectorKind connector, int filterVersion) {}

  /** The newest backtest of the exclusion, or 404 when it has none. */
  public BacktestView latest(UUID tenantId, UUID id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ExclusionRecord r = service.find(tenantId, id, false);
              Backtest b =
                  exclusions
                      .latestBacktest(id)
                      .orElseThrow(
                          () -> new HuntboardException.NotFound("Backtest of exclusion", id));
              return service.backtestView(b, r.filterVersion);
            });
  }

  /**
   * Backtests the exclusion's current filter over the last {@code days} days (the configured
   * default when null) on {@code connector} (when null: the connector the tenant's assignment of
   * the rule uses, else the tenant's first connector).
   */
  public BacktestView backtest(UUID tenantId, UUID id, Integer days, ConnectorKind connector) {
    service.requireAnyRole("backtest exclusions", Role.ANALYST, Role.RULE_OWNER);
    int span = days == null ? config.backtest().defaultDays() : days;
    if (span < 1 || span > config.backtest().maxDays()) {
      throw new HuntboardException.InvalidRequest(
          "days: a backtest covers 1 to " + config.backtest().maxDays() + " days, not " + span);
    }
    String actor = scope.actor();
    Subject subject =
        QuarkusTransaction.requiringNew().call(() -> subject(tenantId, id, connector));
    Instant end = service.now().truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(Duration.ofDays(span));
    Query bound;
    CompiledQuery compiled;
    try {
      bound = ConnectorHuntExecutor.bindRange(subject.rule(), start, end);
      compiled =
          ExclusionCompiler.compile(
              bound,
              List.of(subject.exclusion()),
              ConnectorHuntExecutor.dialect(subject.connector()),
              CompileForm.TAGGED);
    } catch (DiagnosticException e) {
      throw new HuntboardException.InvalidRequest(
          "The exclusion does not go into the rule's query: " + e.diagnostics().get(0).headline(),
          ExclusionGuards.findings(e.diagnostics()));
    }
    ConnectorHuntExecutor.Answer answer =
        executor.query(tenantId, subject.connector(), compiled.query(), new TimeWindow(start, end));
    if (answer instanceof ConnectorHuntExecutor.Answer.Failure f) {
      if (f.failureClass() == FailureClass.NOT_CONFIGURED) {
        throw new HuntboardException.NotConfigured(
            "The backtest could not run on the tenant's "
                + subject.connector()
                + " connector: "
                + f.message());
      }
      throw new HuntboardException.ConnectorFailed(
          "The tenant's "
              + subject.connector()
              + " connector failed the backtest ("
              + f.failureClass()
              + "): "
              + f.message());
    }
    ConnectorHuntExecutor.Answer.Rows rows = (ConnectorHuntExecutor.Answer.Rows) answer;
    List<String> groupBy = ConnectorHuntExecutor.groupingColumns(bound);
    return QuarkusTransaction.requiringNew()
        .call(() -> store(tenantId, id, subject, actor, span, start, end, groupBy, rows));
  }

  private Subject subject(UUID tenantId, UUID id, ConnectorKind requested) {
    ExclusionRecord r = service.find(tenantId, id, false);
    if (r.state != ExclusionState.PROPOSED && r.state != ExclusionState.APPROVED) {
      throw new HuntboardException.Conflict(
          "exclusion "
              + id
              + " is "
              + r.state.label()
              + "; only proposed or approved ones are"
              + " backtested");
    }
    HuntingRule rule = service.rule(r);
    return new Subject(
        ExclusionRecords.toCore(r),
        rule,
        connector(tenantId, r.ruleId, requested),
        r.filterVersion);
  }

  private ConnectorKind connector(UUID tenantId, String ruleId, ConnectorKind requested) {
    List<ConnectorKind> kinds =
        entities
            .createQuery(
                "select c.kind from TenantConnector c where c.tenant.id = ?1 order by c.kind",
                ConnectorKind.class)
            .setParameter(1, tenantId)
            .getResultList();
    if (requested != null) {
      if (!kinds.contains(requested)) {
        throw new HuntboardException.InvalidRequest(
            "connector: the tenant has no " + requested + " connector");
      }
      return requested;
    }
    List<ConnectorKind> assigned =
        entities
            .createQuery(
                "select a.connector from Assignment a where a.tenantId = ?1 and a.ruleId = ?2"
                    + " order by a.createdAt",
                ConnectorKind.class)
            .setParameter(1, tenantId)
            .setParameter(2, ruleId)
            .getResultList();
    if (!assigned.isEmpty()) {
      return assigned.get(0);
    }
    if (kinds.isEmpty()) {
      throw new HuntboardException.NotConfigured("The tenant has no connector to backtest on");
    }
    return kinds.get(0);
  }

  private BacktestView store(
      UUID tenantId,
      UUID id,
      Subject subject,
      String actor,
      int span,
      Instant start,
      Instant end,
      List<String> groupBy,
      ConnectorHuntExecutor.Answer.Rows answer) {
    ExclusionRecord r = service.find(tenantId, id, true);
    String tag = subject.exclusion().id();
    int sampleLimit = config.backtest().sampleRows();
    List<Map<String, Object>> sample = new ArrayList<>();
    Set<Map<String, Object>> hiddenKeys = new HashSet<>();
    Set<Map<String, Object>> keptKeys = new HashSet<>();
    long hidden = 0;
    for (Map<String, Object> row : answer.rows()) {
      Map<String, Object> values = new LinkedHashMap<>(row);
      Object t = values.remove(CompiledQuery.TAG_COLUMN);
      if (tag.equals(t == null ? null : t.toString())) {
        hidden++;
        hiddenKeys.add(key(values, groupBy));
        if (sample.size() < sampleLimit) {
          sample.add(values);
        }
      } else {
        keptKeys.add(key(values, groupBy));
      }
    }
    List<Map<String, Object>> closed = new ArrayList<>();
    if (!groupBy.isEmpty()) {
      for (Detection d : openDetections(tenantId, r.ruleId)) {
        Map<String, Object> grouping = grouping(d);
        if (hiddenKeys.contains(grouping) && !keptKeys.contains(grouping)) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("id", d.id.toString());
          entry.put("grouping", grouping);
          closed.add(entry);
        }
      }
    }
    Backtest b = new Backtest();
    b.id = UUID.randomUUID();
    b.exclusionId = id;
    b.tenantId = tenantId;
    b.requestedBy = actor;
    b.createdAt = service.now();
    b.days = span;
    b.windowStart = start;
    b.windowEnd = end;
    b.filterVersion = subject.filterVersion();
    b.connector = subject.connector();
    b.queryHash = answer.queryHash();
    b.rowsBefore = answer.rows().size();
    b.rowsHidden = hidden;
    b.rowsAfter = b.rowsBefore - hidden;
    b.partial = answer.partial() == null ? null : answer.partial().name();
    b.detectionsClosed = write(closed);
    b.sampleRows = write(sample);
    b.sampleComplete = sample.size() == hidden;
    exclusions.addBacktest(b);
    service.backtested(r, b);
    return service.backtestView(b, r.filterVersion);
  }

  private List<Detection> openDetections(UUID tenantId, String ruleId) {
    return entities
        .createQuery(
            "from Detection d where d.tenantId = ?1 and lower(d.ruleId) = lower(?2)"
                + " and d.state <> ?3",
            Detection.class)
        .setParameter(1, tenantId)
        .setParameter(2, ruleId)
        .setParameter(3, TriageState.CLOSED)
        .getResultList();
  }

  /** A row's grouping values as detections store them: text by column name. */
  private static Map<String, Object> key(Map<String, Object> row, List<String> groupBy) {
    Map<String, Object> key = new TreeMap<>();
    for (String column : groupBy) {
      Object value = row.get(column);
      key.put(column, value == null ? null : value.toString());
    }
    return key;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> grouping(Detection d) {
    try {
      return new TreeMap<>(json.readValue(d.grouping, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored grouping is not a JSON object", e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("backtest rows cannot be written as JSON", e);
    }
  }
}
