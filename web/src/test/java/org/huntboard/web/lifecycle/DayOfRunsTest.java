package org.huntboard.web.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.persistence.RunTrigger;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day in the life of two tenants: the TigerVNC hunt assigned hourly over five days through the
 * API, runs driven hour by hour on a moved clock through the scheduler's own path (the firing of
 * {@link HuntRunner#runDue}: planning of due windows, claims with leases, execution on the local
 * connector over generated telemetry, the finishing transaction), a three-hour stop of the
 * scheduler in the middle, and at the end the ledger, the detections and the audit chain checked as
 * a user would check them.
 */
@QuarkusTest
class DayOfRunsTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  /** Midnight of the day of runs; the telemetry ends here. */
  private static final Instant DAY = Instant.parse("2026-06-01T00:00:00Z");

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration LOOKBACK = Duration.ofDays(5);
  private static final int WINDOWS = 24;

  /** The scheduler is stopped for the firings of these window ends (hours after midnight). */
  private static final int OUTAGE_FROM = 6;

  private static final int OUTAGE_HOURS = 3;

  /** South's connector is unreachable for the firings of these window ends. */
  private static final int DOWN_FROM = 14;

  private static final int DOWN_HOURS = 3;

  /** All of a tenant's detections are closed after the firing of this hour. */
  private static final int CLOSE_AFTER = 12;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject HuntRunRepository runs;
  @Inject RecordingHuntExecutor executor;

  @TempDir Path dir;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** One tenant of the day: its telemetry's ground truth and its assignment. */
  private record Hunted(
      String name, Path data, JsonNode manifest, UUID tenant, UUID assignment, long jitter) {}

  @Test
  void runsEveryWindowOfTheDayOnceBackfillsTheOutageAndDetectsTheManifestsPairs() throws Exception {
    Hunted north = tenant("North", 11);
    Hunted south = tenant("South", 23);
    List<Hunted> tenants = List.of(north, south);

    // Hour h fires the window that ends at DAY + h, at its end plus the assignment's jitter, on
    // one of two nodes. The scheduler is stopped for the firings of OUTAGE_FROM .. +OUTAGE_HOURS;
    // later, South's connector is unreachable for the firings of DOWN_FROM .. +DOWN_HOURS.
    for (int h = 0; h < WINDOWS; h++) {
      boolean stopped = h >= OUTAGE_FROM && h < OUTAGE_FROM + OUTAGE_HOURS;
      if (stopped) {
        continue;
      }
      executor.connectorDown(south.assignment(), h >= DOWN_FROM && h < DOWN_FROM + DOWN_HOURS);
      for (Hunted t : tenants) {
        clock.set(DAY.plus(HOUR.multipliedBy(h)).plusSeconds(t.jitter()));
        String node = h % 2 == 0 ? "node-a" : "node-b";
        HuntRunner.Firing firing = runner.runDue(t.assignment(), node);
        boolean down = t == south && h >= DOWN_FROM && h < DOWN_FROM + DOWN_HOURS;
        if (h == OUTAGE_FROM + OUTAGE_HOURS) {
          assertThat(firing.backfillPlanned())
              .as("%s: the windows of the outage are planned as backfill", t.name())
              .isEqualTo(OUTAGE_HOURS);
          assertThat(firing.finished()).isEqualTo(OUTAGE_HOURS + 1);
        } else if (t == south && h == DOWN_FROM + DOWN_HOURS) {
          assertThat(firing.finished())
              .as("South: the windows its connector missed, oldest first, and this hour's")
              .isEqualTo(DOWN_HOURS + 1);
        } else {
          assertThat(firing.planned()).as("%s at hour %d", t.name(), h).isEqualTo(1);
          // While the connector is down only the oldest waiting window is tried, and fails.
          assertThat(firing.finished()).as("%s at hour %d", t.name(), h).isEqualTo(1);
        }
        if (down) {
          continue;
        }
        // The other node fires the same assignment at the same instant: nothing is left to do.
        HuntRunner.Firing again =
            runner.runDue(t.assignment(), node.equals("node-a") ? "node-b" : "node-a");
        assertThat(again.finished() + again.planned() + again.backfillPlanned()).isZero();
      }
      if (h == CLOSE_AFTER) {
        closeAllDetections(north);
      }
    }

    for (Hunted t : tenants) {
      assertEveryWindowRanOnce(t);
      assertBackfillRanOldestFirst(t);
      assertDetectionsAreTheManifestsPairs(t);
    }
    assertDetectionsStayClosed(north);
    assertNoTenantSeesTheOther(north, south);

    Callers.member("auditor", north.tenant())
        .get("/api/v1/audit-events/verification")
        .then()
        .statusCode(200)
        .body("intact", equalTo(true))
        .body("firstBrokenSeq", equalTo(null));
  }

  // --- the day's setup

  /**
   * A tenant on generated telemetry of six days up to midnight: TigerVNC pairs of every kind in the
   * five days before it, and older ones that no window of the day looks back to.
   */
  private Hunted tenant(String name, long seed) throws IOException {
    Path data = dir.resolve(name);
    TelemetryGenerator.generate(new GeneratorOptions(data, 20, 6, seed, DAY, 20, null));
    JsonNode manifest = JSON.readTree(data.resolve("manifest.json").toFile());
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    name + " " + UUID.randomUUID().toString().substring(0, 8),
                    "connectors",
                    List.of(Map.of("kind", "LOCAL", "dataFolder", data.toString()))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    UUID tenant = UUID.fromString(id);
    // Assigned half an hour before midnight: the first window is [23:00, 00:00).
    clock.set(DAY.minus(Duration.ofMinutes(30)));
    Map<String, Object> assignment =
        Callers.member("admin", tenant)
            .body(
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "connector",
                    "LOCAL",
                    "frequency",
                    "PT1H",
                    "lookback",
                    "P5D"))
            .post("/api/v1/tenants/{t}/assignments", tenant)
            .then()
            .statusCode(201)
            .body("firstWindowEnd", equalTo(DAY.toString()))
            .extract()
            .jsonPath()
            .getMap("");
    UUID assignmentId = UUID.fromString((String) assignment.get("id"));
    executor.useRealExecutor(assignmentId);
    long jitter = ((Number) assignment.get("jitterSeconds")).longValue();
    assertThat(jitter).as("jitter within half the frequency").isBetween(0L, 1799L);
    return new Hunted(name, data, manifest, tenant, assignmentId, jitter);
  }

  private void closeAllDetections(Hunted t) {
    for (Map<String, Object> d : detections(t)) {
      Callers.member("analyst", t.tenant())
          .body(
              Map.of(
                  "state", "CLOSED", "resolution", "BENIGN", "comment", "reviewed with the admins"))
          .post("/api/v1/tenants/{t}/detections/{d}/triage", t.tenant(), d.get("id"))
          .then()
          .statusCode(200)
          .body("state", equalTo("CLOSED"));
    }
  }

  // --- the checks

  private List<HuntRun> ledgerOf(Hunted t) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                runs.list("assignmentId = ?1 order by windowStart", t.assignment()).stream()
                    .toList());
  }

  private void assertEveryWindowRanOnce(Hunted t) {
    List<HuntRun> ledger = ledgerOf(t);
    assertThat(ledger).as("%s: one ledger row per window of the day", t.name()).hasSize(WINDOWS);
    Instant expectedStart = DAY.minus(HOUR);
    for (int i = 0; i < ledger.size(); i++) {
      HuntRun run = ledger.get(i);
      assertThat(run.windowStart)
          .as("%s: window %d starts where the last ended", t.name(), i)
          .isEqualTo(expectedStart);
      assertThat(run.windowEnd).isEqualTo(run.windowStart.plus(HOUR));
      assertThat(run.queryStart).isEqualTo(run.windowEnd.minus(LOOKBACK));
      assertThat(run.state)
          .as("%s: window %s", t.name(), run.windowStart)
          .isEqualTo(RunState.SUCCEEDED);
      assertThat(run.attempts)
          .as("%s: attempts at window %d", t.name(), i)
          .isEqualTo(attemptsOf(t, i));
      assertThat(run.failureClass).isNull();
      assertThat(run.ruleVersionHash).hasSize(64);
      assertThat(run.queryHash).hasSize(64);
      expectedStart = run.windowEnd;
    }
    List<RunTrigger> triggers = ledger.stream().map(r -> r.trigger).toList();
    List<RunTrigger> expected = new ArrayList<>();
    for (int i = 0; i < WINDOWS; i++) {
      // Window i ends at DAY + i hours; those whose firing fell in the outage are backfill.
      boolean missed = i >= OUTAGE_FROM && i < OUTAGE_FROM + OUTAGE_HOURS;
      expected.add(missed ? RunTrigger.BACKFILL : RunTrigger.SCHEDULE);
    }
    assertThat(triggers).as("%s: triggers by window", t.name()).isEqualTo(expected);
    assertThat(executor.executionsOf(t.assignment()))
        .as("%s: each window executed once", t.name())
        .hasSize(WINDOWS)
        .allSatisfy((window, count) -> assertThat(count).isEqualTo(1));
    // Through the API too: the ledger of the day, every run succeeded.
    Callers.member("auditor", t.tenant())
        .queryParam("assignmentId", t.assignment().toString())
        .queryParam("outcome", "succeeded")
        .get("/api/v1/tenants/{t}/runs", t.tenant())
        .then()
        .statusCode(200)
        .body("total", equalTo(WINDOWS));
  }

  /**
   * A window is attempted once, except the first one South's connector missed: tried at each firing
   * of the outage, then once more when it was back.
   */
  private int attemptsOf(Hunted t, int window) {
    return t.name().equals("South") && window == DOWN_FROM ? DOWN_HOURS + 1 : 1;
  }

  /** The run.started events of the backfill firing, in audit order, go from old to new windows. */
  private void assertBackfillRanOldestFirst(Hunted t) {
    List<Map<String, Object>> events =
        Callers.member("auditor", t.tenant())
            .queryParam("tenantId", t.tenant().toString())
            .queryParam("objectType", "run")
            .queryParam("size", 500)
            .get("/api/v1/audit-events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    TreeMap<Long, Instant> startedBySeq = new TreeMap<>();
    for (Map<String, Object> e : events) {
      if ("run.started".equals(e.get("action"))) {
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) e.get("after");
        startedBySeq.put(
            ((Number) e.get("seq")).longValue(), Instant.parse((String) after.get("windowStart")));
      }
    }
    List<Instant> started = List.copyOf(startedBySeq.values());
    int attempts = 0;
    for (int i = 0; i < WINDOWS; i++) {
      attempts += attemptsOf(t, i);
    }
    assertThat(started).as("%s: one start per attempt", t.name()).hasSize(attempts);
    assertThat(new TreeSet<>(started)).hasSize(WINDOWS);
    assertThat(started)
        .as("%s: windows started oldest first, backfill included", t.name())
        .isSorted();
  }

  private void assertDetectionsAreTheManifestsPairs(Hunted t) {
    Instant firstQueryStart = DAY.minus(LOOKBACK);
    Map<String, String> expected = new TreeMap<>();
    Map<String, Integer> expectedSightings = new TreeMap<>();
    int unseen = 0;
    for (JsonNode p : t.manifest().path("tigerVnc").path("pairs")) {
      Instant firstSeen = Instant.parse(p.path("FirstSeen").asText());
      Instant lastSeen = Instant.parse(p.path("LastSeen").asText());
      if (lastSeen.isBefore(firstQueryStart)) {
        // Older than the lookback of every window of the day.
        assertThat(p.path("inRuleWindow").asBoolean()).isFalse();
        unseen++;
        continue;
      }
      assertThat(firstSeen)
          .as("the generator's pairs lie within five days of midnight")
          .isAfterOrEqualTo(firstQueryStart);
      String key =
          key(
              p.path("DeviceId").asText(),
              p.path("DeviceName").asText(),
              p.path("RemoteUrl").asText());
      TreeSet<String> reports = new TreeSet<>();
      p.path("ReportIds").forEach(n -> reports.add(n.asText()));
      expected.put(
          key,
          storedPrecision(firstSeen)
              + " "
              + storedPrecision(lastSeen)
              + " "
              + p.path("Count").asLong()
              + " "
              + reports);
      // Every window whose lookback still reaches the pair's last event saw it.
      int sightings = 0;
      for (int i = 0; i < WINDOWS; i++) {
        Instant queryStart = DAY.plus(HOUR.multipliedBy(i)).minus(LOOKBACK);
        if (!lastSeen.isBefore(queryStart)) {
          sightings++;
        }
      }
      expectedSightings.put(key, sightings);
    }
    assertThat(unseen).as("%s: a pair older than every lookback exists", t.name()).isPositive();
    assertThat(expected).as("%s: pairs to detect", t.name()).hasSizeGreaterThan(10);

    Map<String, String> detected = new TreeMap<>();
    Map<String, Integer> sightings = new TreeMap<>();
    for (Map<String, Object> item : detections(t)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> grouping = (Map<String, Object>) item.get("grouping");
      String key =
          key(
              (String) grouping.get("DeviceId"),
              (String) grouping.get("DeviceName"),
              (String) grouping.get("RemoteUrl"));
      @SuppressWarnings("unchecked")
      List<Object> reportIds = (List<Object>) item.get("reportIds");
      TreeSet<String> reports = new TreeSet<>();
      reportIds.forEach(id -> reports.add(id.toString()));
      assertThat(detected).as("%s: one detection per pair", t.name()).doesNotContainKey(key);
      detected.put(
          key,
          Instant.parse((String) item.get("firstSeen"))
              + " "
              + Instant.parse((String) item.get("lastSeen"))
              + " "
              + ((Number) item.get("eventCount")).longValue()
              + " "
              + reports);
      sightings.put(key, ((Number) item.get("sightings")).intValue());
    }
    assertThat(detected)
        .as("%s: detections are the manifest's pairs", t.name())
        .isEqualTo(expected);
    assertThat(sightings)
        .as("%s: each run that saw a pair counted once", t.name())
        .isEqualTo(expectedSightings);
  }

  /** Later runs saw nothing newer than what was known at closing: nothing reopens. */
  private void assertDetectionsStayClosed(Hunted t) {
    List<Map<String, Object>> items = detections(t);
    assertThat(items).isNotEmpty();
    for (Map<String, Object> d : items) {
      assertThat(d.get("state")).as("detection %s", d.get("grouping")).isEqualTo("CLOSED");
      assertThat(((Number) d.get("reopenedCount")).intValue())
          .as("detection %s reopened without new activity", d.get("grouping"))
          .isZero();
    }
  }

  private void assertNoTenantSeesTheOther(Hunted a, Hunted b) {
    TreeSet<String> devicesOfA = new TreeSet<>();
    a.manifest()
        .path("tigerVnc")
        .path("pairs")
        .forEach(p -> devicesOfA.add(p.path("DeviceId").asText()));
    for (Map<String, Object> d : detections(b)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> grouping = (Map<String, Object>) d.get("grouping");
      assertThat(devicesOfA).doesNotContain((String) grouping.get("DeviceId"));
    }
    String oneOfA = (String) detections(a).get(0).get("id");
    Callers.member("analyst", b.tenant())
        .get("/api/v1/tenants/{t}/detections/{d}", a.tenant(), oneOfA)
        .then()
        .statusCode(404);
    Callers.member("analyst", b.tenant())
        .get("/api/v1/tenants/{t}/detections/{d}", b.tenant(), oneOfA)
        .then()
        .statusCode(404);
  }

  private static List<Map<String, Object>> detections(Hunted t) {
    return Callers.member("analyst", t.tenant())
        .queryParam("size", 500)
        .queryParam("ruleId", TIGERVNC)
        .get("/api/v1/tenants/{t}/detections", t.tenant())
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  private static String key(String deviceId, String deviceName, String remoteUrl) {
    return deviceId + "|" + deviceName + "|" + remoteUrl;
  }

  /**
   * The instant as Huntboard keeps it: PostgreSQL timestamps hold microseconds, and KQL's 100 ns
   * ticks are rounded half up to the nearest microsecond.
   */
  private static Instant storedPrecision(Instant instant) {
    long nanos = instant.getNano();
    long micros = (nanos + 500) / 1000;
    return instant.minusNanos(nanos).plusNanos(micros * 1000);
  }
}
