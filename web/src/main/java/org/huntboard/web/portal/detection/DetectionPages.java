package org.huntboard.web.portal.detection;

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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.detection.persistence.Resolution;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.detection.service.DetectionService;
import org.huntboard.web.detection.service.DetectionView;
import org.huntboard.web.detection.service.TriageRequest;
import org.huntboard.web.portal.Paging;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.portal.run.RunRow;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.run.service.RunQueryService;
import org.jboss.resteasy.reactive.RestForm;

/** A tenant's detections: the list with filters, sorting and paging, and each detection's page. */
@Path("/t/{tenantId}/detections")
@Produces(MediaType.TEXT_HTML)
public class DetectionPages {

  /** Detections on one page of the list. */
  static final int PAGE_SIZE = 25;

  /**
   * The list's filters as the form sent them, to fill the form again.
   *
   * @param sort one of the {@link DetectionRepository.SortField} names
   * @param dir {@code desc} or {@code asc}
   */
  public record ListFilter(
      String state, String rule, String device, String from, String to, String sort, String dir) {

    /** The query string of these filters, for the pager and the sort links. */
    public String query() {
      StringBuilder q = new StringBuilder();
      add(q, "state", state);
      add(q, "rule", rule);
      add(q, "device", device);
      add(q, "from", from);
      add(q, "to", to);
      add(q, "sort", sort);
      add(q, "dir", dir);
      return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
      if (value == null || value.isBlank()) {
        return;
      }
      q.append('&')
          .append(name)
          .append('=')
          .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** A rule offered in the rule filter. */
  public record RuleOption(String id, String name) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        PortalContext ctx,
        List<DetectionRow> detections,
        Paging paging,
        ListFilter filter,
        List<RuleOption> rules,
        List<TriageState> states,
        List<DetectionRepository.SortField> sorts,
        String exportQuery);

    static native TemplateInstance detection(
        PortalContext ctx,
        DetectionRow row,
        List<RunRow> runs,
        List<TriageState> next,
        List<Resolution> resolutions,
        String notice,
        String problem);
  }

  private final PortalContexts contexts;
  private final DetectionService detections;
  private final RunQueryService runs;
  private final RuleCatalog rules;

  DetectionPages(
      PortalContexts contexts,
      DetectionService detections,
      RunQueryService runs,
      RuleCatalog rules) {
    this.contexts = contexts;
    this.detections = detections;
    this.runs = runs;
    this.rules = rules;
  }

  @GET
  public TemplateInstance list(
      @PathParam("tenantId") String tenantIdText,
      @QueryParam("state") String state,
      @QueryParam("rule") String rule,
      @QueryParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("sort") String sort,
      @QueryParam("dir") String dir,
      @QueryParam("page") Integer page) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "detections");
    DetectionRepository.Filter filter =
        new DetectionRepository.Filter(
            Params.constant("state", TriageState.class, state),
            Optional.ofNullable(rule).filter(r -> !r.isBlank()),
            Optional.ofNullable(device).filter(d -> !d.isBlank()).map(String::trim),
            dateTime("from", from),
            dateTime("to", to));
    DetectionRepository.SortField field =
        Params.constant("sort", DetectionRepository.SortField.class, sort)
            .orElse(DetectionRepository.SortField.LAST_SEEN);
    boolean descending = !"asc".equalsIgnoreCase(dir);
    int number = page == null ? 0 : Math.max(0, page);
    Page<DetectionView> found =
        detections.list(tenantId, filter, new PageRequest(number, PAGE_SIZE), field, descending);
    Map<String, String> names = ruleNames();
    ListFilter echo =
        new ListFilter(
            state == null ? "" : state.toUpperCase(java.util.Locale.ROOT),
            rule,
            device,
            from,
            to,
            field.name(),
            descending ? "desc" : "asc");
    List<RuleOption> options =
        rules.all().stream()
            .map(r -> new RuleOption(r.id().toString(), r.name()))
            .sorted(java.util.Comparator.comparing(RuleOption::name))
            .toList();
    return Templates.list(
        ctx,
        found.items().stream().map(d -> DetectionRow.of(d, names)).toList(),
        Paging.of(found),
        echo,
        options,
        List.of(TriageState.values()),
        List.of(DetectionRepository.SortField.values()),
        org.huntboard.web.portal.ExportLinks.of()
            .with("state", state)
            .with("ruleId", rule)
            .with("device", device)
            .withInstant("from", from)
            .withInstant("to", to)
            .query());
  }

  @GET
  @Path("/{detectionId}")
  public TemplateInstance detection(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("detectionId") String detectionIdText,
      @QueryParam("done") String done) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID detectionId = Params.pathId("Detection", detectionIdText);
    return page(tenantId, detectionId, notice(done), null);
  }

  @POST
  @Path("/{detectionId}/triage")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response triage(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("detectionId") String detectionIdText,
      @RestForm String state,
      @RestForm String resolution,
      @RestForm String assignee,
      @RestForm String comment) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID detectionId = Params.pathId("Detection", detectionIdText);
    org.huntboard.web.portal.Permissions.requireTriage(contexts.permissions());
    try {
      TriageState target =
          Params.constant("state", TriageState.class, state)
              .orElseThrow(() -> new HuntboardException.InvalidRequest("choose the new state"));
      Resolution why = Params.constant("resolution", Resolution.class, resolution).orElse(null);
      detections.triage(
          tenantId,
          detectionId,
          new TriageRequest(target, target == TriageState.CLOSED ? why : null, assignee, comment));
    } catch (HuntboardException.InvalidRequest | HuntboardException.Conflict e) {
      return Response.status(e instanceof HuntboardException.Conflict ? 409 : 400)
          .entity(page(tenantId, detectionId, null, e.getMessage()))
          .build();
    }
    return seeOther(tenantId, detectionId, "triaged");
  }

  @POST
  @Path("/{detectionId}/comments")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response comment(
      @PathParam("tenantId") String tenantIdText,
      @PathParam("detectionId") String detectionIdText,
      @RestForm String body) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID detectionId = Params.pathId("Detection", detectionIdText);
    org.huntboard.web.portal.Permissions.requireTriage(contexts.permissions());
    try {
      detections.addComment(tenantId, detectionId, body);
    } catch (HuntboardException.InvalidRequest e) {
      return Response.status(400).entity(page(tenantId, detectionId, null, e.getMessage())).build();
    }
    return seeOther(tenantId, detectionId, "commented");
  }

  private TemplateInstance page(UUID tenantId, UUID detectionId, String notice, String problem) {
    PortalContext ctx = contexts.tenant(tenantId, "detections");
    DetectionView detection = detections.get(tenantId, detectionId);
    Map<String, String> names = ruleNames();
    List<RunRow> seenBy =
        runs.listByIds(tenantId, detection.runIds()).stream()
            .map(r -> RunRow.of(r, names))
            .toList();
    return Templates.detection(
        ctx,
        DetectionRow.of(detection, names),
        seenBy,
        new ArrayList<>(detection.state().next()),
        List.of(Resolution.values()),
        notice,
        problem);
  }

  private static Response seeOther(UUID tenantId, UUID detectionId, String done) {
    return Response.seeOther(
            URI.create("/t/" + tenantId + "/detections/" + detectionId + "?done=" + done))
        .build();
  }

  private static String notice(String done) {
    if (done == null) {
      return null;
    }
    return switch (done) {
      case "triaged" -> "The detection's triage state was changed.";
      case "commented" -> "Your comment was added.";
      default -> null;
    };
  }

  private Map<String, String> ruleNames() {
    Map<String, String> names = new java.util.HashMap<>();
    for (HuntingRule rule : rules.all()) {
      names.put(rule.id().toString(), rule.name());
    }
    return names;
  }

  /** A {@code datetime-local} value (UTC) or an ISO-8601 instant. */
  public static Optional<Instant> dateTime(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Params.instant(name, value);
    }
  }
}
