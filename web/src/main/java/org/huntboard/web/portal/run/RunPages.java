package org.huntboard.web.portal.run;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.assignment.service.AssignmentService;
import org.huntboard.web.portal.KqlHighlighter;
import org.huntboard.web.portal.Paging;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.portal.detection.DetectionPages;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.run.service.RunQueryService;
import org.huntboard.web.run.service.RunView;

/** A tenant's run ledger with filters, and each run's page. */
@Path("/t/{tenantId}/runs")
@Produces(MediaType.TEXT_HTML)
public class RunPages {

  static final int PAGE_SIZE = 50;

  /** The ledger's filters as the form sent them. */
  public record ListFilter(String outcome, String assignment, String from, String to) {
    public String query() {
      StringBuilder q = new StringBuilder();
      add(q, "outcome", outcome);
      add(q, "assignment", assignment);
      add(q, "from", from);
      add(q, "to", to);
      return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
      if (value != null && !value.isBlank()) {
        q.append('&')
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }

  /** An assignment offered in the rule filter: a rule on one connector. */
  public record AssignmentOption(UUID id, String label) {}

  /** What one exclusion suppressed in a run. */
  public record Suppression(String exclusionId, long rows) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance ledger(
        PortalContext ctx,
        List<RunRow> runs,
        Paging paging,
        ListFilter filter,
        List<AssignmentOption> assignments,
        List<RunOutcome> outcomes,
        String exportQuery);

    static native TemplateInstance run(
        PortalContext ctx,
        RunRow row,
        List<Suppression> suppressions,
        List<KqlHighlighter.Span> kql,
        boolean kqlExact,
        String ruleVersionNow);
  }

  private final PortalContexts contexts;
  private final RunQueryService runs;
  private final AssignmentService assignments;
  private final RuleCatalog rules;
  private final org.huntboard.web.exclusion.service.ActiveExclusions activeExclusions;

  RunPages(
      PortalContexts contexts,
      RunQueryService runs,
      AssignmentService assignments,
      RuleCatalog rules,
      org.huntboard.web.exclusion.service.ActiveExclusions activeExclusions) {
    this.activeExclusions = activeExclusions;
    this.contexts = contexts;
    this.runs = runs;
    this.assignments = assignments;
    this.rules = rules;
  }

  @GET
  public TemplateInstance ledger(
      @PathParam("tenantId") String tenantIdText,
      @QueryParam("outcome") String outcome,
      @QueryParam("assignment") String assignment,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") Integer page) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "runs");
    HuntRunRepository.Filter filter =
        new HuntRunRepository.Filter(
            Params.uuid("assignment", assignment),
            Optional.empty(),
            Params.constant("outcome", RunOutcome.class, outcome),
            DetectionPages.dateTime("from", from),
            DetectionPages.dateTime("to", to));
    int number = page == null ? 0 : Math.max(0, page);
    Page<RunView> found = runs.list(tenantId, filter, new PageRequest(number, PAGE_SIZE));
    Map<String, String> names = ruleNames();
    List<AssignmentOption> options =
        assignments.list(tenantId, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
            .map(
                a ->
                    new AssignmentOption(
                        a.id(),
                        names.getOrDefault(a.ruleId(), a.ruleId())
                            + " on "
                            + a.connector().name().toLowerCase(java.util.Locale.ROOT)))
            .sorted(Comparator.comparing(AssignmentOption::label))
            .toList();
    return Templates.ledger(
        ctx,
        found.items().stream().map(r -> RunRow.of(r, names)).toList(),
        Paging.of(found),
        new ListFilter(
            outcome == null ? "" : outcome.toUpperCase(java.util.Locale.ROOT),
            assignment,
            from,
            to),
        options,
        List.of(RunOutcome.values()),
        org.huntboard.web.portal.ExportLinks.of()
            .with("outcome", outcome)
            .with("assignmentId", assignment)
            .withInstant("from", from)
            .withInstant("to", to)
            .query());
  }

  @GET
  @Path("/{runId}")
  public TemplateInstance run(
      @PathParam("tenantId") String tenantIdText, @PathParam("runId") String runIdText) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    UUID runId = Params.pathId("Run", runIdText);
    PortalContext ctx = contexts.tenant(tenantId, "runs");
    RunView run = runs.get(tenantId, runId);
    Optional<HuntingRule> rule = rules.find(run.ruleId());
    Optional<String> sent =
        SentQuery.of(run, rule, activeExclusions.forRun(tenantId, run.ruleId()));
    String shown = sent.orElse(rule.map(r -> r.query().text()).orElse(""));
    List<Suppression> suppressions =
        run.suppressions().entrySet().stream()
            .map(e -> new Suppression(e.getKey(), e.getValue()))
            .toList();
    return Templates.run(
        ctx,
        RunRow.of(run, ruleNames()),
        suppressions,
        KqlHighlighter.spans(shown),
        sent.isPresent(),
        rule.map(HuntingRule::contentHash).orElse(null));
  }

  private Map<String, String> ruleNames() {
    Map<String, String> names = new HashMap<>();
    for (HuntingRule rule : rules.all()) {
      names.put(rule.id().toString(), rule.name());
    }
    return names;
  }
}
