package org.huntboard.web.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.assignment.persistence.Assignment;
import org.huntboard.web.assignment.persistence.AssignmentRepository;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.persistence.RunTrigger;
import org.huntboard.web.run.service.HuntResult;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.run.service.RunLedger;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HuntRunnerTest {

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RunLedger ledger;
  @Inject HuntRunRepository runs;
  @Inject AssignmentRepository assignments;
  @Inject RecordingHuntExecutor executor;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private Instant firstWindowEnd(UUID assignment) {
    return QuarkusTransaction.requiringNew()
        .call(() -> assignments.findById(assignment).firstWindowEnd);
  }

  private List<HuntRun> ledgerOf(UUID assignment) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                runs.list("assignmentId = ?1 order by windowStart", assignment).stream().toList());
  }

  @Test
  void runsEachDueWindowOnceAndBackfillsAnOutageOldestFirst() {
    clock.set(Instant.parse("2026-04-01T09:20:00Z"));
    UUID tenant = TestTenants.localTenant("Hourly");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    Instant first = firstWindowEnd(assignment);
    assertThat(first).isEqualTo(Instant.parse("2026-04-01T10:00:00Z"));

    // Three firings on schedule, then a 5-hour outage, then one firing that catches up.
    for (int hour = 0; hour < 3; hour++) {
      clock.set(first.plus(Duration.ofHours(hour)).plusSeconds(90));
      HuntRunner.Firing firing = runner.runDue(assignment, "node-a");
      assertThat(firing.planned()).isEqualTo(1);
      assertThat(firing.finished()).isEqualTo(1);
    }
    clock.set(first.plus(Duration.ofHours(8)).plusSeconds(90));
    HuntRunner.Firing catchUp = runner.runDue(assignment, "node-a");
    assertThat(catchUp.backfillPlanned()).isEqualTo(5);
    assertThat(catchUp.planned()).isEqualTo(1);
    assertThat(catchUp.finished()).isEqualTo(6);
    // A second firing at the same time finds nothing new to do.
    assertThat(runner.runDue(assignment, "node-b").finished()).isZero();

    List<HuntRun> ledger = ledgerOf(assignment);
    assertThat(ledger).hasSize(9);
    for (int i = 0; i < ledger.size(); i++) {
      HuntRun run = ledger.get(i);
      assertThat(run.windowStart)
          .isEqualTo(first.minus(Duration.ofHours(1)).plus(Duration.ofHours(i)));
      assertThat(Duration.between(run.windowStart, run.windowEnd)).isEqualTo(Duration.ofHours(1));
      assertThat(Duration.between(run.queryStart, run.windowEnd)).isEqualTo(Duration.ofDays(5));
      assertThat(run.state).isEqualTo(RunState.SUCCEEDED);
      assertThat(run.attempts).isEqualTo(1);
    }
    assertThat(ledger.stream().map(r -> r.trigger).toList())
        .containsExactly(
            RunTrigger.SCHEDULE,
            RunTrigger.SCHEDULE,
            RunTrigger.SCHEDULE,
            RunTrigger.BACKFILL,
            RunTrigger.BACKFILL,
            RunTrigger.BACKFILL,
            RunTrigger.BACKFILL,
            RunTrigger.BACKFILL,
            RunTrigger.SCHEDULE);
    // Backfill ran oldest first: start times follow window order.
    for (int i = 1; i < ledger.size(); i++) {
      assertThat(ledger.get(i).startedAt).isAfterOrEqualTo(ledger.get(i - 1).startedAt);
    }
    assertThat(executor.executionsOf(assignment).values()).hasSize(9).containsOnly(1);
  }

  @Test
  void aBackfillOnCreationMakesTheLastCompleteWindowsDueAtOnce() {
    clock.set(Instant.parse("2026-04-03T09:20:00Z"));
    UUID tenant = TestTenants.localTenant("Backfill");
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "ruleId", "tigervnc",
                    "connector", "LOCAL",
                    "frequency", "PT1H",
                    "lookback", "P5D",
                    "backfill", "PT150M"))
            .post("/api/v1/tenants/{t}/assignments", tenant)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    UUID assignment = UUID.fromString(id);
    // 150 minutes round up to three whole hours: 06:00-07:00, 07:00-08:00, 08:00-09:00.
    assertThat(firstWindowEnd(assignment)).isEqualTo(Instant.parse("2026-04-03T07:00:00Z"));
    HuntRunner.Firing firing = runner.runDue(assignment, "node-a");
    assertThat(firing.finished()).isEqualTo(3);
    assertThat(ledgerOf(assignment).stream().map(r -> r.windowEnd).toList())
        .containsExactly(
            Instant.parse("2026-04-03T07:00:00Z"),
            Instant.parse("2026-04-03T08:00:00Z"),
            Instant.parse("2026-04-03T09:00:00Z"));

    Callers.admin()
        .body(
            Map.of(
                "ruleId", "tigervnc",
                "connector", "LOCAL",
                "frequency", "PT1H",
                "lookback", "P5D",
                "backfill", "P15D"))
        .post("/api/v1/tenants/{t}/assignments", TestTenants.localTenant("Backfill"))
        .then()
        .statusCode(400)
        .body("detail", equalTo("backfill must be between PT0S and P14D, not P15D"));
  }

  @Test
  void recordsTheLedgerColumnsAndShowsThemThroughTheApi() {
    clock.set(Instant.parse("2026-04-02T09:59:00Z"));
    UUID tenant = TestTenants.localTenant("Ledger");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    clock.set(Instant.parse("2026-04-02T10:03:00Z"));
    runner.runDue(assignment, "node-a");

    String runId =
        Callers.member("analyst", tenant)
            .queryParam("outcome", "succeeded")
            .get("/api/v1/tenants/{t}/runs", tenant)
            .then()
            .statusCode(200)
            .body("total", equalTo(1))
            .body("items[0].windowStart", equalTo("2026-04-02T09:00:00Z"))
            .body("items[0].windowEnd", equalTo("2026-04-02T10:00:00Z"))
            .body("items[0].queryStart", equalTo("2026-03-28T10:00:00Z"))
            .body("items[0].ruleVersionHash", equalTo("a".repeat(64)))
            .body("items[0].queryHash", equalTo("b".repeat(64)))
            .body("items[0].exclusionSetVersion", equalTo("exclusions-v1"))
            .body("items[0].connector", equalTo("LOCAL"))
            .body("items[0].rowsBefore", equalTo(2))
            .body("items[0].rowsAfter", equalTo(1))
            .body("items[0].attempts", equalTo(1))
            .extract()
            .path("items[0].id");
    Callers.member("analyst", tenant)
        .get("/api/v1/tenants/{t}/runs/{r}", tenant, runId)
        .then()
        .statusCode(200)
        .body("suppressions.ex-1", equalTo(1));
    UUID other = TestTenants.localTenant("Outsider");
    Callers.member("analyst", other)
        .get("/api/v1/tenants/{t}/runs/{r}", tenant, runId)
        .then()
        .statusCode(404);
    Callers.member("analyst", other)
        .get("/api/v1/tenants/{t}/runs/{r}", other, runId)
        .then()
        .statusCode(404);
    Callers.member("analyst", tenant)
        .queryParam("outcome", "exploded")
        .get("/api/v1/tenants/{t}/runs", tenant)
        .then()
        .statusCode(400);
  }

  @Test
  void aCrashMidRunLosesNoWindowAndCountsNoneTwice() {
    clock.set(Instant.parse("2026-04-03T09:30:00Z"));
    UUID tenant = TestTenants.localTenant("Crashing");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    clock.set(Instant.parse("2026-04-03T10:01:00Z"));

    // Node A plans and claims the window, then dies before it finishes.
    ledger.planDue(assignment);
    HuntRunRepository.Claim dead =
        ledger.claimOldest(assignment, "node-a", Duration.ofMinutes(30), Set.of()).orElseThrow();
    assertThat(runner.runDue(assignment, "node-b").finished())
        .as("the window is held while node A's lease lasts")
        .isZero();

    // After the lease, node B takes the window over and runs it.
    clock.advance(Duration.ofMinutes(31));
    assertThat(runner.runDue(assignment, "node-b").finished()).isEqualTo(1);

    // Node A comes back with a result: it no longer holds the claim, so nothing is counted.
    HuntResult late =
        new HuntResult.Completed(
            "c".repeat(64), "d".repeat(64), "v", 5, 5, Map.of(), List.of(), List.of(), null);
    assertThat(ledger.finish(dead, late, Duration.ofSeconds(1), 3)).isFalse();

    List<HuntRun> ledgerRows = ledgerOf(assignment);
    assertThat(ledgerRows).hasSize(1);
    HuntRun run = ledgerRows.get(0);
    assertThat(run.state).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.attempts).isEqualTo(2);
    assertThat(run.claimedBy).isEqualTo("node-b");
    assertThat(run.rowsAfter).isEqualTo(1);
    assertThat(executor.executionsOf(assignment).values()).containsExactly(1);
  }

  @Test
  void retriesAThrottledWindowAtTheNextFiring() {
    clock.set(Instant.parse("2026-04-04T09:30:00Z"));
    UUID tenant = TestTenants.localTenant("Throttled");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    executor.throttleFirstAttempt(assignment);
    clock.set(Instant.parse("2026-04-04T10:01:00Z"));

    runner.runDue(assignment, "node-a");
    HuntRun failed = ledgerOf(assignment).get(0);
    assertThat(failed.state).isEqualTo(RunState.FAILED);
    assertThat(failed.failureClass).isEqualTo("THROTTLED");
    assertThat(failed.retryable).isTrue();
    assertThat(failed.failureMessage).contains("quota");

    clock.advance(Duration.ofMinutes(5));
    runner.runDue(assignment, "node-a");
    HuntRun retried = ledgerOf(assignment).get(0);
    assertThat(retried.state).isEqualTo(RunState.SUCCEEDED);
    assertThat(retried.attempts).isEqualTo(2);
    assertThat(retried.failureClass).isNull();
  }

  @Test
  void aPausedAssignmentDoesNotRunAndBackfillsAfterResume() {
    clock.set(Instant.parse("2026-04-05T09:30:00Z"));
    UUID tenant = TestTenants.localTenant("Paused");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    Callers.admin()
        .post("/api/v1/tenants/{t}/assignments/{a}/pause", tenant, assignment)
        .then()
        .statusCode(200);
    clock.set(Instant.parse("2026-04-05T13:01:00Z"));
    assertThat(runner.runDue(assignment, "node-a").finished()).isZero();
    assertThat(ledgerOf(assignment)).isEmpty();

    Callers.admin()
        .post("/api/v1/tenants/{t}/assignments/{a}/resume", tenant, assignment)
        .then()
        .statusCode(200);
    HuntRunner.Firing firing = runner.runDue(assignment, "node-a");
    assertThat(firing.finished()).isEqualTo(4);
    assertThat(firing.backfillPlanned()).isEqualTo(3);
    Optional<Assignment> stored =
        QuarkusTransaction.requiringNew().call(() -> assignments.findByIdOptional(assignment));
    assertThat(stored).isPresent();
  }
}
