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
 * connector over generated telemetry, the finishing transaction), with a three-hour stop of the
 * scheduler, a three-hour outage of one tenant's connector, the seed's remote-desktop exclusion
 * proposed, backtested and approved by a second person along the way, and detections closed at
 * noon; at the end the ledger, the detections, the exclusion's hits and the audit chain are checked
 * as a user would check them.
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

  /**
   * After the firing of this hour North's remote-desktop exclusion is proposed, backtested and
   * approved; the windows after it apply it.
   */
  private static final int EXCLUDE_AFTER = 3;

  private static final String RDP_TEMPLATE = "remote-desktop-administration";
  private static final String RDP_SCENARIO = "Remote Desktop Administration via TigerVNC";

  /**
   * The dev/test profiles' header naming the caller's roles (beside Callers' actor and tenants).
   */
  private static final String ROLES_HEADER = "X-Huntboard-Dev-Roles";

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
  void runsEveryWindowOnceThroughOutagesAppliesTheApprovedExclusionAndDetectsTheManifestsPairs()
      throws Exception {
    Hunted north = tenant("North", 11);
    Hunted south = tenant("South", 23);
    List<Hunted> tenants = List.of(north, south);
    String exclusion = null;

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
      if (h == EXCLUDE_AFTER) {
        exclusion = excludeRemoteDesktopAdministration(north);
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
    assertExclusionAppliedFromTheNextRun(north, exclusion);
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

  /**
   * The seed's remote-desktop exclusion for North, from the rule's template: proposed by grace,
   * backtested over the five days before now, refused to its proposer, approved by bob.
   */
  private String excludeRemoteDesktopAdministration(Hunted t) {
    String id =
        as("grace", "analyst,rule-owner", t)
            .body(
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "templateId",
                    RDP_TEMPLATE,
                    "ticket",
                    "CHG-2207",
                    "expiresAt",
                    DAY.plus(Duration.ofDays(30)).toString()))
            .post("/api/v1/tenants/{t}/exclusions", t.tenant())
            .then()
            .statusCode(201)
            .body("state", equalTo("PROPOSED"))
            .body("sourceTemplateId", equalTo(RDP_TEMPLATE))
            .body("filter", org.hamcrest.Matchers.containsString("mstsc"))
            .extract()
            .path("id");

    Map<String, Object> backtest =
        as("grace", "analyst,rule-owner", t)
            .body(Map.of("days", 5))
            .post("/api/v1/tenants/{t}/exclusions/{e}/backtest", t.tenant(), id)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getMap("");
    Instant end = Instant.parse((String) backtest.get("windowEnd"));
    Instant start = end.minus(LOOKBACK);
    assertThat(Instant.parse((String) backtest.get("windowStart"))).isEqualTo(start);
    long before = 0;
    TreeSet<String> hidden = new TreeSet<>();
    for (JsonNode p : t.manifest().path("tigerVnc").path("pairs")) {
      Instant firstSeen = Instant.parse(p.path("FirstSeen").asText());
      Instant lastSeen = Instant.parse(p.path("LastSeen").asText());
      if (lastSeen.isBefore(start) || !firstSeen.isBefore(end)) {
        continue;
      }
      before++;
      if (RDP_SCENARIO.equals(p.path("scenario").asText())) {
        hidden.add(p.path("DeviceId").asText() + "|" + p.path("RemoteUrl").asText());
      }
    }
    assertThat(hidden).as("the generator made remote-desktop pairs in the backtest").isNotEmpty();
    assertThat(((Number) backtest.get("rowsBefore")).longValue()).isEqualTo(before);
    assertThat(((Number) backtest.get("rowsHidden")).longValue()).isEqualTo(hidden.size());
    assertThat(((Number) backtest.get("rowsAfter")).longValue()).isEqualTo(before - hidden.size());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> closes = (List<Map<String, Object>>) backtest.get("detectionsClosed");
    TreeSet<String> closed = new TreeSet<>();
    for (Map<String, Object> d : closes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> grouping = (Map<String, Object>) d.get("grouping");
      closed.add(grouping.get("DeviceId") + "|" + grouping.get("RemoteUrl"));
    }
    assertThat(closed).as("the open detections it would close").isEqualTo(hidden);

    as("grace", "analyst,rule-owner", t)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/approval", t.tenant(), id)
        .then()
        .statusCode(403);
    as("bob", "rule-owner", t)
        .body(Map.of("comment", "admins' jump hosts, CHG-2207"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/approval", t.tenant(), id)
        .then()
        .statusCode(200)
        .body("state", equalTo("APPROVED"))
        .body("approver", equalTo("bob"));
    return id;
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
      // Every window whose lookback still reaches the pair's last event saw it, unless the
      // exclusion hid it (North's remote-desktop pairs from the window after the approval on).
      boolean excluded =
          t.name().equals("North") && RDP_SCENARIO.equals(p.path("scenario").asText());
      int sightings = 0;
      for (int i = 0; i < WINDOWS; i++) {
        Instant queryStart = DAY.plus(HOUR.multipliedBy(i)).minus(LOOKBACK);
        if (!lastSeen.isBefore(queryStart) && !(excluded && i > EXCLUDE_AFTER)) {
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

  /**
   * Runs up to the approval ran without exclusions; every run after it applied the exclusion and
   * counted, in the ledger, one suppressed row per remote-desktop pair its lookback reached; the
   * exclusion's hits are the sum of the ledger's.
   */
  private void assertExclusionAppliedFromTheNextRun(Hunted t, String exclusion) {
    List<Instant> rdpLastSeen = new ArrayList<>();
    for (JsonNode p : t.manifest().path("tigerVnc").path("pairs")) {
      if (RDP_SCENARIO.equals(p.path("scenario").asText())) {
        rdpLastSeen.add(Instant.parse(p.path("LastSeen").asText()));
      }
    }
    List<HuntRun> ledger = ledgerOf(t);
    long ledgerHits = 0;
    for (int i = 0; i < ledger.size(); i++) {
      HuntRun run = ledger.get(i);
      Map<String, Long> suppressions =
          QuarkusTransaction.requiringNew().call(() -> runs.suppressions(run.id));
      if (i <= EXCLUDE_AFTER) {
        assertThat(run.exclusionSetVersion).as("window %d", i).isEqualTo("none");
        assertThat(suppressions).isEmpty();
        assertThat(run.rowsBefore).isEqualTo(run.rowsAfter);
        continue;
      }
      long reached = rdpLastSeen.stream().filter(l -> !l.isBefore(run.queryStart)).count();
      assertThat(run.exclusionSetVersion).as("window %d", i).hasSize(64);
      assertThat(suppressions).as("window %d", i).containsOnlyKeys(exclusion);
      assertThat(suppressions.get(exclusion)).as("window %d", i).isEqualTo(reached);
      assertThat(run.rowsBefore - run.rowsAfter).isEqualTo(reached);
      ledgerHits += reached;
    }
    assertThat(ledgerHits).as("the exclusion hid rows").isPositive();
    String lastRun = ledger.get(ledger.size() - 1).id.toString();
    Callers.member("auditor", t.tenant())
        .get("/api/v1/tenants/{t}/runs/{r}", t.tenant(), lastRun)
        .then()
        .statusCode(200)
        .body("suppressions." + exclusion, org.hamcrest.Matchers.notNullValue());
    Map<String, Object> hits =
        as("carol", "auditor", t)
            .get("/api/v1/tenants/{t}/exclusions/{e}", t.tenant(), exclusion)
            .then()
            .statusCode(200)
            .body("state", equalTo("APPROVED"))
            .extract()
            .jsonPath()
            .getMap("hits");
    assertThat(((Number) hits.get("hitCount")).longValue()).isEqualTo(ledgerHits);
    assertThat(((Number) hits.get("runsApplied")).longValue())
        .isEqualTo(WINDOWS - EXCLUDE_AFTER - 1);
    assertThat(hits.get("lastHitAt")).isNotNull();
  }

  /** A caller with the given roles (comma-separated) in the tenant. */
  private static io.restassured.specification.RequestSpecification as(
      String actor, String roles, Hunted t) {
    return Callers.member(actor, t.tenant()).header(ROLES_HEADER, roles);
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
