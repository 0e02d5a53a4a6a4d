package org.huntboard.web.export;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Params;
import org.huntboard.web.audit.persistence.AuditEventRepository;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.security.AccessAudit;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenancy.TenantSet;
import org.huntboard.web.tenant.persistence.TenantRepository;

/**
 * Checks who may export what, records the export in the audit log ({@code access.exported} through
 * {@link AccessAudit}, with format, period and filters), and hands the query to {@link
 * ExportStreamer}.
 *
 * <p>The caller's tenant set is taken when the request arrives and handed to the query, which runs
 * later, while the answer is written.
 */
@ApplicationScoped
public class ExportService {

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final ExportStreamer streamer;
  private final ExportShapes shapes;
  private final DetectionRepository detections;
  private final HuntRunRepository runs;
  private final AuditEventRepository events;
  private final TenantRepository tenants;
  private final AccessAudit access;
  private final TenantScope scope;
  private final Clock clock;

  ExportService(
      ExportStreamer streamer,
      ExportShapes shapes,
      DetectionRepository detections,
      HuntRunRepository runs,
      AuditEventRepository events,
      TenantRepository tenants,
      AccessAudit access,
      TenantScope scope,
      Clock clock) {
    this.streamer = streamer;
    this.shapes = shapes;
    this.detections = detections;
    this.runs = runs;
    this.events = events;
    this.tenants = tenants;
    this.access = access;
    this.scope = scope;
    this.clock = clock;
  }

  /** A text filter: blank is no filter, and a value is bounded. */
  static Optional<String> text(String value) {
    if (value != null && value.length() > 1000) {
      throw new HuntboardException.InvalidRequest("a filter value is at most 1000 characters");
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The audit filter from the query parameters, period checked. */
  static AuditEventRepository.Filter auditFilter(
      String actor,
      String objectType,
      String objectId,
      Optional<UUID> tenantId,
      String from,
      String to) {
    AuditEventRepository.Filter filter =
        new AuditEventRepository.Filter(
            text(actor),
            text(objectType),
            text(objectId),
            tenantId,
            Params.instant("from", from),
            Params.instant("to", to));
    checkPeriod(filter.from(), filter.to());
    return filter;
  }

  /** Rejects a period whose start is not before its end. */
  static void checkPeriod(Optional<Instant> from, Optional<Instant> to) {
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new HuntboardException.InvalidRequest(
          "from (" + from.get() + ") must be before to (" + to.get() + ")");
    }
  }

  /** A tenant's detections matching the filter. */
  public Response detections(
      UUID tenantId, DetectionRepository.Filter filter, ExportFormat format) {
    TenantSet visible = requireTenant(tenantId);
    Map<String, Object> what = new LinkedHashMap<>();
    what.put("state", filter.state().orElse(null));
    what.put("ruleId", filter.ruleId().orElse(null));
    what.put("device", filter.device().orElse(null));
    ExportStreamer.Slot slot = streamer.reserve();
    record("detections", tenantId, format, what, filter.from(), filter.to());
    return answer(
        "detections-" + tenantId,
        format,
        streamer.stream(
            slot,
            () -> detections.listForTenant(visible, tenantId, filter),
            format,
            shapes.detections()));
  }

  /** A tenant's runs matching the filter. */
  public Response runs(UUID tenantId, HuntRunRepository.Filter filter, ExportFormat format) {
    TenantSet visible = requireTenant(tenantId);
    Map<String, Object> what = new LinkedHashMap<>();
    what.put("assignmentId", filter.assignmentId().orElse(null));
    what.put("state", filter.state().orElse(null));
    what.put("outcome", filter.outcome().orElse(null));
    ExportStreamer.Slot slot = streamer.reserve();
    record("runs", tenantId, format, what, filter.from(), filter.to());
    return answer(
        "runs-" + tenantId,
        format,
        streamer.stream(
            slot, () -> runs.listForTenant(visible, tenantId, filter), format, shapes.runs()));
  }

  /**
   * The audit events the caller sees that match the filter; {@code tenantPath} when the tenant was
   * named in the path, where an unknown or hidden tenant is 404 (as a filter it matches nothing, as
   * in the list).
   */
  public Response auditEvents(
      AuditEventRepository.Filter filter, ExportFormat format, boolean tenantPath) {
    requireExporter();
    Optional<UUID> tenantId = filter.tenantId();
    if (tenantPath && tenantId.isPresent()) {
      requireTenant(tenantId.get());
    }
    TenantSet visible = scope.tenants();
    Map<String, Object> what = new LinkedHashMap<>();
    what.put("actor", filter.actor().orElse(null));
    what.put("objectType", filter.objectType().orElse(null));
    what.put("objectId", filter.objectId().orElse(null));
    ExportStreamer.Slot slot = streamer.reserve();
    record("audit-events", tenantId.orElse(null), format, what, filter.from(), filter.to());
    return answer(
        tenantId.map(t -> "audit-events-" + t).orElse("audit-events"),
        format,
        streamer.stream(slot, () -> events.find(visible, filter), format, shapes.auditEvents()));
  }

  private TenantSet requireTenant(UUID tenantId) {
    requireExporter();
    TenantSet visible = scope.tenants();
    boolean exists =
        QuarkusTransaction.joiningExisting()
            .call(() -> tenants.findInScope(visible, tenantId).isPresent());
    if (!exists) {
      throw new HuntboardException.NotFound("Tenant", tenantId);
    }
    return visible;
  }

  private void requireExporter() {
    if (!scope.isIdentified() || scope.roles().isEmpty()) {
      throw new HuntboardException.Forbidden(
          "Exports are for analysts, rule owners, auditors and administrators");
    }
  }

  private void record(
      String kind,
      UUID tenantId,
      ExportFormat format,
      Map<String, Object> filters,
      Optional<Instant> from,
      Optional<Instant> to) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("format", format.extension());
    after.put("from", from.map(Instant::toString).orElse(null));
    after.put("to", to.map(Instant::toString).orElse(null));
    filters.forEach((name, value) -> after.put(name, value == null ? null : value.toString()));
    access.exported(tenantId, kind, after);
  }

  private Response answer(String name, ExportFormat format, StreamingOutput body) {
    String file =
        "huntboard-"
            + name
            + "-"
            + FILE_STAMP.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS))
            + "."
            + format.extension();
    return Response.ok(body, format.mediaType())
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }
}
