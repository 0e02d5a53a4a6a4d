package org.huntboard.web.exclusion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.exclusion.Exclusion;
import org.huntboard.core.exclusion.ExclusionScope;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.core.exclusion.ExclusionTransitionException;
import org.huntboard.core.exclusion.SelfApprovalException;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterPrinter;
import org.huntboard.core.exclusion.file.ExclusionDefinition;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.schema.Dialect;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.detection.persistence.Detection;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.exclusion.persistence.Backtest;
import org.huntboard.web.exclusion.persistence.ExclusionEvent;
import org.huntboard.web.exclusion.persistence.ExclusionRecord;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.run.service.ConnectorHuntExecutor;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.huntboard.web.tenant.persistence.TenantRepository;

/**
 * The exclusion workflow of the caller's tenants: propose (from a filter, a rule's template or a
 * detection), amend a proposal's filter, approve or reject it, revoke, renew, comment, and read
 * them with their flags, guards and history. Every transition goes through the core {@link
 * Exclusion} value, is written to the exclusion's history and appends one audit event.
 *
 * <p>Who may do what is checked here as well as on the resources, because it depends on the
 * exclusion: no one decides on their own proposal (whatever roles they hold), deciding takes the
 * rule-owner role, revoking the rule-owner or admin role.
 */
@ApplicationScoped
public class ExclusionService {

  /** The actor of transitions made by Huntboard itself (expiry). */
  public static final String SCHEDULER = "huntboard-scheduler";

  private final ExclusionRepository exclusions;
  private final TenantRepository tenants;
  private final DetectionRepository detections;
  private final RuleCatalog rules;
  private final ExclusionGuards guards;
  private final ExclusionConfig config;
  private final AuditLog audit;
  private final TenantScope scope;
  private final EntityManager entities;
  private final ObjectMapper json;
  private final Clock clock;

  ExclusionService(
      ExclusionRepository exclusions,
      TenantRepository tenants,
      DetectionRepository detections,
      RuleCatalog rules,
      ExclusionGuards guards,
      ExclusionConfig config,
      AuditLog audit,
      TenantScope scope,
      EntityManager entities,
      ObjectMapper json,
      Clock clock) {
    this.exclusions = exclusions;
    this.tenants = tenants;
    this.detections = detections;
    this.rules = rules;
    this.guards = guards;
    this.config = config;
    this.audit = audit;
    this.scope = scope;
    this.entities = entities;
    this.json = json;
    this.clock = clock;
  }

  /** A tenant's exclusions, newest first, filtered by state, rule, flag and expiry. */
  @Transactional
  public Page<ExclusionView> list(
      UUID tenantId, ExclusionRepository.Filter filter, PageRequest page) {
    requireTenant(tenantId);
    ExclusionRepository.Thresholds thresholds = thresholds();
    PanacheQuery<ExclusionRecord> query =
        exclusions
            .listForTenant(scope.tenants(), tenantId, filter, thresholds)
            .page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count())
        .map(r -> view(r, thresholds, false));
  }

  /** One exclusion with its guards' findings and its history. */
  @Transactional
  public ExclusionView get(UUID tenantId, UUID id) {
    return view(find(tenantId, id, false), thresholds(), true);
  }

  /** Proposes an exclusion; answers it as stored. */
  @Transactional
  public ExclusionView propose(UUID tenantId, ProposalDraft draft) {
    requireAnyRole("propose exclusions", Role.ANALYST, Role.RULE_OWNER);
    requireTenant(tenantId);
    HuntingRule rule =
        rules
            .find(draft.ruleId())
            .orElseThrow(
                () ->
                    new HuntboardException.InvalidRequest(
                        "ruleId: there is no rule " + draft.ruleId() + " in the rule catalog"));
    int sources =
        (blank(draft.filter()) ? 0 : 1)
            + (blank(draft.templateId()) ? 0 : 1)
            + (draft.detectionId() == null ? 0 : 1);
    if (sources != 1) {
      throw new HuntboardException.InvalidRequest(
          "give exactly one of filter, templateId or detectionId");
    }
    String filterText;
    String justification = trimmed(draft.justification());
    String templateId = null;
    UUID detectionId = null;
    if (!blank(draft.filter())) {
      filterText = draft.filter().strip();
    } else if (!blank(draft.templateId())) {
      ExclusionDefinition template = template(rule, draft.templateId().strip());
      templateId = template.id();
      filterText = template.filter().text();
      if (justification == null) {
        justification = template.description();
      }
    } else {
      Detection detection =
          detections
              .findInScope(scope.tenants(), tenantId, draft.detectionId(), false)
              .orElseThrow(
                  () ->
                      new HuntboardException.InvalidRequest(
                          "detectionId: the tenant has no detection " + draft.detectionId()));
      if (!detection.ruleId.equalsIgnoreCase(rule.id().toString())) {
        throw new HuntboardException.InvalidRequest(
            "detectionId: detection "
                + detection.id
                + " was found by rule "
                + detection.ruleId
                + ", not by "
                + rule.id());
      }
      detectionId = detection.id;
      filterText = filterOf(detection);
    }
    if (justification == null) {
      throw new HuntboardException.InvalidRequest(
          "justification: say why the rows this exclusion hides are benign");
    }
    Instant now = now();
    Instant expiresAt = expiry(draft.expiresAt(), now);

    ExclusionRecord r = new ExclusionRecord();
    r.id = UUID.randomUUID();
    r.tenantId = tenantId;
    r.ruleId = rule.id().toString();
    r.filterText = filterText;
    r.filterVersion = 1;
    r.justification = justification;
    r.ticket = trimmed(draft.ticket());
    r.proposer = scope.actor();
    r.state = ExclusionState.PROPOSED;
    r.createdAt = now;
    r.expiresAt = expiresAt;
    r.sourceTemplateId = templateId;
    r.sourceDetectionId = detectionId;
    Exclusion proposal = checked(r, rule);
    // The core value checks what a proposal must have (justification, an expiry after now).
    ExclusionRecords.copyState(proposal, r);
    exclusions.persist(r);
    event(r, ExclusionEvent.Kind.PROPOSED, scope.actor(), null);
    audit.append(
        scope.actor(),
        "exclusion.proposed",
        "exclusion",
        r.id.toString(),
        tenantId,
        null,
        snapshot(r));
    return view(r, thresholds(), true);
  }

  /** Replaces a proposal's filter, which makes earlier backtests out of date. */
  @Transactional
  public ExclusionView amend(UUID tenantId, UUID id, String filterText) {
    ExclusionRecord r = find(tenantId, id, true);
    if (!scope.actor().equals(r.proposer) && !scope.hasRole(Role.RULE_OWNER)) {
      throw new HuntboardException.Forbidden(
          "Only the proposer or a rule owner may change the filter of exclusion " + id);
    }
    if (r.state != ExclusionState.PROPOSED) {
      throw new HuntboardException.Conflict(
          "exclusion " + id + " is " + r.state.label() + "; only a proposal's filter can change");
    }
    if (blank(filterText)) {
      throw new HuntboardException.InvalidRequest("filter: give the new filter");
    }
    HuntingRule rule = rule(r);
    Map<String, Object> before = snapshot(r);
    r.filterText = filterText.strip();
    r.filterVersion++;
    r.backtestRowsBefore = null;
    r.backtestRowsHidden = null;
    checked(r, rule);
    event(r, ExclusionEvent.Kind.AMENDED, scope.actor(), null);
    audit.append(
        scope.actor(),
        "exclusion.amended",
        "exclusion",
        id.toString(),
        tenantId,
        before,
        snapshot(r));
    return view(r, thresholds(), true);
  }

  /**
   * Approves a proposal: by a rule owner who is not its proposer, after a backtest of its current
   * filter, when no guard finds an error.
   */
  @Transactional
  public ExclusionView approve(UUID tenantId, UUID id, String comment) {
    requireAnyRole("approve exclusions", Role.RULE_OWNER);
    ExclusionRecord r = find(tenantId, id, true);
    Exclusion approved = transition(() -> ExclusionRecords.toCore(r).approve(scope.actor(), now()));
    HuntingRule rule = rule(r);
    Backtest backtest = exclusions.latestBacktest(id).orElse(null);
    if (backtest == null || backtest.filterVersion != r.filterVersion) {
      throw new HuntboardException.Conflict(
          "exclusion "
              + id
              + " needs a backtest of its current filter (version "
              + r.filterVersion
              + ") before it can be approved: POST .../exclusions/"
              + id
              + "/backtest");
    }
    List<Diagnostic> findings =
        guards.lint(rule, ExclusionRecords.toCore(r), r.filterText, backtest);
    List<Diagnostic> errors = findings.stream().filter(Diagnostic::isError).toList();
    if (!errors.isEmpty()) {
      throw new HuntboardException.Unprocessable(
          "exclusion " + id + " may not be approved: " + errors.get(0).message(),
          ExclusionGuards.findings(errors));
    }
    Map<String, Object> before = snapshot(r);
    ExclusionRecords.copyState(approved, r);
    event(r, ExclusionEvent.Kind.APPROVED, scope.actor(), trimmed(comment));
    audit.append(
        scope.actor(),
        "exclusion.approved",
        "exclusion",
        id.toString(),
        tenantId,
        before,
        withComment(snapshot(r), comment));
    return view(r, thresholds(), true);
  }

  /** Rejects a proposal, by a rule owner who is not its proposer, saying why. */
  @Transactional
  public ExclusionView reject(UUID tenantId, UUID id, String reason) {
    requireAnyRole("reject exclusions", Role.RULE_OWNER);
    String why = required(reason, "reason");
    ExclusionRecord r = find(tenantId, id, true);
    Exclusion rejected =
        transition(() -> ExclusionRecords.toCore(r).reject(scope.actor(), now(), why));
    Map<String, Object> before = snapshot(r);
    ExclusionRecords.copyState(rejected, r);
    event(r, ExclusionEvent.Kind.REJECTED, scope.actor(), why);
    audit.append(
        scope.actor(),
        "exclusion.rejected",
        "exclusion",
        id.toString(),
        tenantId,
        before,
        snapshot(r));
    return view(r, thresholds(), true);
  }

  /** Withdraws an approved exclusion; it stops applying from the next run. */
  @Transactional
  public ExclusionView revoke(UUID tenantId, UUID id, String reason) {
    requireAnyRole("revoke exclusions", Role.RULE_OWNER, Role.ADMIN);
    String why = required(reason, "reason");
    ExclusionRecord r = find(tenantId, id, true);
    Exclusion revoked =
        transition(() -> ExclusionRecords.toCore(r).revoke(scope.actor(), now(), why));
    Map<String, Object> before = snapshot(r);
    ExclusionRecords.copyState(revoked, r);
    event(r, ExclusionEvent.Kind.REVOKED, scope.actor(), why);
    audit.append(
        scope.actor(),
        "exclusion.revoked",
        "exclusion",
        id.toString(),
        tenantId,
        before,
        snapshot(r));
    return view(r, thresholds(), true);
  }

  /**
   * Proposes a renewal of an approved or expired exclusion: a new proposal with the same filter
   * that points back at it and goes through backtest and approval again.
   */
  @Transactional
  public ExclusionView renew(UUID tenantId, UUID id, Instant expiresAt, String justification) {
    requireAnyRole("renew exclusions", Role.ANALYST, Role.RULE_OWNER);
    ExclusionRecord old = find(tenantId, id, true);
    if (exclusions.hasOpenRenewal(id)) {
      throw new HuntboardException.Conflict(
          "exclusion " + id + " already has a renewal waiting for a decision");
    }
    Instant now = now();
    UUID newId = UUID.randomUUID();
    String why = trimmed(justification) != null ? trimmed(justification) : old.justification;
    Instant until = expiry(expiresAt, now);
    Exclusion renewal =
        transition(
            () ->
                ExclusionRecords.toCore(old)
                    .renew(newId.toString(), scope.actor(), now, until, why));
    ExclusionRecord r = new ExclusionRecord();
    r.id = newId;
    r.tenantId = old.tenantId;
    r.ruleId = old.ruleId;
    r.filterText = old.filterText;
    r.filterVersion = 1;
    r.justification = renewal.justification();
    r.ticket = renewal.ticket();
    r.proposer = renewal.proposer();
    r.createdAt = renewal.createdAt();
    r.renews = old.id;
    r.sourceTemplateId = old.sourceTemplateId;
    r.sourceDetectionId = old.sourceDetectionId;
    r.broadByGuards = old.broadByGuards;
    ExclusionRecords.copyState(renewal, r);
    exclusions.persist(r);
    event(old, ExclusionEvent.Kind.RENEWED, scope.actor(), "renewed by " + newId);
    event(r, ExclusionEvent.Kind.PROPOSED, scope.actor(), "renews " + old.id);
    audit.append(
        scope.actor(),
        "exclusion.renewed",
        "exclusion",
        newId.toString(),
        tenantId,
        null,
        snapshot(r));
    return view(r, thresholds(), true);
  }

  /** Comments on an exclusion. */
  @Transactional
  public ExclusionView comment(UUID tenantId, UUID id, String body) {
    requireAnyRole("comment on exclusions", Role.ANALYST, Role.RULE_OWNER);
    String text = required(body, "body");
    ExclusionRecord r = find(tenantId, id, false);
    event(r, ExclusionEvent.Kind.COMMENTED, scope.actor(), text);
    audit.append(
        scope.actor(),
        "exclusion.commented",
        "exclusion",
        id.toString(),
        tenantId,
        null,
        Map.of("comment", text));
    return view(r, thresholds(), true);
  }

  /**
   * Expires one approved exclusion whose expiry has passed; called by the expiry job with the row
   * locked, inside its transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  void expire(ExclusionRecord r, Instant at) {
    Exclusion expired = ExclusionRecords.toCore(r).expire(at);
    Map<String, Object> before = snapshot(r);
    ExclusionRecords.copyState(expired, r);
    event(r, ExclusionEvent.Kind.EXPIRED, SCHEDULER, null);
    audit.append(
        SCHEDULER,
        "exclusion.expired",
        "exclusion",
        r.id.toString(),
        r.tenantId,
        before,
        snapshot(r));
  }

  /** The exclusion in the caller's scope, or 404. */
  ExclusionRecord find(UUID tenantId, UUID id, boolean lock) {
    return exclusions
        .findInScope(scope.tenants(), tenantId, id, lock)
        .orElseThrow(() -> new HuntboardException.NotFound("Exclusion", id));
  }

  /** The catalog rule of an exclusion, or 409 when the catalog no longer offers it. */
  HuntingRule rule(ExclusionRecord r) {
    return rules
        .find(r.ruleId)
        .orElseThrow(
            () ->
                new HuntboardException.Conflict(
                    "the rule " + r.ruleId + " of exclusion " + r.id + " is no longer offered"));
  }

  /** Records a backtest in the exclusion's history and the audit log. */
  @Transactional(Transactional.TxType.MANDATORY)
  void backtested(ExclusionRecord r, Backtest backtest) {
    if (backtest.filterVersion == r.filterVersion) {
      r.backtestRowsBefore = backtest.rowsBefore;
      r.backtestRowsHidden = backtest.rowsHidden;
    }
    event(r, ExclusionEvent.Kind.BACKTESTED, backtest.requestedBy, null);
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("backtestId", backtest.id.toString());
    after.put("filterVersion", backtest.filterVersion);
    after.put("days", backtest.days);
    after.put("rowsBefore", backtest.rowsBefore);
    after.put("rowsHidden", backtest.rowsHidden);
    audit.append(
        backtest.requestedBy,
        "exclusion.backtested",
        "exclusion",
        r.id.toString(),
        r.tenantId,
        null,
        after);
  }

  /** The requirement of a role for an action, as a 403 in words. */
  void requireAnyRole(String action, Role... roles) {
    for (Role role : roles) {
      if (scope.hasRole(role)) {
        return;
      }
    }
    StringBuilder names = new StringBuilder();
    for (Role role : roles) {
      names.append(names.length() == 0 ? "" : " or ").append(role.claimValue());
    }
    throw new HuntboardException.Forbidden(
        "Only callers with the role " + names + " may " + action);
  }

  void requireTenant(UUID tenantId) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
  }

  ExclusionRepository.Thresholds thresholds() {
    return new ExclusionRepository.Thresholds(
        now().minus(config.deadAfter()), config.overBroadShare());
  }

  BacktestView backtestView(Backtest b, int currentFilterVersion) {
    return new BacktestView(
        b.id,
        b.exclusionId,
        b.requestedBy,
        b.createdAt,
        b.days,
        b.windowStart,
        b.windowEnd,
        b.filterVersion,
        b.filterVersion == currentFilterVersion,
        b.connector,
        b.queryHash,
        b.rowsBefore,
        b.rowsAfter,
        b.rowsHidden,
        b.partial,
        tree(b.detectionsClosed),
        tree(b.sampleRows),
        b.sampleComplete);
  }

  Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
  }

  private ExclusionDefinition template(HuntingRule rule, String templateId) {
    return rules
        .exclusionTemplates(rule.id().toString())
        .flatMap(f -> f.exclusion(templateId))
        .orElseThrow(
            () ->
                new HuntboardException.InvalidRequest(
                    "templateId: the rule "
                        + rule.id()
                        + " has no exclusion template "
                        + templateId
                        + "; GET /api/v1/rules/"
                        + rule.id()
                        + "/exclusion-templates lists them"));
  }

  /**
   * An equality filter on the detection's grouping values, column by column, each value a quoted,
   * escaped literal of the filter language; a missing value is the empty string, as Kusto reads a
   * null string.
   */
  private String filterOf(Detection detection) {
    Map<String, Object> grouping;
    try {
      grouping = new TreeMap<>(json.readValue(detection.grouping, Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored grouping is not a JSON object", e);
    }
    if (grouping.isEmpty()) {
      throw new HuntboardException.InvalidRequest(
          "detectionId: detection " + detection.id + " has no grouping values to filter on");
    }
    List<String> parts = new ArrayList<>();
    grouping.forEach(
        (column, value) ->
            parts.add(
                column + " == " + FilterPrinter.quote(value == null ? "" : value.toString())));
    return String.join(" and ", parts);
  }

  /**
   * The core value of {@code r} after checking its filter: it parses (400 with the place of the
   * error), compiles into the rule's query in every dialect the tenant's connectors use (400 with
   * the unknown fields), and the guards' broadness is noted.
   */
  private Exclusion checked(ExclusionRecord r, HuntingRule rule) {
    Condition conditions = guards.parse(r.filterText);
    Exclusion e =
        core(
            () ->
                Exclusion.propose(
                    r.id.toString(),
                    conditions,
                    ExclusionScope.tenant(r.tenantId.toString(), List.of(r.ruleId)),
                    r.justification,
                    r.ticket,
                    r.proposer,
                    r.createdAt,
                    r.expiresAt));
    guards.requireCompiles(rule, e, r.filterText, dialects(r.tenantId));
    r.broadByGuards = ExclusionGuards.broad(guards.lint(rule, e, r.filterText, null));
    return e;
  }

  private List<Dialect> dialects(UUID tenantId) {
    List<ConnectorKind> kinds =
        entities
            .createQuery(
                "select distinct c.kind from TenantConnector c where c.tenant.id = ?1",
                ConnectorKind.class)
            .setParameter(1, tenantId)
            .getResultList();
    List<Dialect> out = new ArrayList<>();
    for (ConnectorKind kind : kinds) {
      Dialect d = ConnectorHuntExecutor.dialect(kind);
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    return out.isEmpty() ? List.of(Dialect.DEFENDER) : out;
  }

  private Instant expiry(Instant requested, Instant now) {
    if (requested == null) {
      return now.plus(config.defaultLifetime());
    }
    if (!requested.isAfter(now)) {
      throw new HuntboardException.InvalidRequest(
          "expiresAt: " + requested + " has passed; give an instant after " + now);
    }
    if (requested.isAfter(now.plus(config.maxLifetime()))) {
      throw new HuntboardException.InvalidRequest(
          "expiresAt: an exclusion may live at most "
              + config.maxLifetime().toDays()
              + " days, until "
              + now.plus(config.maxLifetime()));
    }
    return requested.truncatedTo(ChronoUnit.MICROS);
  }

  /** Runs a transition of the core value, mapping its refusals to answers. */
  private static Exclusion transition(java.util.function.Supplier<Exclusion> step) {
    try {
      return step.get();
    } catch (SelfApprovalException e) {
      throw new HuntboardException.Forbidden(e.getMessage());
    } catch (ExclusionTransitionException e) {
      throw new HuntboardException.Conflict(e.getMessage());
    }
  }

  /** Builds a core value, mapping what it refuses to a 400. */
  private static Exclusion core(java.util.function.Supplier<Exclusion> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new HuntboardException.InvalidRequest(e.getMessage());
    }
  }

  private void event(ExclusionRecord r, ExclusionEvent.Kind kind, String actor, String body) {
    ExclusionEvent e = new ExclusionEvent();
    e.id = UUID.randomUUID();
    e.exclusionId = r.id;
    e.tenantId = r.tenantId;
    e.kind = kind;
    e.actor = actor;
    e.body = body;
    e.filterVersion = r.filterVersion;
    e.occurredAt = now();
    exclusions.addEvent(e);
  }

  private static Map<String, Object> snapshot(ExclusionRecord r) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("state", r.state);
    s.put("ruleId", r.ruleId);
    s.put("filter", r.filterText);
    s.put("filterVersion", r.filterVersion);
    s.put("justification", r.justification);
    s.put("ticket", r.ticket);
    s.put("proposer", r.proposer);
    s.put("approver", r.approver);
    s.put("expiresAt", r.expiresAt.toString());
    s.put("closedBy", r.closedBy);
    s.put("closeReason", r.closeReason);
    s.put("renews", r.renews == null ? null : r.renews.toString());
    return s;
  }

  private static Map<String, Object> withComment(Map<String, Object> state, String comment) {
    if (trimmed(comment) != null) {
      state.put("comment", comment.strip());
    }
    return state;
  }

  private ExclusionView view(
      ExclusionRecord r, ExclusionRepository.Thresholds thresholds, boolean full) {
    Backtest latest = exclusions.latestBacktest(r.id).orElse(null);
    List<String> reasons = new ArrayList<>();
    boolean dead = thresholds.dead(r);
    if (dead) {
      reasons.add(
          "no hit in the runs of the last "
              + config.deadAfter().toDays()
              + " days that applied it");
    }
    boolean overBroad = thresholds.overBroad(r);
    if (r.broadByGuards) {
      reasons.add("the guards find an alternative of the filter that tests one field only");
    }
    if (r.rowsSeen > 0 && r.hitCount > thresholds.overBroadShare() * r.rowsSeen) {
      reasons.add(
          "it hid " + r.hitCount + " of the " + r.rowsSeen + " rows of the runs that applied it");
    }
    if (r.backtestRowsBefore != null
        && r.backtestRowsBefore > 0
        && r.backtestRowsHidden > thresholds.overBroadShare() * r.backtestRowsBefore) {
      reasons.add(
          "its backtest hid "
              + r.backtestRowsHidden
              + " of the rule's "
              + r.backtestRowsBefore
              + " rows");
    }
    List<org.huntboard.web.api.Problem.Finding> findings = null;
    List<ExclusionView.HistoryEntry> history = null;
    if (full) {
      Backtest current = latest != null && latest.filterVersion == r.filterVersion ? latest : null;
      findings =
          rules
              .find(r.ruleId)
              .map(
                  rule ->
                      ExclusionGuards.findings(
                          guards.lint(rule, ExclusionRecords.toCore(r), r.filterText, current)))
              .orElse(List.of());
      history =
          exclusions.eventsOf(r.id).stream()
              .map(
                  e ->
                      new ExclusionView.HistoryEntry(
                          e.kind.name(), e.actor, e.body, e.filterVersion, e.occurredAt))
              .toList();
    }
    return new ExclusionView(
        r.id,
        r.tenantId,
        r.ruleId,
        r.filterText,
        r.filterVersion,
        r.justification,
        r.ticket,
        r.proposer,
        r.approver,
        r.state,
        r.createdAt,
        r.approvedAt,
        r.expiresAt,
        r.closedAt,
        r.closedBy,
        r.closeReason,
        r.renews,
        r.sourceTemplateId,
        r.sourceDetectionId,
        new ExclusionView.Hits(r.hitCount, r.rowsSeen, r.runsApplied, r.lastHitAt, r.lastAppliedAt),
        new ExclusionView.Flags(dead, overBroad, reasons),
        latest == null ? null : backtestView(latest, r.filterVersion),
        findings,
        history);
  }

  private JsonNode tree(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is invalid", e);
    }
  }

  private static String required(String value, String name) {
    String t = trimmed(value);
    if (t == null) {
      throw new HuntboardException.InvalidRequest(name + ": must not be empty");
    }
    return t;
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
