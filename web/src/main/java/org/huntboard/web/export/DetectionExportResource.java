package org.huntboard.web.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.huntboard.web.api.Params;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.tenancy.Role;

/**
 * Streams a tenant's detections as CSV or JSON lines, with the filters of the detection list and no
 * pagination; every export is an audit event ({@code access.exported}).
 *
 * <p>Each export class has the export's full path of its own: the router picks a resource class by
 * its path before looking at methods, so a shorter class path would lose to the list's.
 */
@Path("/api/v1/tenants/{tenantId}/detections/export")
@Produces({"text/csv", "application/x-ndjson", "application/problem+json"})
@RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
public class DetectionExportResource {

  private final ExportService exports;

  DetectionExportResource(ExportService exports) {
    this.exports = exports;
  }

  /** A tenant's detections by state, rule, device and time, most recently seen first. */
  @GET
  public Response detections(
      @PathParam("tenantId") String tenantId,
      @QueryParam("format") String format,
      @QueryParam("state") String state,
      @QueryParam("ruleId") String ruleId,
      @QueryParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    DetectionRepository.Filter filter =
        new DetectionRepository.Filter(
            Params.constant("state", TriageState.class, state),
            ExportService.text(ruleId),
            ExportService.text(device),
            Params.instant("from", from),
            Params.instant("to", to));
    ExportService.checkPeriod(filter.from(), filter.to());
    return exports.detections(
        Params.pathId("Tenant", tenantId), filter, ExportFormat.parse(format));
  }
}
