package org.huntboard.web.exclusion.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.web.tenancy.TenantSet;

/** Exclusions, their history and backtests, always within one tenant the caller sees. */
@ApplicationScoped
public class ExclusionRepository implements PanacheRepositoryBase<ExclusionRecord, UUID> {

  /** The flags an exclusion can be listed by. */
  public enum Flag {
    /** Active, but no hit in the runs of the dead-after period. */
    DEAD,
    /** Hides more than the configured share of the rule's rows, or the guards find it broad. */
    OVER_BROAD
  }

  /**
   * Filters of the exclusion list; empty fields do not filter.
   *
   * @param state the lifecycle state
   * @param ruleId the rule
   * @param flag dead or over-broad, judged with {@code thresholds}
   * @param expiringBefore only exclusions that expire before this instant
   */
  public record Filter(
      Optional<ExclusionState> state,
      Optional<String> ruleId,
      Optional<Flag> flag,
      Optional<Instant> expiringBefore) {}

  /**
   * What makes an exclusion dead or over-broad.
   *
   * @param deadSince an active exclusion approved before this instant, applied by runs since, and
   *     without a hit since, is dead
   * @param overBroadShare the share of the rule's rows above which an exclusion is over-broad
   */
  public record Thresholds(Instant deadSince, double overBroadShare) {

    /** Whether {@code e} is dead; the same test as the list filter's. */
    public boolean dead(ExclusionRecord e) {
      return e.state == ExclusionState.APPROVED
          && !e.approvedAt.isAfter(deadSince)
          && e.lastAppliedAt != null
          && !e.lastAppliedAt.isBefore(deadSince)
          && (e.lastHitAt == null || e.lastHitAt.isBefore(deadSince));
    }

    /** Whether {@code e} is over-broad; the same test as the list filter's. */
    public boolean overBroad(ExclusionRecord e) {
      return e.broadByGuards
          || (e.rowsSeen > 0 && e.hitCount > overBroadShare * e.rowsSeen)
          || (e.backtestRowsBefore != null
              && e.backtestRowsBefore > 0
              && e.backtestRowsHidden > overBroadShare * e.backtestRowsBefore);
    }
  }

  private static final String DEAD =
      "(state = :approved and approvedAt <= :deadSince and lastAppliedAt >= :deadSince"
          + " and (lastHitAt is null or lastHitAt < :deadSince))";
  // The share in millionths, so the comparison stays in whole numbers.
  private static final String OVER_BROAD =
      "(broadByGuards = true or (rowsSeen > 0 and hitCount * 1000000 > :ppm * rowsSeen)"
          + " or (backtestRowsBefore > 0"
          + " and backtestRowsHidden * 1000000 > :ppm * backtestRowsBefore))";

  private final EntityManager entityManager;

  ExclusionRepository(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** The exclusion, if it belongs to the given tenant and the tenant is in scope. */
  public Optional<ExclusionRecord> findInScope(
      TenantSet scope, UUID tenantId, UUID id, boolean lock) {
    if (!scope.contains(tenantId)) {
      return Optional.empty();
    }
    var query = find("id = ?1 and tenantId = ?2", id, tenantId);
    return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResultOptional();
  }

  /** A tenant's exclusions matching the filter, newest first. */
  public PanacheQuery<ExclusionRecord> listForTenant(
      TenantSet scope, UUID tenantId, Filter filter, Thresholds thresholds) {
    List<String> where = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    where.add("tenantId = :tenant");
    parameters.put("tenant", scope.contains(tenantId) ? tenantId : new UUID(0, 0));
    filter.state().ifPresent(s -> add(where, parameters, "state = :state", "state", s));
    filter.ruleId().ifPresent(r -> add(where, parameters, "ruleId = :rule", "rule", r));
    filter
        .expiringBefore()
        .ifPresent(b -> add(where, parameters, "expiresAt < :before", "before", b));
    filter
        .flag()
        .ifPresent(
            f -> {
              if (f == Flag.DEAD) {
                where.add(DEAD);
                parameters.put("approved", ExclusionState.APPROVED);
                parameters.put("deadSince", thresholds.deadSince());
              } else {
                where.add(OVER_BROAD);
                parameters.put("ppm", Math.round(thresholds.overBroadShare() * 1_000_000));
              }
            });
    return find(String.join(" and ", where), Sort.descending("createdAt").and("id"), parameters);
  }

  /**
   * The exclusions that apply to a run of {@code ruleId} for {@code tenantId} at {@code at}:
   * approved and not yet expired, oldest approval first (so the tag order, and with it the
   * exclusion-set version, is stable).
   */
  public List<ExclusionRecord> active(UUID tenantId, String ruleId, Instant at) {
    return find(
            "tenantId = ?1 and ruleId = ?2 and state = ?3 and expiresAt > ?4",
            Sort.ascending("approvedAt").and("id"),
            tenantId,
            ruleId,
            ExclusionState.APPROVED,
            at)
        .list();
  }

  /**
   * Locks up to {@code limit} approved exclusions whose expiry has passed, skipping rows another
   * node holds: two nodes expiring at once each take different rows.
   */
  public List<ExclusionRecord> lockDueForExpiry(Instant now, int limit) {
    @SuppressWarnings("unchecked")
    List<UUID> ids =
        entityManager
            .createNativeQuery(
                "select id from exclusion where state = 'APPROVED' and expires_at <= ?1"
                    + " order by expires_at limit ?2 for update skip locked")
            .setParameter(1, utc(now))
            .setParameter(2, limit)
            .getResultList();
    List<ExclusionRecord> out = new ArrayList<>();
    for (UUID id : ids) {
      out.add(findById(id));
    }
    return out;
  }

  /**
   * Adds one run's suppressions to the exclusions it applied: each id gets its rows as hits, the
   * run's rows before exclusions as rows seen, and the run's end as when it was last applied (and
   * last hit, when it hid a row). Ids that are not exclusions of the tenant are ignored.
   */
  public void addHits(UUID tenantId, Map<UUID, Long> suppressions, long rowsBefore, Instant at) {
    suppressions.forEach(
        (id, rows) ->
            entityManager
                .createNativeQuery(
                    "update exclusion set hit_count = hit_count + ?1, rows_seen = rows_seen + ?2,"
                        + " runs_applied = runs_applied + 1,"
                        + " last_applied_at = greatest(last_applied_at, ?3),"
                        + " last_hit_at = case when ?1 > 0 then greatest(last_hit_at, ?3)"
                        + " else last_hit_at end"
                        + " where id = ?4 and tenant_id = ?5")
                .setParameter(1, rows)
                .setParameter(2, rowsBefore)
                .setParameter(3, utc(at))
                .setParameter(4, id)
                .setParameter(5, tenantId)
                .executeUpdate());
  }

  /** Whether a proposal renewing {@code id} is open. */
  public boolean hasOpenRenewal(UUID id) {
    return count("renews = ?1 and state = ?2", id, ExclusionState.PROPOSED) > 0;
  }

  /** Appends to an exclusion's history. */
  public void addEvent(ExclusionEvent event) {
    entityManager.persist(event);
  }

  /** An exclusion's history, oldest first. */
  public List<ExclusionEvent> eventsOf(UUID exclusionId) {
    return entityManager
        .createQuery(
            "from ExclusionEvent e where e.exclusionId = :id order by e.seq", ExclusionEvent.class)
        .setParameter("id", exclusionId)
        .getResultList();
  }

  /** Stores a backtest. */
  public void addBacktest(Backtest backtest) {
    entityManager.persist(backtest);
  }

  /** The newest backtest of the exclusion, of any filter version. */
  public Optional<Backtest> latestBacktest(UUID exclusionId) {
    return entityManager
        .createQuery(
            "from Backtest b where b.exclusionId = :id order by b.seq desc", Backtest.class)
        .setParameter("id", exclusionId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
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
