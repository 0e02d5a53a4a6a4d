package org.huntboard.web.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.detection.persistence.Detection;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.persistence.TenantRepository;

/** Lists and triages the detections of the caller's tenants; every change is audited. */
@ApplicationScoped
public class DetectionService {

  private final DetectionRepository detections;
  private final TenantRepository tenants;
  private final AuditLog audit;
  private final TenantScope scope;
  private final ObjectMapper json;
  private final Clock clock;

  DetectionService(
      DetectionRepository detections,
      TenantRepository tenants,
      AuditLog audit,
      TenantScope scope,
      ObjectMapper json,
      Clock clock) {
    this.detections = detections;
    this.tenants = tenants;
    this.audit = audit;
    this.scope = scope;
    this.json = json;
    this.clock = clock;
  }

  /** A tenant's detections, most recently seen first. */
  @Transactional
  public Page<DetectionView> list(
      UUID tenantId, DetectionRepository.Filter filter, PageRequest page) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
    PanacheQuery<Detection> query =
        detections.listForTenant(scope.tenants(), tenantId, filter).page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count())
        .map(d -> view(d, null, null));
  }

  /** A tenant's detections in the given order. */
  @Transactional
  public Page<DetectionView> list(
      UUID tenantId,
      DetectionRepository.Filter filter,
      PageRequest page,
      DetectionRepository.SortField sort,
      boolean descending) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
    PanacheQuery<Detection> query =
        detections
            .listForTenant(scope.tenants(), tenantId, filter, sort, descending)
            .page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count())
        .map(d -> view(d, null, null));
  }

  /** How many of a tenant's detections are in each triage state. */
  @Transactional
  public Map<TriageState, Long> countByState(UUID tenantId) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
    return detections.countByState(scope.tenants(), tenantId);
  }

  /** A tenant's detections first seen in {@code [from, to)}, by UTC day and rule. */
  @Transactional
  public List<DetectionRepository.DailyCount> firstSeenByDay(
      UUID tenantId, Instant from, Instant to) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
    return detections.firstSeenByDay(scope.tenants(), tenantId, from, to);
  }

  /** One detection with its runs and comments. */
  @Transactional
  public DetectionView get(UUID tenantId, UUID id) {
    Detection detection = find(tenantId, id, false);
    return view(detection, detections.runsOf(id), detections.commentsOf(id));
  }

  /** Moves a detection to another triage state, if that move is legal. */
  @Transactional
  public DetectionView triage(UUID tenantId, UUID id, TriageRequest request) {
    Detection detection = find(tenantId, id, true);
    TriageState target = request.state();
    if (!detection.state.next().contains(target)) {
      throw new HuntboardException.Conflict(
          "A detection cannot go from " + detection.state + " to " + target);
    }
    if (target == TriageState.CLOSED && request.resolution() == null) {
      throw new HuntboardException.InvalidRequest(
          "closing needs a resolution: TRUE_POSITIVE, BENIGN or FALSE_POSITIVE");
    }
    if (target != TriageState.CLOSED && request.resolution() != null) {
      throw new HuntboardException.InvalidRequest("only closing takes a resolution");
    }
    Map<String, Object> before = triageState(detection);
    Instant now = Instant.now(clock);
    detection.state = target;
    detection.resolution = request.resolution();
    detection.closedAt = target == TriageState.CLOSED ? now : null;
    if (request.assignee() != null) {
      detection.assignee = request.assignee().isBlank() ? null : request.assignee().trim();
    }
    detection.updatedAt = now;
    detections.flush();
    audit.append(
        scope.actor(),
        "detection.triaged",
        "detection",
        id.toString(),
        tenantId,
        before,
        triageState(detection));
    if (request.comment() != null && !request.comment().isBlank()) {
      comment(detection, request.comment());
    }
    return view(detection, detections.runsOf(id), detections.commentsOf(id));
  }

  /** Adds a comment to a detection. */
  @Transactional
  public DetectionView addComment(UUID tenantId, UUID id, String body) {
    if (body == null || body.isBlank()) {
      throw new HuntboardException.InvalidRequest("a comment needs a body");
    }
    Detection detection = find(tenantId, id, false);
    comment(detection, body);
    return view(detection, detections.runsOf(id), detections.commentsOf(id));
  }

  private void comment(Detection detection, String body) {
    detections.addComment(
        detection.id, detection.tenantId, scope.actor(), body.trim(), Instant.now(clock));
    audit.append(
        scope.actor(),
        "detection.commented",
        "detection",
        detection.id.toString(),
        detection.tenantId,
        null,
        Map.of("comment", body.trim()));
  }

  private Detection find(UUID tenantId, UUID id, boolean lock) {
    return detections
        .findInScope(scope.tenants(), tenantId, id, lock)
        .orElseThrow(() -> new HuntboardException.NotFound("Detection", id));
  }

  private static Map<String, Object> triageState(Detection detection) {
    Map<String, Object> state = new HashMap<>();
    state.put("state", detection.state);
    state.put("resolution", detection.resolution);
    state.put("assignee", detection.assignee);
    return state;
  }

  private DetectionView view(
      Detection d, List<UUID> runIds, List<DetectionRepository.Comment> comments) {
    return new DetectionView(
        d.id,
        d.tenantId,
        d.ruleId,
        tree(d.grouping),
        d.firstSeen,
        d.lastSeen,
        d.eventCount,
        tree(d.reportIds),
        d.reportIdsComplete,
        d.sightings,
        d.state,
        d.resolution,
        d.assignee,
        d.closedAt,
        d.reopenedCount,
        d.lastReopenedAt,
        d.createdAt,
        d.updatedAt,
        runIds,
        comments);
  }

  private JsonNode tree(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is invalid", e);
    }
  }
}
