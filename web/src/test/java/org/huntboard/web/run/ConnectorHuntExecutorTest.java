package org.huntboard.web.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class ConnectorHuntExecutorTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";
  private static final String TIGERVNC_FILE =
      "hunting/rmm/tigervnc/tigervnc-network-connection.yaml";
  private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject HuntRunRepository runs;
  @Inject RecordingHuntExecutor executor;
  @Inject RuleCatalog catalog;

  @TempDir Path dir;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void detectsEveryTigerVncPairOfTheRuleWindowAsTheGeneratorRecordedIt() throws Exception {
    Path data = dir.resolve("tenant");
    TelemetryGenerator.generate(new GeneratorOptions(data, 20, 6, 7, NOW, 60, null));
    UUID tenant = localTenant(data);
    clock.set(NOW.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    executor.useRealExecutor(assignment);

    clock.set(NOW.plusSeconds(90));
    HuntRunner.Firing firing = runner.runDue(assignment, "node-a");
    assertThat(firing.finished()).isEqualTo(1);

    JsonNode manifest = JSON.readTree(data.resolve("manifest.json").toFile());
    Map<String, String> expected = new TreeMap<>();
    TreeSet<String> kinds = new TreeSet<>();
    int outOfWindow = 0;
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      if (!p.path("inRuleWindow").asBoolean()) {
        outOfWindow++;
        continue;
      }
      kinds.add(p.path("scenario").isNull() ? "true-positive" : p.path("scenario").asText());
      TreeSet<String> reports = new TreeSet<>();
      p.path("ReportIds").forEach(n -> reports.add(n.asText()));
      expected.put(
          p.path("DeviceId").asText()
              + "|"
              + p.path("DeviceName").asText()
              + "|"
              + p.path("RemoteUrl").asText(),
          storedPrecision(Instant.parse(p.path("FirstSeen").asText()))
              + " "
              + storedPrecision(Instant.parse(p.path("LastSeen").asText()))
              + " "
              + p.path("Count").asLong()
              + " "
              + reports);
    }
    assertThat(kinds).as("true positives and the five scenarios").hasSize(6);
    assertThat(outOfWindow).as("a pair older than the lookback exists").isPositive();

    List<Map<String, Object>> items =
        Callers.member("analyst", tenant)
            .queryParam("size", 500)
            .get("/api/v1/tenants/{t}/detections", tenant)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    Map<String, String> detected = new TreeMap<>();
    for (Map<String, Object> item : items) {
      @SuppressWarnings("unchecked")
      Map<String, Object> grouping = (Map<String, Object>) item.get("grouping");
      @SuppressWarnings("unchecked")
      List<Object> reportIds = (List<Object>) item.get("reportIds");
      TreeSet<String> reports = new TreeSet<>();
      reportIds.forEach(id -> reports.add(id.toString()));
      detected.put(
          grouping.get("DeviceId")
              + "|"
              + grouping.get("DeviceName")
              + "|"
              + grouping.get("RemoteUrl"),
          Instant.parse((String) item.get("firstSeen"))
              + " "
              + Instant.parse((String) item.get("lastSeen"))
              + " "
              + ((Number) item.get("eventCount")).longValue()
              + " "
              + reports);
    }
    assertThat(detected).isEqualTo(expected);

    HuntRun run =
        QuarkusTransaction.requiringNew().call(() -> runs.list("assignmentId", assignment).get(0));
    assertThat(run.state).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.windowEnd).isEqualTo(NOW);
    assertThat(run.ruleVersionHash).isEqualTo(sha256(ruleFileBytes()));
    String ruleText = catalog.find(TIGERVNC).orElseThrow().query().text();
    String sent =
        KqlRenderer.render(
            QueryRewriter.bindTimeWindow(
                KqlParser.parse(ruleText),
                NOW.minus(Duration.ofDays(5)),
                NOW.minus(Duration.ofNanos(100))));
    assertThat(sent)
        .contains("datetime(2026-05-05T12:00:00")
        .contains("2026-05-10T11:59:59.9999999");
    assertThat(run.queryHash).isEqualTo(sha256(sent.getBytes(StandardCharsets.UTF_8)));
    assertThat(run.rowsBefore).isEqualTo(expected.size());
    assertThat(run.rowsAfter).isEqualTo(expected.size());
  }

  @Test
  void failsAsNotConfiguredWhenTheDataFolderIsMissing() {
    UUID tenant = localTenant(dir.resolve("absent"));
    clock.set(NOW.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    executor.useRealExecutor(assignment);
    clock.set(NOW.plusSeconds(90));
    runner.runDue(assignment, "node-a");
    HuntRun run =
        QuarkusTransaction.requiringNew().call(() -> runs.list("assignmentId", assignment).get(0));
    assertThat(run.failureClass).isEqualTo("NOT_CONFIGURED");
    assertThat(run.failureMessage).contains("does not exist");
    assertThat(run.ruleVersionHash).isEqualTo(sha256(ruleFileBytes()));
  }

  /**
   * The instant as PostgreSQL keeps it: timestamps hold microseconds, and the JDBC driver rounds
   * the 100 ns ticks of KQL's datetime half up to the nearest microsecond.
   */
  private static Instant storedPrecision(Instant instant) {
    long nanos = instant.getNano();
    long micros = (nanos + 500) / 1000;
    return instant.minusNanos(nanos).plusNanos(micros * 1000);
  }

  private static UUID localTenant(Path data) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    "Generated " + UUID.randomUUID().toString().substring(0, 8),
                    "connectors",
                    List.of(Map.of("kind", "LOCAL", "dataFolder", data.toString()))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }

  private static byte[] ruleFileBytes() {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(TIGERVNC_FILE)) {
      assertThat(in).as(TIGERVNC_FILE + " on the class path").isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
