package org.huntboard.web.assignment.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.assignment.persistence.Assignment;
import org.huntboard.web.assignment.persistence.AssignmentRepository;
import org.huntboard.web.assignment.persistence.AssignmentState;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.config.HuntboardConfig;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.persistence.Tenant;
import org.huntboard.web.tenant.persistence.TenantRepository;

/**
 * Creates, pauses, resumes and fires assignments. Changes to the assignment and to its Quartz
 * trigger share one transaction (the job store is container-managed), so they commit together.
 */
@ApplicationScoped
public class AssignmentService {

  /** Sentinel's bounds for a scheduled query's frequency and lookback. */
  static final Duration SHORTEST = Duration.ofMinutes(5);

  static final Duration LONGEST = Duration.ofDays(14);

  private final AssignmentRepository assignments;
  private final TenantRepository tenants;
  private final AssignmentScheduler scheduler;
  private final AuditLog audit;
  private final TenantScope scope;
  private final HuntboardConfig config;
  private final Clock clock;
  private final RuleCatalog rules;

  AssignmentService(
      AssignmentRepository assignments,
      TenantRepository tenants,
      AssignmentScheduler scheduler,
      AuditLog audit,
      TenantScope scope,
      HuntboardConfig config,
      Clock clock,
      RuleCatalog rules) {
    this.assignments = assignments;
    this.tenants = tenants;
    this.scheduler = scheduler;
    this.audit = audit;
    this.scope = scope;
    this.config = config;
    this.clock = clock;
    this.rules = rules;
  }

  /** A tenant's assignments. */
  @Transactional
  public Page<AssignmentView> list(UUID tenantId, PageRequest page) {
    tenant(tenantId);
    PanacheQuery<Assignment> query =
        assignments.listForTenant(scope.tenants(), tenantId).page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count()).map(this::view);
  }

  /** One assignment of a tenant. */
  @Transactional
  public AssignmentView get(UUID tenantId, UUID id) {
    return view(find(tenantId, id));
  }

  /** Schedules a rule for a tenant on one of its connectors. */
  @Transactional
  public AssignmentView create(UUID tenantId, AssignmentDraft draft) {
    Tenant tenant = tenant(tenantId);
    if (tenant.connectors.stream().noneMatch(c -> c.kind == draft.connector())) {
      throw new HuntboardException.InvalidRequest(
          "the tenant has no " + draft.connector() + " connector");
    }
    Duration frequency =
        bounded(
            "frequency",
            given(draft.frequency())
                .orElseGet(() -> RuleCatalog.defaultFrequency(catalogRule(draft)).toString()));
    Duration lookback =
        bounded(
            "lookback",
            given(draft.lookback())
                .orElseGet(
                    () ->
                        RuleCatalog.defaultLookback(catalogRule(draft))
                            .orElseThrow(
                                () ->
                                    new HuntboardException.InvalidRequest(
                                        "lookback is required: the rule "
                                            + draft.ruleId()
                                            + " names no period"))
                            .toString()));
    if (lookback.compareTo(frequency) < 0) {
      throw new HuntboardException.InvalidRequest(
          "lookback must be at least the frequency, or windows would go unqueried");
    }
    if (assignments.exists(tenantId, draft.ruleId(), draft.connector())) {
      throw new HuntboardException.Conflict(
          "The tenant already runs " + draft.ruleId() + " on " + draft.connector());
    }
    Instant now = Instant.now(clock);
    Assignment assignment = new Assignment();
    assignment.id = UUID.randomUUID();
    assignment.tenantId = tenantId;
    assignment.ruleId = draft.ruleId();
    assignment.connector = draft.connector();
    assignment.frequencySeconds = frequency.toSeconds();
    assignment.lookbackSeconds = lookback.toSeconds();
    assignment.jitterSeconds =
        Jitter.seconds(assignment.id, frequency, config.scheduling().maxJitter());
    assignment.state = AssignmentState.ACTIVE;
    assignment.firstWindowEnd = firstWindowEnd(now, frequency, draft.backfill());
    assignment.createdAt = now;
    assignment.updatedAt = now;
    assignments.persist(assignment);
    assignments.flush();
    scheduler.schedule(assignment);
    AssignmentView after = view(assignment);
    audit.append(
        scope.actor(),
        "assignment.created",
        "assignment",
        assignment.id.toString(),
        tenantId,
        null,
        after);
    return after;
  }

  /** Stops an assignment from firing. */
  @Transactional
  public AssignmentView pause(UUID tenantId, UUID id) {
    return changeState(tenantId, id, AssignmentState.PAUSED);
  }

  /** Lets a paused assignment fire again; the windows missed meanwhile are backfilled. */
  @Transactional
  public AssignmentView resume(UUID tenantId, UUID id) {
    return changeState(tenantId, id, AssignmentState.ACTIVE);
  }

  /** Fires an active assignment now instead of at its next boundary. */
  @Transactional
  public AssignmentView runNow(UUID tenantId, UUID id) {
    Assignment assignment = find(tenantId, id);
    if (assignment.state != AssignmentState.ACTIVE) {
      throw new HuntboardException.Conflict("The assignment is paused; resume it to run it");
    }
    scheduler.runNow(id);
    AssignmentView view = view(assignment);
    audit.append(
        scope.actor(),
        "assignment.run-requested",
        "assignment",
        id.toString(),
        tenantId,
        null,
        view);
    return view;
  }

  /**
   * Changes how often an assignment runs and how far back each run looks. Windows already planned
   * keep their span; the next window starts where the last planned one ended, so the timeline stays
   * without gap or overlap.
   */
  @Transactional
  public AssignmentView reschedule(UUID tenantId, UUID id, String frequency, String lookback) {
    Assignment assignment =
        assignments
            .lockInScope(scope.tenants(), tenantId, id)
            .orElseThrow(() -> new HuntboardException.NotFound("Assignment", id));
    Duration newFrequency =
        bounded("frequency", given(frequency).orElse(assignment.frequency().toString()));
    Duration newLookback =
        bounded("lookback", given(lookback).orElse(assignment.lookback().toString()));
    if (newLookback.compareTo(newFrequency) < 0) {
      throw new HuntboardException.InvalidRequest(
          "lookback must be at least the frequency, or windows would go unqueried");
    }
    AssignmentView before = view(assignment);
    assignment.frequencySeconds = newFrequency.toSeconds();
    assignment.lookbackSeconds = newLookback.toSeconds();
    assignment.jitterSeconds =
        Jitter.seconds(assignment.id, newFrequency, config.scheduling().maxJitter());
    assignment.updatedAt = Instant.now(clock);
    assignments.flush();
    scheduler.schedule(assignment);
    if (assignment.state == AssignmentState.PAUSED) {
      scheduler.pause(id);
    }
    AssignmentView after = view(assignment);
    audit.append(
        scope.actor(),
        "assignment.rescheduled",
        "assignment",
        id.toString(),
        tenantId,
        before,
        after);
    return after;
  }

  private AssignmentView changeState(UUID tenantId, UUID id, AssignmentState target) {
    Assignment assignment =
        assignments
            .lockInScope(scope.tenants(), tenantId, id)
            .orElseThrow(() -> new HuntboardException.NotFound("Assignment", id));
    if (assignment.state == target) {
      throw new HuntboardException.Conflict(
          "The assignment is already " + target.name().toLowerCase());
    }
    AssignmentView before = view(assignment);
    assignment.state = target;
    assignment.updatedAt = Instant.now(clock);
    assignments.flush();
    if (target == AssignmentState.PAUSED) {
      scheduler.pause(id);
    } else {
      scheduler.resume(id);
    }
    AssignmentView after = view(assignment);
    audit.append(
        scope.actor(),
        target == AssignmentState.PAUSED ? "assignment.paused" : "assignment.resumed",
        "assignment",
        id.toString(),
        tenantId,
        before,
        after);
    return after;
  }

  private Assignment find(UUID tenantId, UUID id) {
    return assignments
        .findInScope(scope.tenants(), tenantId, id)
        .orElseThrow(() -> new HuntboardException.NotFound("Assignment", id));
  }

  private Tenant tenant(UUID tenantId) {
    return tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
  }

  private static Optional<String> given(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** The catalog rule an assignment without a schedule takes its schedule from. */
  private HuntingRule catalogRule(AssignmentDraft draft) {
    return rules
        .find(draft.ruleId())
        .orElseThrow(
            () ->
                new HuntboardException.InvalidRequest(
                    "frequency and lookback are required: the rule "
                        + draft.ruleId()
                        + " is not in the rule catalog"));
  }

  /**
   * The next boundary, or with a backfill the end of the oldest complete window that ends within
   * the backfill before now, so those windows are due at the first firing.
   */
  private static Instant firstWindowEnd(Instant now, Duration frequency, String backfill) {
    Instant next = WindowPlan.nextBoundary(now, frequency);
    Optional<Duration> span = Params.duration("backfill", given(backfill).orElse(null));
    if (span.isEmpty() || span.get().isZero()) {
      return next;
    }
    if (span.get().isNegative() || span.get().compareTo(LONGEST) > 0) {
      throw new HuntboardException.InvalidRequest(
          "backfill must be between PT0S and P14D, not " + backfill);
    }
    long windows = -Math.floorDiv(-span.get().toSeconds(), frequency.toSeconds());
    // next - frequency is the end of the newest complete window.
    return next.minus(frequency.multipliedBy(windows));
  }

  private static Duration bounded(String field, String value) {
    Duration duration = Params.duration(field, value).orElseThrow();
    if (duration.compareTo(SHORTEST) < 0 || duration.compareTo(LONGEST) > 0) {
      throw new HuntboardException.InvalidRequest(
          field + " must be between PT5M and P14D (Sentinel's bounds), not " + value);
    }
    if (duration.toSecondsPart() != 0 || duration.toNanosPart() != 0) {
      throw new HuntboardException.InvalidRequest(field + " must be whole minutes, not " + value);
    }
    return duration;
  }

  private AssignmentView view(Assignment assignment) {
    return new AssignmentView(
        assignment.id,
        assignment.tenantId,
        assignment.ruleId,
        assignment.connector,
        assignment.frequency().toString(),
        assignment.lookback().toString(),
        assignment.jitterSeconds,
        assignment.state,
        assignment.firstWindowEnd,
        assignment.state == AssignmentState.ACTIVE ? scheduler.nextFire(assignment.id) : null,
        assignment.createdAt,
        assignment.updatedAt);
  }
}
