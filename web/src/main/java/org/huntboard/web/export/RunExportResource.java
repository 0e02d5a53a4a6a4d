package org.huntboard.web.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.huntboard.web.api.Params;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.tenancy.Role;

/**
 * Streams a tenant's run ledger as CSV or JSON lines, with the filters of the run list and no
 * pagination; every export is an audit event ({@code access.exported}).
 *
 * <p>Each export class has the export's full path of its own: the router picks a resource class by
 * its path before looking at methods, so a shorter class path would lose to the list's.
 */
@Path("/api/v1/tenants/{tenantId}/runs/export")
@Produces({"text/csv", "application/x-ndjson", "application/problem+json"})
@RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
public class RunExportResource {

  private final ExportService exports;

  RunExportResource(ExportService exports) {
    this.exports = exports;
  }

  /** A tenant's runs by assignment, state, outcome and window time, newest window first. */
  @GET
  public Response runs(
      @PathParam("tenantId") String tenantId,
      @QueryParam("format") String format,
      @QueryParam("assignmentId") String assignmentId,
      @QueryParam("state") String state,
      @QueryParam("outcome") String outcome,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    HuntRunRepository.Filter filter =
        new HuntRunRepository.Filter(
            Params.uuid("assignmentId", assignmentId),
            Params.constant("state", RunState.class, state),
            Params.constant("outcome", RunOutcome.class, outcome),
            Params.instant("from", from),
            Params.instant("to", to));
    ExportService.checkPeriod(filter.from(), filter.to());
    return exports.runs(Params.pathId("Tenant", tenantId), filter, ExportFormat.parse(format));
  }
}
