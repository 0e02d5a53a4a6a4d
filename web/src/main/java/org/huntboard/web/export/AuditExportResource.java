package org.huntboard.web.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.huntboard.web.api.Params;
import org.huntboard.web.tenancy.Role;

/**
 * Streams the audit events of the caller's tenants as CSV or JSON lines, with the filters of the
 * audit list; every export is an audit event ({@code access.exported}).
 *
 * <p>Each export class has the export's full path of its own: the router picks a resource class by
 * its path before looking at methods, so a shorter class path would lose to the list's.
 */
@Path("/api/v1/audit-events/export")
@Produces({"text/csv", "application/x-ndjson", "application/problem+json"})
@RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
public class AuditExportResource {

  private final ExportService exports;

  AuditExportResource(ExportService exports) {
    this.exports = exports;
  }

  /**
   * The audit events of every tenant the caller sees (and, for a platform administrator, the
   * platform's own), by actor, object, tenant and time, newest first.
   */
  @GET
  public Response auditEvents(
      @QueryParam("format") String format,
      @QueryParam("actor") String actor,
      @QueryParam("objectType") String objectType,
      @QueryParam("objectId") String objectId,
      @QueryParam("tenantId") String tenantId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return exports.auditEvents(
        ExportService.auditFilter(
            actor, objectType, objectId, Params.uuid("tenantId", tenantId), from, to),
        ExportFormat.parse(format),
        false);
  }
}
