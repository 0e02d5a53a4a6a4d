package org.huntboard.web.detection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.tenancy.TenantSet;

/** Detections, their runs and comments, read through the caller's tenant set. */
@ApplicationScoped
public class DetectionRepository implements PanacheRepositoryBase<Detection, UUID> {

  /** Filters of the detection list; empty fields do not filter. */
  public record Filter(
      Optional<TriageState> state,
      Optional<String> ruleId,
      Optional<String> device,
      Optional<Instant> from,
      Optional<Instant> to) {}

  /** One comment on a detection. */
  public record Comment(UUID id, String author, String body, Instant createdAt) {}

  private final EntityManager entityManager;

  DetectionRepository(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * The detection with this key, created empty first if absent; locked, so concurrent runs that see
   * the same detection merge into it one after the other.
   */
  public Detection lockOrCreate(Detection candidate) {
    entityManager
        .createNativeQuery(
            "insert into detection (id, tenant_id, rule_id, detection_key, grouping, first_seen,"
                + " last_seen, event_count, report_ids, report_ids_complete, sightings, state,"
                + " reopened_count, created_at, updated_at, version)"
                + " values (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6, ?7, 0, '[]', true, 0, 'NEW', 0,"
                + " ?8, ?8, 0) on conflict (tenant_id, rule_id, detection_key) do nothing")
        .setParameter(1, candidate.id)
        .setParameter(2, candidate.tenantId)
        .setParameter(3, candidate.ruleId)
        .setParameter(4, candidate.detectionKey)
        .setParameter(5, candidate.grouping)
        .setParameter(6, candidate.firstSeen.atOffset(java.time.ZoneOffset.UTC))
        .setParameter(7, candidate.lastSeen.atOffset(java.time.ZoneOffset.UTC))
        .setParameter(8, candidate.createdAt.atOffset(java.time.ZoneOffset.UTC))
        .executeUpdate();
    return find(
            "tenantId = ?1 and ruleId = ?2 and detectionKey = ?3",
            candidate.tenantId,
            candidate.ruleId,
            candidate.detectionKey)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .singleResult();
  }

  /** Links a detection to a run that saw it; returns false if it was linked already. */
  public boolean linkRun(UUID detectionId, UUID runId) {
    return entityManager
            .createNativeQuery(
                "insert into detection_run (detection_id, run_id) values (?1, ?2)"
                    + " on conflict do nothing")
            .setParameter(1, detectionId)
            .setParameter(2, runId)
            .executeUpdate()
        == 1;
  }

  /** The runs that saw a detection, oldest window first. */
  public List<UUID> runsOf(UUID detectionId) {
    @SuppressWarnings("unchecked")
    List<UUID> ids =
        entityManager
            .createNativeQuery(
                "select r.id from detection_run d join hunt_run r on r.id = d.run_id"
                    + " where d.detection_id = ?1 order by r.window_start")
            .setParameter(1, detectionId)
            .getResultList();
    return ids;
  }

  /** Adds a comment. */
  public void addComment(UUID detectionId, UUID tenantId, String author, String body, Instant at) {
    entityManager
        .createNativeQuery(
            "insert into detection_comment (id, detection_id, tenant_id, author, body, created_at)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6)")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, detectionId)
        .setParameter(3, tenantId)
        .setParameter(4, author)
        .setParameter(5, body)
        .setParameter(6, at.atOffset(java.time.ZoneOffset.UTC))
        .executeUpdate();
  }

  /** A detection's comments, oldest first. */
  public List<Comment> commentsOf(UUID detectionId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "select id, author, body, created_at from detection_comment"
                    + " where detection_id = ?1 order by created_at, id")
            .setParameter(1, detectionId)
            .getResultList();
    List<Comment> comments = new ArrayList<>();
    for (Object[] row : rows) {
      Object at = row[3];
      Instant instant =
          at instanceof java.time.OffsetDateTime o
              ? o.toInstant()
              : at instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) at;
      comments.add(new Comment((UUID) row[0], (String) row[1], (String) row[2], instant));
    }
    return comments;
  }

  /** The detection, if it belongs to the given tenant and the tenant is in scope. */
  public Optional<Detection> findInScope(TenantSet scope, UUID tenantId, UUID id, boolean lock) {
    if (!scope.contains(tenantId)) {
      return Optional.empty();
    }
    var query = find("id = ?1 and tenantId = ?2", id, tenantId);
    return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResultOptional();
  }

  /** The fields a detection list may be sorted by, each with its entity attribute. */
  public enum SortField {
    LAST_SEEN("lastSeen"),
    FIRST_SEEN("firstSeen"),
    EVENT_COUNT("eventCount"),
    SIGHTINGS("sightings");

    private final String attribute;

    SortField(String attribute) {
      this.attribute = attribute;
    }
  }

  /** How many detections of a tenant rule and day (UTC) were first seen. */
  public record DailyCount(java.time.LocalDate day, String ruleId, long count) {}

  /** A tenant's detections matching the filter, most recently seen first. */
  public PanacheQuery<Detection> listForTenant(TenantSet scope, UUID tenantId, Filter filter) {
    return listForTenant(scope, tenantId, filter, SortField.LAST_SEEN, true);
  }

  /** A tenant's detections matching the filter in the given order, ties broken by id. */
  public PanacheQuery<Detection> listForTenant(
      TenantSet scope, UUID tenantId, Filter filter, SortField sort, boolean descending) {
    List<String> where = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    where.add("tenantId = :tenant");
    parameters.put("tenant", scope.contains(tenantId) ? tenantId : new UUID(0, 0));
    filter.state().ifPresent(s -> add(where, parameters, "state = :state", "state", s));
    filter.ruleId().ifPresent(r -> add(where, parameters, "ruleId = :rule", "rule", r));
    filter
        .device()
        .ifPresent(
            d ->
                add(
                    where,
                    parameters,
                    "(cast(function('jsonb_extract_path_text', grouping, 'DeviceName') as string)"
                        + " = :device or cast(function('jsonb_extract_path_text', grouping,"
                        + " 'DeviceId') as string) = :device)",
                    "device",
                    d));
    filter.from().ifPresent(f -> add(where, parameters, "lastSeen >= :from", "from", f));
    filter.to().ifPresent(t -> add(where, parameters, "firstSeen < :to", "to", t));
    Sort order =
        descending
            ? Sort.descending(sort.attribute).and("id")
            : Sort.ascending(sort.attribute).and("id");
    return find(String.join(" and ", where), order, parameters);
  }

  /** How many of a tenant's detections are in each triage state. */
  public Map<TriageState, Long> countByState(TenantSet scope, UUID tenantId) {
    Map<TriageState, Long> counts = new java.util.EnumMap<>(TriageState.class);
    for (TriageState state : TriageState.values()) {
      counts.put(state, 0L);
    }
    if (!scope.contains(tenantId)) {
      return counts;
    }
    entityManager
        .createQuery(
            "select d.state, count(d) from Detection d where d.tenantId = :t group by d.state",
            Object[].class)
        .setParameter("t", tenantId)
        .getResultList()
        .forEach(row -> counts.put((TriageState) row[0], ((Number) row[1]).longValue()));
    return counts;
  }

  /** A tenant's detections first seen in {@code [from, to)}, counted by UTC day and rule. */
  public List<DailyCount> firstSeenByDay(TenantSet scope, UUID tenantId, Instant from, Instant to) {
    if (!scope.contains(tenantId)) {
      return List.of();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "select cast(first_seen at time zone 'UTC' as date), rule_id, count(*)"
                    + " from detection where tenant_id = ?1 and first_seen >= ?2 and first_seen < ?3"
                    + " group by 1, 2 order by 1, 2")
            .setParameter(1, tenantId)
            .setParameter(2, from.atOffset(java.time.ZoneOffset.UTC))
            .setParameter(3, to.atOffset(java.time.ZoneOffset.UTC))
            .getResultList();
    List<DailyCount> counts = new ArrayList<>();
    for (Object[] row : rows) {
      java.time.LocalDate day =
          row[0] instanceof java.sql.Date date ? date.toLocalDate() : (java.time.LocalDate) row[0];
      counts.add(new DailyCount(day, (String) row[1], ((Number) row[2]).longValue()));
    }
    return counts;
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
}
