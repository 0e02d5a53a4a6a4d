package org.huntboard.web.portal.system;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.observability.SystemHealth;
import org.huntboard.web.portal.FailureWords;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.tenancy.Role;

/**
 * The platform's health for administrators: the health checks in words, the scheduler cluster's
 * nodes, the run queue, the last day's runs by outcome with the latest failures, and the gaps of
 * the schedule, across all tenants. It shows {@link SystemHealth#summary()}, the answer of {@code
 * GET /api/v1/system/health-summary}.
 */
@Path("/system/health")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.ADMIN)
public class SystemHealthPage {

  /** A scheduler node, with whether it is the node that answered this page. */
  public record NodeEntry(
      String instanceId,
      Instant lastCheckin,
      Duration checkinInterval,
      boolean stale,
      boolean self) {}

  /** Runs of one outcome in the last day. */
  public record OutcomeCount(String outcome, long count) {
    /** The outcome as a word, e.g. "succeeded". */
    public String label() {
      return asWords(outcome);
    }

    /** The outcome as a CSS class suffix, e.g. "succeeded". */
    public String css() {
      return outcome.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Failed runs of one failure class in the last day, with what the class means. */
  public record FailureCount(String failureClass, long count, FailureWords.Explanation words) {
    /** The failure class as words, e.g. "bad query". */
    public String label() {
      return asWords(failureClass);
    }
  }

  /** A failed run, with its rule's name. */
  public record FailureEntry(SystemHealth.Failure run, String ruleName) {
    /** The failure class as words. */
    public String failure() {
      return run.failureClass() == null ? "failed" : asWords(run.failureClass());
    }

    /** What the failure class means, or nothing for an unknown one. */
    public String meaning() {
      return FailureWords.of(run.failureClass()).map(FailureWords.Explanation::what).orElse("");
    }

    /** The path of the run's page in its tenant. */
    public String path() {
      return "/t/" + run.tenantId() + "/runs/" + run.runId();
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance health(
        PortalContext ctx,
        SystemHealth.Summary summary,
        List<HealthWords.Entry> checks,
        long down,
        List<NodeEntry> nodes,
        List<OutcomeCount> outcomes,
        long runsTotal,
        List<FailureCount> failureClasses,
        List<FailureEntry> failures,
        Duration oldestDue);
  }

  private final PortalContexts contexts;
  private final SystemHealth health;
  private final RuleCatalog rules;

  SystemHealthPage(PortalContexts contexts, SystemHealth health, RuleCatalog rules) {
    this.contexts = contexts;
    this.health = health;
    this.rules = rules;
  }

  @GET
  public TemplateInstance health() {
    PortalContext ctx = contexts.global("system-health");
    SystemHealth.Summary summary = health.summary();
    // What is down comes first: it is what the reader came for.
    List<HealthWords.Entry> checks =
        summary.checks().stream()
            .map(HealthWords::of)
            .sorted(java.util.Comparator.comparing(HealthWords.Entry::up))
            .toList();
    long down = checks.stream().filter(c -> !c.up()).count();
    SystemHealth.Scheduler scheduler = summary.scheduler();
    List<NodeEntry> nodes =
        scheduler == null
            ? List.of()
            : scheduler.nodes().stream()
                .map(
                    n ->
                        new NodeEntry(
                            n.instanceId(),
                            n.lastCheckin(),
                            Duration.ofMillis(n.checkinIntervalMs()),
                            n.stale(),
                            n.instanceId().equals(scheduler.instanceId())))
                .toList();
    SystemHealth.Runs runs = summary.runs();
    List<OutcomeCount> outcomes =
        runs == null
            ? List.of()
            : runs.byOutcome().entrySet().stream()
                .map(e -> new OutcomeCount(e.getKey(), e.getValue()))
                .toList();
    long runsTotal = outcomes.stream().mapToLong(OutcomeCount::count).sum();
    List<FailureCount> failureClasses =
        runs == null
            ? List.of()
            : runs.byFailureClass().entrySet().stream()
                .map(
                    e ->
                        new FailureCount(
                            e.getKey(), e.getValue(), FailureWords.of(e.getKey()).orElse(null)))
                .toList();
    Map<String, String> names = ruleNames();
    List<FailureEntry> failures =
        runs == null
            ? List.of()
            : runs.latestFailures().stream()
                .map(f -> new FailureEntry(f, names.getOrDefault(f.ruleId(), f.ruleId())))
                .toList();
    Duration oldestDue =
        summary.queue() == null
            ? Duration.ZERO
            : Duration.ofSeconds(summary.queue().oldestDueSeconds());
    return Templates.health(
        ctx,
        summary,
        checks,
        down,
        nodes,
        outcomes,
        runsTotal,
        failureClasses,
        failures,
        oldestDue);
  }

  private static String asWords(String constant) {
    return constant.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  private Map<String, String> ruleNames() {
    Map<String, String> names = new java.util.HashMap<>();
    for (HuntingRule rule : rules.all()) {
      names.put(rule.id().toString(), rule.name());
    }
    return names;
  }
}
