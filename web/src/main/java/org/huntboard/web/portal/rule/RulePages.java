package org.huntboard.web.portal.rule;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.assignment.service.AssignmentDraft;
import org.huntboard.web.assignment.service.AssignmentService;
import org.huntboard.web.assignment.service.AssignmentView;
import org.huntboard.web.portal.KqlHighlighter;
import org.huntboard.web.portal.Permissions;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.portal.run.RunRow;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.rule.service.RuleVersions;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.service.RunQueryService;
import org.huntboard.web.run.service.RunView;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.huntboard.web.tenant.service.TenantService;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The rule catalog as a tenant sees it, and each rule's page: its KQL, its version history, its
 * assignments in the tenant (create, reschedule, pause, resume, run now) and its exclusion
 * templates.
 */
@Path("/t/{tenantId}")
@Produces(MediaType.TEXT_HTML)
public class RulePages {

  /** How many versions the rule page lists, newest first; the page says how many more exist. */
  static final int VERSIONS_SHOWN = 20;

  /**
   * A rule of the catalog with its assignments in the tenant.
   *
   * @param assigned how the rule runs in the tenant, in words, or null if it does not
   */
  public record CatalogEntry(HuntingRule rule, String assigned) {}

  /** An assignment with its latest run, for the rule page. */
  public record AssignmentEntry(AssignmentView assignment, RunRow latest) {
    public boolean active() {
      return assignment.state().name().equals("ACTIVE");
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance catalog(PortalContext ctx, List<CatalogEntry> rules);

    static native TemplateInstance rule(
        PortalContext ctx,
        HuntingRule rule,
        List<KqlHighlighter.Span> kql,
        List<AssignmentEntry> assignments,
        List<ConnectorKind> connectors,
        List<org.huntboard.web.rule.service.ExclusionTemplateView> templates,
        RuleVersions.History versions,
        String defaultFrequency,
        String defaultLookback,
        String notice,
        String problem,
        UUID watch,
        long since);

    static native TemplateInstance progress(
        PortalContext ctx, AssignmentView assignment, RunRow latest, boolean done);
  }

  private final PortalContexts contexts;
  private final RuleCatalog rules;
  private final RuleVersions versions;
  private final AssignmentService assignments;
  private final RunQueryService runs;
  private final TenantService tenants;
  private final java.time.Clock clock;

  RulePages(
      PortalContexts contexts,
      RuleCatalog rules,
      RuleVersions versions,
      AssignmentService assignments,
      RunQueryService runs,
      TenantService tenants,
      java.time.Clock clock) {
    this.clock = clock;
    this.contexts = contexts;
    this.rules = rules;
    this.versions = versions;
    this.assignments = assignments;
    this.runs = runs;
    this.tenants = tenants;
  }

  @GET
  @Path("/rules")
  public TemplateInstance catalog(@PathParam("tenantId") String tenantIdText) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "rules");
    List<AssignmentView> all = assignmentsOf(tenantId);
    List<CatalogEntry> entries =
        rules.all().stream()
            .sorted(Comparator.comparing(HuntingRule::name))
            .map(r -> new CatalogEntry(r, assigned(r, all)))
            .toList();
    return Templates.catalog(ctx, entries);
  }

  @GET
  @Path("/rules/{ruleId}")
  public TemplateInstance rule(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("ruleId") String ruleId,
      @QueryParam("done") String done,
      @QueryParam("watch") String watch,
      @QueryParam("since") Long since) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    return page(
        tenantId,
        ruleId,
        notice(done),
        null,
        Params.uuid("watch", watch).orElse(null),
        since == null ? 0 : since);
  }

  @POST
  @Path("/rules/{ruleId}/assignments")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("ruleId") String ruleId,
      @RestForm String connector,
      @RestForm String frequency,
      @RestForm String lookback) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    HuntingRule rule = find(ruleId);
    Permissions.requireAssignments(contexts.permissions());
    try {
      ConnectorKind kind =
          Params.constant("connector", ConnectorKind.class, connector)
              .orElseThrow(() -> new HuntboardException.InvalidRequest("choose a connector"));
      assignments.create(
          tenantId, new AssignmentDraft(rule.id().toString(), kind, frequency, lookback, null));
    } catch (HuntboardException.InvalidRequest | HuntboardException.Conflict e) {
      return refused(tenantId, ruleId, e);
    }
    return seeOther(tenantId, rule, "created");
  }

  @POST
  @Path("/rules/{ruleId}/assignments/{assignmentId}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response change(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("ruleId") String ruleId,
      @PathParam("assignmentId") String assignmentIdText,
      @RestForm String action,
      @RestForm String frequency,
      @RestForm String lookback) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID assignmentId = Params.pathId("Assignment", assignmentIdText);
    HuntingRule rule = find(ruleId);
    Permissions.requireAssignments(contexts.permissions());
    String done;
    try {
      switch (action == null ? "" : action) {
        case "reschedule" -> {
          assignments.reschedule(tenantId, assignmentId, frequency, lookback);
          done = "rescheduled";
        }
        case "pause" -> {
          assignments.pause(tenantId, assignmentId);
          done = "paused";
        }
        case "resume" -> {
          assignments.resume(tenantId, assignmentId);
          done = "resumed";
        }
        case "run-now" -> {
          assignments.runNow(tenantId, assignmentId);
          return seeOther(
              tenantId, rule, "requested&watch=" + assignmentId + "&since=" + clock.millis());
        }
        default ->
            throw new HuntboardException.InvalidRequest(
                "the action must be reschedule, pause, resume or run-now");
      }
    } catch (HuntboardException.InvalidRequest | HuntboardException.Conflict e) {
      return refused(tenantId, ruleId, e);
    }
    return seeOther(tenantId, rule, done);
  }

  /** The latest run of an assignment, polled by the rule page after "run now". */
  @GET
  @Path("/assignments/{assignmentId}/progress")
  public Response progress(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("assignmentId") String assignmentIdText,
      @QueryParam("since") Long since) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID assignmentId = Params.pathId("Assignment", assignmentIdText);
    PortalContext ctx = contexts.tenant(tenantId, "rules");
    AssignmentView assignment = assignments.get(tenantId, assignmentId);
    RunRow latest = latest(tenantId, assignmentId);
    // Only a run that finished after the request answers it; an older one is not its progress.
    java.time.Instant asked = java.time.Instant.ofEpochMilli(since == null ? 0 : since);
    boolean done =
        latest != null
            && latest.run().finishedAt() != null
            && !latest.run().finishedAt().isBefore(asked)
            && latest.run().state().name().matches("SUCCEEDED|FAILED");
    // 286 tells htmx to stop polling; without htmx the page is a plain status fragment.
    return Response.status(done ? 286 : 200)
        .entity(Templates.progress(ctx, assignment, latest, done))
        .build();
  }

  private TemplateInstance page(
      UUID tenantId, String ruleId, String notice, String problem, UUID watch, long since) {
    PortalContext ctx = contexts.tenant(tenantId, "rules");
    HuntingRule rule = find(ruleId);
    List<AssignmentEntry> entries =
        assignmentsOf(tenantId).stream()
            .filter(a -> a.ruleId().equals(rule.id().toString()))
            .map(a -> new AssignmentEntry(a, latest(tenantId, a.id())))
            .toList();
    List<ConnectorKind> connectors =
        tenants.get(tenantId).connectors().stream().map(c -> c.kind()).toList();
    return Templates.rule(
        ctx,
        rule,
        KqlHighlighter.spans(rule.query().text()),
        entries,
        connectors,
        templates(rule),
        versions.history(rule.id().toString(), VERSIONS_SHOWN),
        RuleCatalog.defaultFrequency(rule).toString(),
        RuleCatalog.defaultLookback(rule).map(Object::toString).orElse(""),
        notice,
        problem,
        watch,
        since);
  }

  private Response refused(UUID tenantId, String ruleId, HuntboardException e) {
    return Response.status(e instanceof HuntboardException.Conflict ? 409 : 400)
        .entity(page(tenantId, ruleId, null, e.getMessage(), null, 0))
        .build();
  }

  private RunRow latest(UUID tenantId, UUID assignmentId) {
    HuntRunRepository.Filter filter =
        new HuntRunRepository.Filter(
            Optional.of(assignmentId),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    List<RunView> found = runs.list(tenantId, filter, new PageRequest(0, 1)).items();
    return found.isEmpty() ? null : RunRow.of(found.get(0), java.util.Map.of());
  }

  private List<org.huntboard.web.rule.service.ExclusionTemplateView> templates(HuntingRule rule) {
    return rules
        .exclusionTemplates(rule.id().toString())
        .map(
            f ->
                f.exclusions().stream()
                    .map(org.huntboard.web.rule.service.ExclusionTemplateView::of)
                    .toList())
        .orElse(List.of());
  }

  private List<AssignmentView> assignmentsOf(UUID tenantId) {
    return assignments.list(tenantId, new PageRequest(0, PageRequest.MAX_SIZE)).items();
  }

  private HuntingRule find(String ruleId) {
    return rules.find(ruleId).orElseThrow(() -> new HuntboardException.NotFound("Rule", ruleId));
  }

  private static String assigned(HuntingRule rule, List<AssignmentView> all) {
    List<String> parts =
        all.stream()
            .filter(a -> a.ruleId().equals(rule.id().toString()))
            .map(
                a ->
                    a.connector().name().toLowerCase(java.util.Locale.ROOT)
                        + (a.state().name().equals("PAUSED") ? " (paused)" : ""))
            .toList();
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static Response seeOther(UUID tenantId, HuntingRule rule, String done) {
    String location = "/t/" + tenantId + "/rules/" + rule.id() + "?done=" + done;
    return Response.seeOther(URI.create(location)).build();
  }

  private static String notice(String done) {
    if (done == null) {
      return null;
    }
    return switch (done) {
      case "created" -> "The rule is assigned; its first window runs at the next boundary.";
      case "rescheduled" -> "The assignment's schedule was changed.";
      case "paused" -> "The assignment is paused; missed windows are backfilled when it resumes.";
      case "resumed" -> "The assignment runs again; the windows it missed are backfilled.";
      case "requested" -> "A run was requested; its progress shows below.";
      default -> null;
    };
  }
}
