package org.huntboard.web.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.api.Params;
import org.huntboard.web.tenancy.Role;

/**
 * Streams one tenant's audit events as CSV or JSON lines, with the filters of the audit list; every
 * export is an audit event ({@code access.exported}).
 *
 * <p>Each export class has the export's full path of its own: the router picks a resource class by
 * its path before looking at methods, so a shorter class path would lose to the list's.
 */
@Path("/api/v1/tenants/{tenantId}/audit-events/export")
@Produces({"text/csv", "application/x-ndjson", "application/problem+json"})
@RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
public class TenantAuditExportResource {

  private final ExportService exports;

  TenantAuditExportResource(ExportService exports) {
    this.exports = exports;
  }

  /** One tenant's audit events by actor, object and time, newest first. */
  @GET
  public Response auditEvents(
      @PathParam("tenantId") String tenantId,
      @QueryParam("format") String format,
      @QueryParam("actor") String actor,
      @QueryParam("objectType") String objectType,
      @QueryParam("objectId") String objectId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    UUID tenant = Params.pathId("Tenant", tenantId);
    return exports.auditEvents(
        ExportService.auditFilter(actor, objectType, objectId, Optional.of(tenant), from, to),
        ExportFormat.parse(format),
        true);
  }
}
