package org.huntboard.web.assignment.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.assignment.service.AssignmentDraft;
import org.huntboard.web.assignment.service.AssignmentService;
import org.huntboard.web.assignment.service.AssignmentView;
import org.huntboard.web.tenancy.Role;

/** A tenant's assignments: rules scheduled on its connectors. */
@Path("/api/v1/tenants/{tenantId}/assignments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AssignmentResource {

  private final AssignmentService assignments;

  AssignmentResource(AssignmentService assignments) {
    this.assignments = assignments;
  }

  /** Lists the tenant's assignments by rule. */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Page<AssignmentView> list(
      @PathParam("tenantId") String tenantId, @BeanParam PageRequest page) {
    return assignments.list(Params.pathId("Tenant", tenantId), page);
  }

  /** Schedules a rule for the tenant. */
  @POST
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public Response create(
      @PathParam("tenantId") String tenantId,
      @Valid @NotNull AssignmentDraft draft,
      @Context UriInfo uri) {
    AssignmentView created = assignments.create(Params.pathId("Tenant", tenantId), draft);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .entity(created)
        .build();
  }

  /** One assignment. */
  @GET
  @Path("/{assignmentId}")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public AssignmentView get(
      @PathParam("tenantId") String tenantId, @PathParam("assignmentId") String assignmentId) {
    return assignments.get(
        Params.pathId("Tenant", tenantId), Params.pathId("Assignment", assignmentId));
  }

  /** Stops the assignment from firing. */
  @POST
  @Path("/{assignmentId}/pause")
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public AssignmentView pause(
      @PathParam("tenantId") String tenantId, @PathParam("assignmentId") String assignmentId) {
    return assignments.pause(
        Params.pathId("Tenant", tenantId), Params.pathId("Assignment", assignmentId));
  }

  /** Lets the assignment fire again; windows missed while paused are backfilled. */
  @POST
  @Path("/{assignmentId}/resume")
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public AssignmentView resume(
      @PathParam("tenantId") String tenantId, @PathParam("assignmentId") String assignmentId) {
    return assignments.resume(
        Params.pathId("Tenant", tenantId), Params.pathId("Assignment", assignmentId));
  }

  /** Fires the assignment now; its due windows run on whichever node picks the firing up. */
  @POST
  @Path("/{assignmentId}/run-now")
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public Response runNow(
      @PathParam("tenantId") String tenantId, @PathParam("assignmentId") String assignmentId) {
    return Response.accepted(
            assignments.runNow(
                Params.pathId("Tenant", tenantId), Params.pathId("Assignment", assignmentId)))
        .build();
  }
}
