package org.huntboard.web.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.security.DevHeaders;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;
  @Inject SecurityMetrics securityMetrics;
  @Inject RunMdcProbe mdc;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static String scrape() {
    return given()
        .accept("text/plain")
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
  private static double sample(String metrics, String name, Map<String, String> labels) {
    Pattern line =
        Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(metrics);
    Double found = null;
    while (m.find()) {
      String labelText = m.group(1);
      boolean all =
          labels.entrySet().stream()
              .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        assertThat(found).as("more than one sample of %s with %s", name, labels).isNull();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("a sample of %s with %s in\n%s", name, labels, metrics).isNotNull();
    return found;
  }

  @Test
  void countsRunsByOutcomeTenantAndRuleAndTheirExclusionHitsAndGaps() {
    clock.set(Instant.parse("2026-05-01T09:20:00Z"));
    UUID tenant = TestTenants.localTenant("Metrics");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    // One window on schedule, then three missed hours caught up in one firing.
    clock.set(Instant.parse("2026-05-01T10:01:30Z"));
    assertThat(runner.runDue(assignment, "node-a").finished()).isEqualTo(1);
    clock.set(Instant.parse("2026-05-01T14:01:30Z"));
    HuntRunner.Firing catchUp = runner.runDue(assignment, "node-a");
    assertThat(catchUp.backfillPlanned()).isEqualTo(3);
    assertThat(catchUp.finished()).isEqualTo(4);

    // While each run executed, the logging MDC named it (JSON logs in production show the MDC).
    List<RunMdcProbe.Seen> seen =
        mdc.all().entrySet().stream()
            .filter(e -> tenant.toString().equals(e.getValue().tenantId()))
            .peek(e -> assertThat(e.getValue().runId()).isEqualTo(e.getKey().toString()))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(seen).hasSize(5).allSatisfy(s -> assertThat(s.ruleId()).isEqualTo("tigervnc"));
    assertThat(org.jboss.logging.MDC.get("runId")).as("no run id left behind").isNull();

    String metrics = scrape();
    Map<String, String> succeeded =
        Map.of(
            "outcome", "succeeded",
            "failure", "none",
            "tenant", tenant.toString(),
            "rule", "tigervnc",
            "connector", "local");
    assertThat(sample(metrics, "huntboard_runs_total", succeeded)).isEqualTo(5.0);
    // The recording executor hides one row per run with the exclusion ex-1.
    assertThat(
            sample(
                metrics,
                "huntboard_exclusion_hits_total",
                Map.of("tenant", tenant.toString(), "rule", "tigervnc")))
        .isEqualTo(5.0);
    assertThat(
            sample(metrics, "huntboard_schedule_gaps_total", Map.of("tenant", tenant.toString())))
        .isEqualTo(3.0);
    assertThat(
            sample(
                metrics,
                "huntboard_windows_planned_total",
                Map.of("tenant", tenant.toString(), "trigger", "schedule")))
        .isEqualTo(2.0);
    assertThat(
            sample(
                metrics,
                "huntboard_run_duration_seconds_count",
                Map.of("connector", "local", "outcome", "succeeded")))
        .isGreaterThanOrEqualTo(5.0);
    assertThat(
            sample(
                metrics,
                "huntboard_run_duration_seconds_bucket",
                Map.of("connector", "local", "outcome", "succeeded", "le", "180.0")))
        .isGreaterThanOrEqualTo(5.0);
    assertThat(sample(metrics, "huntboard_runs_queue", Map.of("state", "due"))).isNotNegative();
  }

  @Test
  void countsThrottledRunsAsFailedAndThrottled() {
    clock.set(Instant.parse("2026-05-02T09:20:00Z"));
    UUID tenant = TestTenants.localTenant("Throttled");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    executor.throttleFirstAttempt(assignment);
    clock.set(Instant.parse("2026-05-02T10:01:30Z"));
    runner.runDue(assignment, "node-a");

    String metrics = scrape();
    assertThat(
            sample(
                metrics,
                "huntboard_runs_total",
                Map.of("outcome", "failed", "failure", "throttled", "tenant", tenant.toString())))
        .isEqualTo(1.0);
    assertThat(
            sample(
                metrics,
                "huntboard_connector_throttled_total",
                Map.of("connector", "local", "tenant", tenant.toString())))
        .isEqualTo(1.0);
  }

  @Test
  void countsLoginFailuresByBoundedReason() {
    securityMetrics.loginFailed("rate-limited");
    securityMetrics.loginFailed("rate-limited");
    securityMetrics.loginFailed("<script>alert(1)</script> with an unbounded message");
    String metrics = scrape();
    assertThat(sample(metrics, "huntboard_login_failures_total", Map.of("reason", "rate-limited")))
        .isEqualTo(2.0);
    assertThat(sample(metrics, "huntboard_login_failures_total", Map.of("reason", "other")))
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void readinessQueriesTheDatabaseAndTheClusteredScheduler() {
    JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertThat(ready.getString("status")).isEqualTo("UP");
    Map<String, Object> database = check(ready, DatabaseHealthCheck.NAME);
    assertThat(database.get("status")).isEqualTo("UP");
    assertThat(data(database).get("schemaVersion")).isNotNull();
    Map<String, Object> scheduler = check(ready, SchedulerHealthCheck.NAME);
    assertThat(scheduler.get("status")).isEqualTo("UP");
    assertThat(data(scheduler).get("clustered")).isEqualTo(true);
    // The tests run without OpenID Connect configured: the issuer check says it is not used.
    assertThat(String.valueOf(data(check(ready, OidcIssuerHealthCheck.NAME)).get("checked")))
        .startsWith("no:");

    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(SchedulerLivenessCheck.NAME));
    // Every path the Kubernetes probes use answers (DeploymentManifestsTest keeps them to these).
    for (String path : DeploymentManifestsTest.HEALTH_PATHS) {
      given().get(path).then().statusCode(200);
    }
  }

  @Test
  void healthSummaryIsForPlatformAdministratorsOnly() {
    JsonPath summary =
        Callers.admin()
            .get("/api/v1/system/health-summary")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(summary.getList("checks.name"))
        .contains(DatabaseHealthCheck.NAME, SchedulerHealthCheck.NAME, OidcIssuerHealthCheck.NAME);
    assertThat(summary.getBoolean("scheduler.clustered")).isTrue();
    assertThat(summary.getList("scheduler.nodes")).isNotEmpty();
    assertThat(summary.getLong("queue.due")).isNotNegative();
    assertThat(Instant.parse(summary.getString("runs.since"))).isBefore(Instant.now());

    UUID tenant = TestTenants.localTenant("Summary");
    Callers.member("alice", tenant)
        .header(DevHeaders.ROLES, "analyst")
        .get("/api/v1/system/health-summary")
        .then()
        .statusCode(403)
        .body("status", equalTo(403));
    Callers.anonymous().get("/api/v1/system/health-summary").then().statusCode(403);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> check(JsonPath health, String name) {
    List<Map<String, Object>> checks = health.getList("checks");
    return checks.stream()
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> check) {
    return (Map<String, Object>) check.getOrDefault("data", Map.of());
  }
}
