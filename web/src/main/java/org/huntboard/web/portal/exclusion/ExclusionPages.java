package org.huntboard.web.portal.exclusion;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.detection.service.DetectionService;
import org.huntboard.web.detection.service.DetectionView;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;
import org.huntboard.web.exclusion.service.BacktestService;
import org.huntboard.web.exclusion.service.ExclusionService;
import org.huntboard.web.exclusion.service.ExclusionView;
import org.huntboard.web.exclusion.service.ProposalDraft;
import org.huntboard.web.portal.Paging;
import org.huntboard.web.portal.Permissions;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.portal.detection.DetectionPages;
import org.huntboard.web.portal.detection.DetectionRow;
import org.huntboard.web.rule.service.ExclusionTemplateView;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.tenancy.TenantScope;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A tenant's exclusions: the list with the ones expiring soon, the propose form (from a template, a
 * detection or a filter of one's own, checked as it is typed), and each exclusion's page with its
 * backtest, guard findings, decisions and history.
 */
@Path("/t/{tenantId}/exclusions")
@Produces(MediaType.TEXT_HTML)
public class ExclusionPages {

  static final int PAGE_SIZE = 50;

  /** How far ahead the list warns of expiring exclusions. */
  static final Duration EXPIRING_SOON = Duration.ofDays(14);

  /** An exclusion with its rule's name. */
  public record Entry(ExclusionView exclusion, String ruleName) {}

  /** A sample row of a backtest: its columns as name and text, attacker-controlled text. */
  public record SampleRow(List<DetectionRow.Field> fields) {}

  /** The propose form's values, to fill it again. */
  public record Form(
      String ruleId,
      String source,
      String templateId,
      String detectionId,
      String filter,
      String justification,
      String ticket,
      String expiresAt) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        PortalContext ctx,
        List<Entry> exclusions,
        List<Entry> expiring,
        Paging paging,
        String state,
        List<ExclusionState> states,
        String pagerQuery);

    static native TemplateInstance propose(
        PortalContext ctx,
        HuntingRule rule,
        List<ExclusionTemplateView> templates,
        DetectionRow detection,
        Form form,
        List<FilterCheck.Finding> findings,
        String problem);

    static native TemplateInstance findings(List<FilterCheck.Finding> findings);

    static native TemplateInstance exclusion(
        PortalContext ctx,
        Entry entry,
        List<SampleRow> samples,
        boolean mayDecide,
        boolean mine,
        String notice,
        String problem);
  }

  private final PortalContexts contexts;
  private final ExclusionService exclusions;
  private final BacktestService backtests;
  private final DetectionService detections;
  private final RuleCatalog rules;
  private final TenantScope scope;
  private final Clock clock;

  ExclusionPages(
      PortalContexts contexts,
      ExclusionService exclusions,
      BacktestService backtests,
      DetectionService detections,
      RuleCatalog rules,
      TenantScope scope,
      Clock clock) {
    this.contexts = contexts;
    this.exclusions = exclusions;
    this.backtests = backtests;
    this.detections = detections;
    this.rules = rules;
    this.scope = scope;
    this.clock = clock;
  }

  @GET
  public TemplateInstance list(
      @PathParam("tenantId") String tenantIdText,
      @QueryParam("state") String state,
      @QueryParam("page") Integer page) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "exclusions");
    Optional<ExclusionState> wanted = Params.constant("state", ExclusionState.class, state);
    int number = page == null ? 0 : Math.max(0, page);
    Page<ExclusionView> found =
        exclusions.list(
            tenantId,
            new ExclusionRepository.Filter(
                wanted, Optional.empty(), Optional.empty(), Optional.empty()),
            new PageRequest(number, PAGE_SIZE));
    List<ExclusionView> soon =
        exclusions
            .list(
                tenantId,
                new ExclusionRepository.Filter(
                    Optional.of(ExclusionState.APPROVED),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(Instant.now(clock).plus(EXPIRING_SOON))),
                new PageRequest(0, PAGE_SIZE))
            .items();
    Map<String, String> names = ruleNames();
    return Templates.list(
        ctx,
        found.items().stream().map(e -> entry(e, names)).toList(),
        soon.stream().map(e -> entry(e, names)).toList(),
        Paging.of(found),
        wanted.map(Enum::name).orElse(""),
        List.of(ExclusionState.values()),
        wanted.map(w -> "&state=" + w.name()).orElse(""));
  }

  @GET
  @Path("/new")
  public TemplateInstance proposeForm(
      @PathParam("tenantId") String tenantIdText,
      @QueryParam("rule") String ruleId,
      @QueryParam("detection") String detectionIdText,
      @QueryParam("template") String templateId) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    Optional<UUID> detectionId = Params.uuid("detection", detectionIdText);
    DetectionView detection = detectionId.map(id -> detections.get(tenantId, id)).orElse(null);
    String rule = detection != null ? detection.ruleId() : ruleId;
    if (rule == null || rule.isBlank()) {
      throw new HuntboardException.InvalidRequest(
          "Propose an exclusion from a detection or a rule's page");
    }
    String justification =
        detection == null
            ? ""
            : "Benign activity seen on "
                + DetectionRow.of(detection, Map.of()).deviceLabel()
                + " (detection "
                + detection.id()
                + ")";
    Form form =
        new Form(
            rule,
            templateId != null ? "template" : detection != null ? "detection" : "filter",
            templateId,
            detection == null ? null : detection.id().toString(),
            "",
            justification,
            "",
            "");
    return proposePage(tenantId, form, null);
  }

  /** The findings on a filter being typed, for the propose form's live check. */
  @POST
  @Path("/check")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public TemplateInstance check(
      @PathParam("tenantId") String tenantIdText,
      @RestForm String ruleId,
      @RestForm String filter) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    contexts.tenant(tenantId, "exclusions");
    return Templates.findings(FilterCheck.check(rule(ruleId), filter));
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response propose(
      @PathParam("tenantId") String tenantIdText,
      @RestForm String ruleId,
      @RestForm String source,
      @RestForm String detectionId,
      @RestForm String filter,
      @RestForm String justification,
      @RestForm String ticket,
      @RestForm String expiresAt) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    Permissions.require(contexts.permissions().proposeExclusions(), "propose exclusions");
    String from = source == null ? "filter" : source;
    String templateId = from.startsWith("template:") ? from.substring("template:".length()) : null;
    Form form =
        new Form(
            ruleId,
            templateId == null ? from : "template",
            templateId,
            detectionId,
            filter,
            justification,
            ticket,
            expiresAt);
    ExclusionView proposed;
    try {
      proposed =
          exclusions.propose(
              tenantId,
              new ProposalDraft(
                  ruleId,
                  from.equals("filter") ? blankToNull(filter) : null,
                  templateId,
                  from.equals("detection")
                      ? Params.uuid("detectionId", detectionId).orElse(null)
                      : null,
                  blankToNull(justification),
                  blankToNull(ticket),
                  DetectionPages.dateTime("expiresAt", expiresAt).orElse(null)));
    } catch (HuntboardException.InvalidRequest
        | HuntboardException.Conflict
        | HuntboardException.Unprocessable e) {
      return Response.status(400).entity(proposePage(tenantId, form, e.getMessage())).build();
    }
    return seeOther(tenantId, proposed.id(), "proposed");
  }

  @GET
  @Path("/{exclusionId}")
  public TemplateInstance exclusion(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("exclusionId") String exclusionIdText,
      @QueryParam("done") String done) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID id = Params.pathId("Exclusion", exclusionIdText);
    return page(tenantId, id, notice(done), null);
  }

  @POST
  @Path("/{exclusionId}/{action}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response act(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("exclusionId") String exclusionIdText,
      @PathParam("action") String action,
      @RestForm String comment,
      @RestForm String expiresAt) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID id = Params.pathId("Exclusion", exclusionIdText);
    Permissions can = contexts.permissions();
    UUID shown = id;
    try {
      switch (action) {
        case "backtest" -> {
          Permissions.require(can.proposeExclusions(), "backtest exclusions");
          backtests.backtest(tenantId, id, null, null);
        }
        case "approval" -> {
          Permissions.require(can.decideExclusions(), "approve exclusions");
          exclusions.approve(tenantId, id, comment);
        }
        case "rejection" -> {
          Permissions.require(can.decideExclusions(), "reject exclusions");
          exclusions.reject(tenantId, id, comment);
        }
        case "revocation" -> {
          Permissions.require(can.decideExclusions(), "revoke exclusions");
          exclusions.revoke(tenantId, id, comment);
        }
        case "renewal" -> {
          Permissions.require(can.proposeExclusions(), "renew exclusions");
          shown =
              exclusions
                  .renew(
                      tenantId,
                      id,
                      DetectionPages.dateTime("expiresAt", expiresAt).orElse(null),
                      blankToNull(comment))
                  .id();
        }
        case "comments" -> {
          Permissions.require(can.proposeExclusions(), "comment on exclusions");
          exclusions.comment(tenantId, id, comment);
        }
        default -> throw new HuntboardException.NotFound("Action", action);
      }
    } catch (HuntboardException.InvalidRequest
        | HuntboardException.Conflict
        | HuntboardException.Unprocessable e) {
      return Response.status(e instanceof HuntboardException.Conflict ? 409 : 400)
          .entity(page(tenantId, id, null, e.getMessage()))
          .build();
    }
    return seeOther(tenantId, shown, action);
  }

  private TemplateInstance page(UUID tenantId, UUID id, String notice, String problem) {
    PortalContext ctx = contexts.tenant(tenantId, "exclusions");
    ExclusionView view = exclusions.get(tenantId, id);
    boolean mine = view.proposer().equals(scope.actor());
    boolean mayDecide =
        ctx.can().decideExclusions() && !mine && view.state() == ExclusionState.PROPOSED;
    List<SampleRow> samples = new ArrayList<>();
    if (view.latestBacktest() != null && view.latestBacktest().sampleRows() != null) {
      for (JsonNode row : view.latestBacktest().sampleRows()) {
        List<DetectionRow.Field> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = row.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> f = it.next();
          JsonNode v = f.getValue();
          fields.add(
              new DetectionRow.Field(
                  f.getKey(),
                  v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString()));
        }
        samples.add(new SampleRow(fields));
      }
    }
    return Templates.exclusion(
        ctx, entry(view, ruleNames()), samples, mayDecide, mine, notice, problem);
  }

  private TemplateInstance proposePage(UUID tenantId, Form form, String problem) {
    PortalContext ctx = contexts.tenant(tenantId, "exclusions");
    HuntingRule rule = rule(form.ruleId());
    DetectionRow detection = null;
    Optional<UUID> detectionId = Params.uuid("detection", form.detectionId());
    if (detectionId.isPresent()) {
      detection = DetectionRow.of(detections.get(tenantId, detectionId.get()), ruleNames());
    }
    List<ExclusionTemplateView> templates =
        rules
            .exclusionTemplates(rule.id().toString())
            .map(f -> f.exclusions().stream().map(ExclusionTemplateView::of).toList())
            .orElse(List.of());
    return Templates.propose(
        ctx,
        rule,
        templates,
        detection,
        form,
        "filter".equals(form.source()) ? FilterCheck.check(rule, form.filter()) : List.of(),
        problem);
  }

  private HuntingRule rule(String ruleId) {
    return rules
        .find(ruleId == null ? "" : ruleId)
        .orElseThrow(() -> new HuntboardException.NotFound("Rule", ruleId));
  }

  private static Entry entry(ExclusionView view, Map<String, String> names) {
    return new Entry(view, names.getOrDefault(view.ruleId(), view.ruleId()));
  }

  private Map<String, String> ruleNames() {
    Map<String, String> names = new HashMap<>();
    for (HuntingRule rule : rules.all()) {
      names.put(rule.id().toString(), rule.name());
    }
    return names;
  }

  private static Response seeOther(UUID tenantId, UUID id, String done) {
    return Response.seeOther(URI.create("/t/" + tenantId + "/exclusions/" + id + "?done=" + done))
        .build();
  }

  private static String notice(String done) {
    if (done == null) {
      return null;
    }
    return switch (done) {
      case "proposed" ->
          "The exclusion is proposed. Run its backtest; a rule owner other than you decides on it.";
      case "backtest" -> "The backtest ran; its result is below.";
      case "approval" -> "The exclusion is approved and applies from the next run.";
      case "rejection" -> "The exclusion is rejected.";
      case "revocation" -> "The exclusion is revoked; it no longer applies.";
      case "renewal" -> "This renewal is proposed; it needs its own backtest and approval.";
      case "comments" -> "Your comment was added.";
      default -> null;
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
