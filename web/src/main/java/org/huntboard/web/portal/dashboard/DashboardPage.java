package org.huntboard.web.portal.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.detection.service.DetectionService;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.portal.run.RunRow;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.persistence.RunTrigger;
import org.huntboard.web.run.service.RunQueryService;
import org.huntboard.web.run.service.RunView;
import org.huntboard.web.tenant.service.TenantService;

/** A tenant's dashboard: detections over time, triage backlog, latest runs, backfill, health. */
@Path("/t/{tenantId}")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

  /** Days the detection chart covers, today included. */
  static final int CHART_DAYS = 14;

  /** A triage state and how many detections are in it. */
  public record StateCount(TriageState state, long count) {}

  /**
   * How far the backfill of missed windows has come.
   *
   * @param waiting windows planned or running
   * @param done windows that ran to an answer
   * @param failed windows that failed and will not be retried
   */
  public record Backfill(long waiting, long done, long failed) {
    public long total() {
      return waiting + done + failed;
    }

    /** The share finished, 0 to 100. */
    public long percent() {
      return total() == 0 ? 100 : (done + failed) * 100 / total();
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance dashboard(
        PortalContext ctx,
        DetectionChart chart,
        List<StateCount> states,
        List<RunRow> runs,
        Backfill backfill,
        List<ConnectorHealth> health);
  }

  private final PortalContexts contexts;
  private final DetectionService detections;
  private final RunQueryService runs;
  private final TenantService tenants;
  private final RuleCatalog rules;
  private final Clock clock;

  DashboardPage(
      PortalContexts contexts,
      DetectionService detections,
      RunQueryService runs,
      TenantService tenants,
      RuleCatalog rules,
      Clock clock) {
    this.contexts = contexts;
    this.detections = detections;
    this.runs = runs;
    this.tenants = tenants;
    this.rules = rules;
    this.clock = clock;
  }

  @GET
  public TemplateInstance dashboard(@PathParam("tenantId") String tenantIdText) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "dashboard");
    LocalDate today = LocalDate.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    Instant from = today.minusDays(CHART_DAYS - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    DetectionChart chart =
        DetectionChart.of(
            detections.firstSeenByDay(tenantId, from, to), today, CHART_DAYS, ruleNames());
    List<StateCount> states =
        detections.countByState(tenantId).entrySet().stream()
            .map(e -> new StateCount(e.getKey(), e.getValue()))
            .toList();
    HuntRunRepository.Filter none =
        new HuntRunRepository.Filter(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    List<RunView> recent = runs.list(tenantId, none, new PageRequest(0, 50)).items();
    Map<String, String> names = ruleNames();
    List<RunRow> latest =
        recent.stream()
            .filter(r -> r.state() != RunState.PLANNED)
            .limit(10)
            .map(r -> RunRow.of(r, names))
            .toList();
    Map<RunState, Long> backfillStates = runs.countByState(tenantId, RunTrigger.BACKFILL);
    Backfill backfill =
        new Backfill(
            backfillStates.get(RunState.PLANNED) + backfillStates.get(RunState.RUNNING),
            backfillStates.get(RunState.SUCCEEDED),
            backfillStates.get(RunState.FAILED));
    List<ConnectorHealth> health = ConnectorHealth.of(tenants.get(tenantId), recent);
    return Templates.dashboard(ctx, chart, states, latest, backfill, health);
  }

  private Map<String, String> ruleNames() {
    Map<String, String> names = new java.util.HashMap<>();
    for (HuntingRule rule : rules.all()) {
      names.put(rule.id().toString(), rule.name());
    }
    return names;
  }
}
