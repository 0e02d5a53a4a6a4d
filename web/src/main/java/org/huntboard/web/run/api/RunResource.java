package org.huntboard.web.run.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.service.RunQueryService;
import org.huntboard.web.run.service.RunView;
import org.huntboard.web.tenancy.Role;

/** A tenant's run ledger. */
@Path("/api/v1/tenants/{tenantId}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

  private final RunQueryService runs;

  RunResource(RunQueryService runs) {
    this.runs = runs;
  }

  /** Lists runs, newest window first, by assignment, state, outcome and window time. */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Page<RunView> list(
      @PathParam("tenantId") String tenantId,
      @QueryParam("assignmentId") String assignmentId,
      @QueryParam("state") String state,
      @QueryParam("outcome") String outcome,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @BeanParam PageRequest page) {
    HuntRunRepository.Filter filter =
        new HuntRunRepository.Filter(
            Params.uuid("assignmentId", assignmentId),
            Params.constant("state", RunState.class, state),
            Params.constant("outcome", RunOutcome.class, outcome),
            Params.instant("from", from),
            Params.instant("to", to));
    return runs.list(Params.pathId("Tenant", tenantId), filter, page);
  }

  /** One run with the rows each exclusion suppressed. */
  @GET
  @Path("/{runId}")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public RunView get(@PathParam("tenantId") String tenantId, @PathParam("runId") String runId) {
    return runs.get(Params.pathId("Tenant", tenantId), Params.pathId("Run", runId));
  }
}
