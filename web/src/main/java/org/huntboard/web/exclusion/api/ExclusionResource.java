package org.huntboard.web.exclusion.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;
import org.huntboard.web.exclusion.service.BacktestService;
import org.huntboard.web.exclusion.service.BacktestView;
import org.huntboard.web.exclusion.service.ExclusionService;
import org.huntboard.web.exclusion.service.ExclusionView;
import org.huntboard.web.exclusion.service.ProposalDraft;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * A tenant's exclusions and their workflow: propose, backtest, approve or reject, revoke, renew,
 * comment. Another tenant's exclusion answers 404, like one that does not exist.
 */
@Path("/api/v1/tenants/{tenantId}/exclusions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExclusionResource {

  /** A decision's comment; optional for an approval. */
  public record ApprovalRequest(@Size(max = 10000) String comment) {}

  /** Why a proposal is rejected or an exclusion revoked. */
  public record ReasonRequest(@NotNull @Size(min = 1, max = 4000) String reason) {}

  /** A new filter for a proposal. */
  public record AmendRequest(@NotNull @Size(min = 1, max = 10000) String filter) {}

  /** A renewal: its expiry (default lifetime when left out) and justification (the old one). */
  public record RenewRequest(Instant expiresAt, @Size(max = 4000) String justification) {}

  /** A backtest: how many days back (default 7) and on which connector (the assignment's). */
  public record BacktestRequest(@Min(1) @Max(366) Integer days, ConnectorKind connector) {}

  /** A new comment. */
  public record CommentRequest(@NotNull @Size(min = 1, max = 10000) String body) {}

  private final ExclusionService exclusions;
  private final BacktestService backtests;

  ExclusionResource(ExclusionService exclusions, BacktestService backtests) {
    this.exclusions = exclusions;
    this.backtests = backtests;
  }

  /**
   * Lists exclusions, newest first, by state, rule, flag ({@code dead} or {@code over-broad}) and
   * expiry before an instant.
   */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Page<ExclusionView> list(
      @PathParam("tenantId") String tenantId,
      @QueryParam("state") String state,
      @QueryParam("ruleId") String ruleId,
      @QueryParam("flag") String flag,
      @QueryParam("expiringBefore") String expiringBefore,
      @BeanParam PageRequest page) {
    ExclusionRepository.Filter filter =
        new ExclusionRepository.Filter(
            Params.constant("state", ExclusionState.class, state),
            Optional.ofNullable(ruleId).map(String::trim).filter(r -> !r.isEmpty()),
            flag(flag),
            Params.instant("expiringBefore", expiringBefore));
    return exclusions.list(Params.pathId("Tenant", tenantId), filter, page);
  }

  /** Proposes an exclusion from a filter, a rule's template or a detection. */
  @POST
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public Response propose(
      @PathParam("tenantId") String tenantId, @Valid @NotNull ProposalDraft draft) {
    ExclusionView created = exclusions.propose(Params.pathId("Tenant", tenantId), draft);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  /** One exclusion with its flags, guards' findings, latest backtest and history. */
  @GET
  @Path("/{exclusionId}")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public ExclusionView get(
      @PathParam("tenantId") String tenantId, @PathParam("exclusionId") String exclusionId) {
    return exclusions.get(
        Params.pathId("Tenant", tenantId), Params.pathId("Exclusion", exclusionId));
  }

  /** Replaces a proposal's filter; its earlier backtests no longer count for approval. */
  @PUT
  @Path("/{exclusionId}/filter")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public ExclusionView amend(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid @NotNull AmendRequest request) {
    return exclusions.amend(
        Params.pathId("Tenant", tenantId),
        Params.pathId("Exclusion", exclusionId),
        request.filter());
  }

  /** Backtests the current filter: the rule over the last N days, with and without it. */
  @POST
  @Path("/{exclusionId}/backtest")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public Response backtest(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid BacktestRequest request) {
    BacktestView view =
        backtests.backtest(
            Params.pathId("Tenant", tenantId),
            Params.pathId("Exclusion", exclusionId),
            request == null ? null : request.days(),
            request == null ? null : request.connector());
    return Response.status(Response.Status.CREATED).entity(view).build();
  }

  /** The newest backtest. */
  @GET
  @Path("/{exclusionId}/backtest")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public BacktestView latestBacktest(
      @PathParam("tenantId") String tenantId, @PathParam("exclusionId") String exclusionId) {
    return backtests.latest(
        Params.pathId("Tenant", tenantId), Params.pathId("Exclusion", exclusionId));
  }

  /** Approves a proposal (a rule owner other than its proposer, after a backtest). */
  @POST
  @Path("/{exclusionId}/approval")
  @RolesAllowed(Role.Names.RULE_OWNER)
  public ExclusionView approve(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid ApprovalRequest request) {
    return exclusions.approve(
        Params.pathId("Tenant", tenantId),
        Params.pathId("Exclusion", exclusionId),
        request == null ? null : request.comment());
  }

  /** Rejects a proposal, saying why. */
  @POST
  @Path("/{exclusionId}/rejection")
  @RolesAllowed(Role.Names.RULE_OWNER)
  public ExclusionView reject(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid @NotNull ReasonRequest request) {
    return exclusions.reject(
        Params.pathId("Tenant", tenantId),
        Params.pathId("Exclusion", exclusionId),
        request.reason());
  }

  /** Revokes an approved exclusion, saying why. */
  @POST
  @Path("/{exclusionId}/revocation")
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public ExclusionView revoke(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid @NotNull ReasonRequest request) {
    return exclusions.revoke(
        Params.pathId("Tenant", tenantId),
        Params.pathId("Exclusion", exclusionId),
        request.reason());
  }

  /** Proposes a renewal of an approved or expired exclusion. */
  @POST
  @Path("/{exclusionId}/renewal")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public Response renew(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid RenewRequest request) {
    ExclusionView renewal =
        exclusions.renew(
            Params.pathId("Tenant", tenantId),
            Params.pathId("Exclusion", exclusionId),
            request == null ? null : request.expiresAt(),
            request == null ? null : request.justification());
    return Response.status(Response.Status.CREATED).entity(renewal).build();
  }

  /** Comments on an exclusion. */
  @POST
  @Path("/{exclusionId}/comments")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER})
  public ExclusionView comment(
      @PathParam("tenantId") String tenantId,
      @PathParam("exclusionId") String exclusionId,
      @Valid @NotNull CommentRequest request) {
    return exclusions.comment(
        Params.pathId("Tenant", tenantId), Params.pathId("Exclusion", exclusionId), request.body());
  }

  private static Optional<ExclusionRepository.Flag> flag(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "dead" -> Optional.of(ExclusionRepository.Flag.DEAD);
      case "over-broad", "over_broad", "overbroad" ->
          Optional.of(ExclusionRepository.Flag.OVER_BROAD);
      default ->
          throw new HuntboardException.InvalidRequest(
              "flag must be dead or over-broad, not '" + value + "'");
    };
  }
}
