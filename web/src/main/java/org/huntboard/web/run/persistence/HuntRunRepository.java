package org.huntboard.web.run.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.tenancy.TenantSet;

/**
 * The run ledger. Planning and claiming are single SQL statements so that several nodes can plan
 * and claim the same assignment's windows at once without doubling any.
 */
@ApplicationScoped
public class HuntRunRepository implements PanacheRepositoryBase<HuntRun, UUID> {

  /** Filters of the run list; empty fields do not filter. */
  public record Filter(
      Optional<UUID> assignmentId,
      Optional<RunState> state,
      Optional<RunOutcome> outcome,
      Optional<Instant> from,
      Optional<Instant> to) {}

  /** A window that this node now owns until its lease ends. */
  public record Claim(UUID runId, int attempt, String node) {}

  private final EntityManager entityManager;

  HuntRunRepository(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** The end of the newest window planned for the assignment, if any. */
  public Optional<Instant> lastPlannedEnd(UUID assignmentId) {
    return Optional.ofNullable(
        entityManager
            .createQuery(
                "select max(r.windowEnd) from HuntRun r where r.assignmentId = :a", Instant.class)
            .setParameter("a", assignmentId)
            .getSingleResult());
  }

  /**
   * Plans a window unless it is already planned; returns whether this call planned it. The unique
   * key on (assignment, window start) makes a second plan of the same window, here or on another
   * node, a no-op.
   */
  public boolean planIfAbsent(HuntRun run) {
    int inserted =
        entityManager
            .createNativeQuery(
                "insert into hunt_run (id, tenant_id, assignment_id, rule_id, connector,"
                    + " window_start, window_end, query_start, trigger, state, attempts, planned_at)"
                    + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'PLANNED', 0, ?10)"
                    + " on conflict (assignment_id, window_start) do nothing")
            .setParameter(1, run.id)
            .setParameter(2, run.tenantId)
            .setParameter(3, run.assignmentId)
            .setParameter(4, run.ruleId)
            .setParameter(5, run.connector.name())
            .setParameter(6, utc(run.windowStart))
            .setParameter(7, utc(run.windowEnd))
            .setParameter(8, utc(run.queryStart))
            .setParameter(9, run.trigger.name())
            .setParameter(10, utc(run.plannedAt))
            .executeUpdate();
    return inserted == 1;
  }

  /**
   * Claims the assignment's oldest window that is planned, retryable after a failure (whether a
   * failure leaves attempts is decided when it is recorded), or whose previous claim's lease ran
   * out (its node died), skipping windows another node holds locked and the ones in {@code skip}.
   */
  public Optional<Claim> claimOldest(
      UUID assignmentId, String node, Instant now, Instant leaseUntil, Collection<UUID> skip) {
    Set<UUID> excluded = skip.isEmpty() ? Set.of(new UUID(0, 0)) : Set.copyOf(skip);
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "update hunt_run set state = 'RUNNING', attempts = attempts + 1, claimed_by = ?1,"
                    + " lease_until = ?2, started_at = ?3, finished_at = null"
                    + " where id = (select id from hunt_run"
                    + "   where assignment_id = ?4 and id not in (?5)"
                    + "   and (state = 'PLANNED'"
                    + "     or (state = 'RUNNING' and lease_until < ?3)"
                    + "     or (state = 'FAILED' and retryable))"
                    + "   order by window_start limit 1 for update skip locked)"
                    + " returning id, attempts")
            .setParameter(1, node)
            .setParameter(2, utc(leaseUntil))
            .setParameter(3, utc(now))
            .setParameter(4, assignmentId)
            .setParameter(5, excluded)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    return Optional.of(new Claim((UUID) row[0], ((Number) row[1]).intValue(), node));
  }

  /**
   * The claimed run, locked, if this node still holds the claim; empty when its lease ran out and
   * another node took the window over, in which case this node's result must be dropped.
   */
  public Optional<HuntRun> lockClaimed(Claim claim) {
    HuntRun run =
        entityManager.find(
            HuntRun.class, claim.runId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (run == null
        || run.state != RunState.RUNNING
        || run.attempts != claim.attempt()
        || !claim.node().equals(run.claimedBy)) {
      return Optional.empty();
    }
    return Optional.of(run);
  }

  /** Records the rows each exclusion suppressed in a run. */
  public void recordSuppressions(UUID runId, Map<String, Long> suppressions) {
    entityManager
        .createNativeQuery("delete from hunt_run_suppression where run_id = ?1")
        .setParameter(1, runId)
        .executeUpdate();
    suppressions.forEach(
        (exclusion, count) ->
            entityManager
                .createNativeQuery(
                    "insert into hunt_run_suppression (run_id, exclusion_id, rows) values (?1, ?2,"
                        + " ?3)")
                .setParameter(1, runId)
                .setParameter(2, exclusion)
                .setParameter(3, count)
                .executeUpdate());
  }

  /** The rows each exclusion suppressed in a run, by exclusion id. */
  public Map<String, Long> suppressions(UUID runId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "select exclusion_id, rows from hunt_run_suppression where run_id = ?1"
                    + " order by exclusion_id")
            .setParameter(1, runId)
            .getResultList();
    Map<String, Long> out = new LinkedHashMap<>();
    rows.forEach(r -> out.put((String) r[0], ((Number) r[1]).longValue()));
    return out;
  }

  /** The run, if it belongs to the given tenant and the tenant is in scope. */
  public Optional<HuntRun> findInScope(TenantSet scope, UUID tenantId, UUID id) {
    if (!scope.contains(tenantId)) {
      return Optional.empty();
    }
    return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
  }

  /** The tenant's runs with these ids, oldest window first. */
  public List<HuntRun> listByIds(TenantSet scope, UUID tenantId, Collection<UUID> ids) {
    if (!scope.contains(tenantId) || ids.isEmpty()) {
      return List.of();
    }
    return find(
            "tenantId = ?1 and id in ?2",
            Sort.ascending("windowStart").and("id"),
            tenantId,
            Set.copyOf(ids))
        .list();
  }

  /** How many of a tenant's runs of a trigger are in each state. */
  public Map<RunState, Long> countByState(TenantSet scope, UUID tenantId, RunTrigger trigger) {
    Map<RunState, Long> counts = new java.util.EnumMap<>(RunState.class);
    for (RunState state : RunState.values()) {
      counts.put(state, 0L);
    }
    if (!scope.contains(tenantId)) {
      return counts;
    }
    entityManager
        .createQuery(
            "select r.state, count(r) from HuntRun r where r.tenantId = :t and r.trigger = :g"
                + " group by r.state",
            Object[].class)
        .setParameter("t", tenantId)
        .setParameter("g", trigger)
        .getResultList()
        .forEach(row -> counts.put((RunState) row[0], ((Number) row[1]).longValue()));
    return counts;
  }

  /** A tenant's runs matching the filter, newest window first. */
  public PanacheQuery<HuntRun> listForTenant(TenantSet scope, UUID tenantId, Filter filter) {
    List<String> where = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    where.add("tenantId = :tenant");
    parameters.put("tenant", scope.contains(tenantId) ? tenantId : new UUID(0, 0));
    filter.assignmentId().ifPresent(a -> add(where, parameters, "assignmentId = :a", "a", a));
    filter.state().ifPresent(s -> add(where, parameters, "state = :state", "state", s));
    filter.outcome().ifPresent(o -> add(where, parameters, "outcome = :outcome", "outcome", o));
    filter.from().ifPresent(f -> add(where, parameters, "windowEnd > :from", "from", f));
    filter.to().ifPresent(t -> add(where, parameters, "windowStart < :to", "to", t));
    return find(
        String.join(" and ", where),
        Sort.descending("windowStart").and("assignmentId"),
        parameters);
  }

  private static void add(
      List<String> where,
      Map<String, Object> parameters,
      String clause,
      String name,
      Object value) {
    where.add(clause);
    parameters.put(name, value);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
