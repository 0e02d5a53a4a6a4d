package org.huntboard.web.detection;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DetectionTest {

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** One TigerVNC-shaped row whose last sighting and report ids the test controls. */
  private static Map<String, Object> row(String lastSeen, int count, List<Long> reports) {
    return Map.of(
        "DeviceId", "dev-7",
        "DeviceName", "ws-7.contoso.local",
        "RemoteUrl", "<script>alert(1)</script>.example",
        "FirstSeen", "2026-06-01T08:10:00Z",
        "LastSeen", lastSeen,
        "Count", count,
        "Report", reports);
  }

  @Test
  void mergesOverlappingWindowsTriagesAndReopensOnNewActivity() {
    clock.set(Instant.parse("2026-06-01T09:30:00Z"));
    UUID tenant = TestTenants.localTenant("Detecting");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    AtomicReference<Map<String, Object>> answer =
        new AtomicReference<>(row("2026-06-01T09:40:00Z", 2, List.of(11L, 12L)));
    executor.rows(assignment, request -> List.of(answer.get()));

    clock.set(Instant.parse("2026-06-01T10:02:00Z"));
    runner.runDue(assignment, "node-a");
    // The next window's lookback sees the same events again, plus one more report.
    answer.set(row("2026-06-01T09:40:00Z", 3, List.of(12L, 13L)));
    clock.advance(Duration.ofHours(1));
    runner.runDue(assignment, "node-a");

    String id =
        Callers.member("analyst", tenant)
            .get("/api/v1/tenants/{t}/detections", tenant)
            .then()
            .statusCode(200)
            .body("total", equalTo(1))
            .body("items[0].grouping.DeviceName", equalTo("ws-7.contoso.local"))
            .body("items[0].grouping.RemoteUrl", equalTo("<script>alert(1)</script>.example"))
            .body("items[0].firstSeen", equalTo("2026-06-01T08:10:00Z"))
            .body("items[0].lastSeen", equalTo("2026-06-01T09:40:00Z"))
            .body("items[0].eventCount", equalTo(3))
            .body("items[0].reportIds", equalTo(List.of("11", "12", "13")))
            .body("items[0].sightings", equalTo(2))
            .body("items[0].state", equalTo("NEW"))
            .extract()
            .path("items[0].id");
    Callers.member("analyst", tenant)
        .get("/api/v1/tenants/{t}/detections/{d}", tenant, id)
        .then()
        .statusCode(200)
        .body("runIds", hasSize(2));

    // Triage: only legal moves, and closing needs a resolution.
    triage(tenant, id, Map.of("state", "CLOSED")).statusCode(400);
    triage(tenant, id, Map.of("state", "ACKNOWLEDGED", "assignee", "alice")).statusCode(200);
    triage(tenant, id, Map.of("state", "NEW")).statusCode(409);
    triage(
            tenant,
            id,
            Map.of("state", "CLOSED", "resolution", "BENIGN", "comment", "Helpdesk VNC session"))
        .statusCode(200)
        .body("state", equalTo("CLOSED"))
        .body("resolution", equalTo("BENIGN"))
        .body("assignee", equalTo("alice"))
        .body("comments[0].body", equalTo("Helpdesk VNC session"))
        .body("comments[0].author", equalTo("analyst"));

    // The same old events in the next lookback do not reopen it ...
    clock.advance(Duration.ofHours(1));
    runner.runDue(assignment, "node-a");
    detection(tenant, id).body("state", equalTo("CLOSED")).body("sightings", equalTo(3));

    // ... activity after everything known at closing does.
    answer.set(row("2026-06-01T12:15:00Z", 4, List.of(14L)));
    clock.advance(Duration.ofHours(1));
    runner.runDue(assignment, "node-a");
    detection(tenant, id)
        .body("state", equalTo("NEW"))
        .body("resolution", equalTo(null))
        .body("reopenedCount", equalTo(1))
        .body("lastSeen", equalTo("2026-06-01T12:15:00Z"));
    Callers.admin()
        .queryParam("objectId", id)
        .get("/api/v1/audit-events")
        .then()
        .body(
            "items.action",
            equalTo(
                List.of(
                    "detection.reopened",
                    "detection.commented",
                    "detection.triaged",
                    "detection.triaged",
                    "detection.created")));

    Callers.member("analyst", tenant)
        .queryParam("device", "ws-7.contoso.local")
        .queryParam("state", "new")
        .get("/api/v1/tenants/{t}/detections", tenant)
        .then()
        .body("total", equalTo(1));
    Callers.member("analyst", tenant)
        .queryParam("device", "other-host")
        .get("/api/v1/tenants/{t}/detections", tenant)
        .then()
        .body("total", equalTo(0));
    UUID outsider = TestTenants.localTenant("Outsider");
    Callers.member("analyst", outsider)
        .get("/api/v1/tenants/{t}/detections/{d}", tenant, id)
        .then()
        .statusCode(404);
    Callers.member("analyst", outsider)
        .get("/api/v1/tenants/{t}/detections/{d}", outsider, id)
        .then()
        .statusCode(404);
  }

  /**
   * KQL datetimes have 100 ns ticks, the database keeps microseconds: the same events seen again
   * must compare equal to what was stored, or a closed detection reopens at every run.
   */
  @Test
  void keepsAClosedDetectionClosedWhenRunsSeeTheSameEventsAtTickPrecision() {
    clock.set(Instant.parse("2026-06-02T09:30:00Z"));
    UUID tenant = TestTenants.localTenant("Ticks");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT1H", "P5D");
    // First seen rounds up to .123457, last seen down to .123456 in the database.
    AtomicReference<Instant> lastSeen =
        new AtomicReference<>(Instant.parse("2026-06-02T09:40:00.1234561Z"));
    executor.rows(
        assignment,
        request ->
            List.of(
                Map.of(
                    "DeviceId",
                    "dev-8",
                    "DeviceName",
                    "ws-8.contoso.local",
                    "RemoteUrl",
                    "vnc.example",
                    "FirstSeen",
                    Instant.parse("2026-06-02T08:10:00.1234567Z"),
                    "LastSeen",
                    lastSeen.get(),
                    "Count",
                    2L,
                    "Report",
                    List.of(21L, 22L))));
    clock.set(Instant.parse("2026-06-02T10:02:00Z"));
    runner.runDue(assignment, "node-a");
    String id =
        Callers.member("analyst", tenant)
            .get("/api/v1/tenants/{t}/detections", tenant)
            .then()
            .statusCode(200)
            .body("total", equalTo(1))
            .body("items[0].firstSeen", equalTo("2026-06-02T08:10:00.123457Z"))
            .body("items[0].lastSeen", equalTo("2026-06-02T09:40:00.123456Z"))
            .extract()
            .path("items[0].id");
    triage(tenant, id, Map.of("state", "CLOSED", "resolution", "BENIGN")).statusCode(200);

    for (int hour = 1; hour <= 2; hour++) {
      clock.advance(Duration.ofHours(1));
      runner.runDue(assignment, "node-a");
    }
    detection(tenant, id)
        .body("state", equalTo("CLOSED"))
        .body("reopenedCount", equalTo(0))
        .body("sightings", equalTo(3))
        .body("lastSeen", equalTo("2026-06-02T09:40:00.123456Z"));

    // Half a microsecond later is later at the database's precision too: activity, reopened.
    lastSeen.set(Instant.parse("2026-06-02T09:40:00.1234566Z"));
    clock.advance(Duration.ofHours(1));
    runner.runDue(assignment, "node-a");
    detection(tenant, id)
        .body("state", equalTo("NEW"))
        .body("reopenedCount", equalTo(1))
        .body("lastSeen", equalTo("2026-06-02T09:40:00.123457Z"));
  }

  private static io.restassured.response.ValidatableResponse triage(
      UUID tenant, String id, Map<String, Object> body) {
    return Callers.member("analyst", tenant)
        .body(body)
        .post("/api/v1/tenants/{t}/detections/{d}/triage", tenant, id)
        .then();
  }

  private static io.restassured.response.ValidatableResponse detection(UUID tenant, String id) {
    return Callers.member("analyst", tenant)
        .get("/api/v1/tenants/{t}/detections/{d}", tenant, id)
        .then()
        .statusCode(200);
  }
}
