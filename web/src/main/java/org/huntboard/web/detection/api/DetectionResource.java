package org.huntboard.web.detection.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.detection.service.DetectionService;
import org.huntboard.web.detection.service.DetectionView;
import org.huntboard.web.detection.service.TriageRequest;
import org.huntboard.web.tenancy.Role;

/** A tenant's detections and their triage. */
@Path("/api/v1/tenants/{tenantId}/detections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DetectionResource {

  /** A new comment. */
  public record CommentRequest(@NotNull @Size(min = 1, max = 10000) String body) {}

  private final DetectionService detections;

  DetectionResource(DetectionService detections) {
    this.detections = detections;
  }

  /** Lists detections, most recently seen first, by state, rule, device and time. */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Page<DetectionView> list(
      @PathParam("tenantId") String tenantId,
      @QueryParam("state") String state,
      @QueryParam("ruleId") String ruleId,
      @QueryParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @BeanParam PageRequest page) {
    DetectionRepository.Filter filter =
        new DetectionRepository.Filter(
            Params.constant("state", TriageState.class, state),
            Optional.ofNullable(ruleId).filter(r -> !r.isBlank()),
            Optional.ofNullable(device).filter(d -> !d.isBlank()),
            Params.instant("from", from),
            Params.instant("to", to));
    return detections.list(Params.pathId("Tenant", tenantId), filter, page);
  }

  /** One detection with the runs that saw it and its comments. */
  @GET
  @Path("/{detectionId}")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public DetectionView get(
      @PathParam("tenantId") String tenantId, @PathParam("detectionId") String detectionId) {
    return detections.get(
        Params.pathId("Tenant", tenantId), Params.pathId("Detection", detectionId));
  }

  /** Moves the detection to another triage state. */
  @POST
  @Path("/{detectionId}/triage")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public DetectionView triage(
      @PathParam("tenantId") String tenantId,
      @PathParam("detectionId") String detectionId,
      @Valid @NotNull TriageRequest request) {
    return detections.triage(
        Params.pathId("Tenant", tenantId), Params.pathId("Detection", detectionId), request);
  }

  /** Comments on the detection. */
  @POST
  @Path("/{detectionId}/comments")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public DetectionView comment(
      @PathParam("tenantId") String tenantId,
      @PathParam("detectionId") String detectionId,
      @Valid @NotNull CommentRequest request) {
    return detections.addComment(
        Params.pathId("Tenant", tenantId), Params.pathId("Detection", detectionId), request.body());
  }
}
