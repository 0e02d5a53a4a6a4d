package org.huntboard.web.exclusion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.web.exclusion.service.ExclusionExpiry;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.security.DevHeaders;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exclusion workflow over the API, on a tenant with the local connector over generated
 * telemetry: propose, backtest, approve (never by the proposer), apply in the next run, count its
 * hits, expire, revoke, renew — and every refusal on the way.
 */
@QuarkusTest
class ExclusionWorkflowTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";
  private static final String RDP_TEMPLATE = "remote-desktop-administration";
  private static final String RDP_SCENARIO = "Remote Desktop Administration via TigerVNC";
  private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  private static Path data;
  private static JsonNode manifest;

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;
  @Inject ExclusionExpiry expiry;

  @BeforeAll
  static void generateTelemetry() throws IOException {
    data = shared.resolve("tenant");
    TelemetryGenerator.generate(new GeneratorOptions(data, 20, 7, 7, NOW, 60, null));
    manifest = JSON.readTree(Files.readString(data.resolve("manifest.json")));
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void tigerVncTemplateGoesFromProposalThroughBacktestApprovalRunsExpiryAndRenewal() {
    UUID tenant = generatedTenant();
    clock.set(NOW.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    executor.useRealExecutor(assignment);
    clock.set(NOW.plusSeconds(90));
    assertThat(runner.runDue(assignment, "node-a").finished()).isEqualTo(1);
    JsonPath firstRun = latestRun(tenant);
    assertThat(firstRun.getString("exclusionSetVersion")).isEqualTo("none");

    List<Map<String, Object>> templates =
        as("alice", "analyst", tenant)
            .get("/api/v1/rules/{r}/exclusion-templates", TIGERVNC)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(templates).extracting(t -> t.get("id")).hasSize(5).contains(RDP_TEMPLATE);
    String templateFilter =
        templates.stream()
            .filter(t -> t.get("id").equals(RDP_TEMPLATE))
            .findFirst()
            .orElseThrow()
            .get("filter")
            .toString();

    // grace holds both roles, the demo realm's analyst-and-rule-owner.
    JsonPath proposal =
        as("grace", "analyst,rule-owner", tenant)
            .body(
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "templateId",
                    RDP_TEMPLATE,
                    "ticket",
                    "CHG-1042",
                    "expiresAt",
                    NOW.plus(Duration.ofDays(2)).toString()))
            .post("/api/v1/tenants/{t}/exclusions", tenant)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String id = proposal.getString("id");
    assertThat(proposal.getString("state")).isEqualTo("PROPOSED");
    assertThat(proposal.getString("filter")).isEqualTo(templateFilter);
    assertThat(proposal.getString("sourceTemplateId")).isEqualTo(RDP_TEMPLATE);
    assertThat(proposal.getString("justification")).contains("routine remote desktop");
    assertThat(proposal.getBoolean("flags.overBroad")).as("verbatim filters are broad").isTrue();
    assertThat(proposal.getList("findings.code", String.class))
        .contains("EXCL-ATTACKER-CONTROLLED", "EXCL-SINGLE-FIELD");

    approve(id, "bob", tenant)
        .then()
        .statusCode(409)
        .body("detail", org.hamcrest.Matchers.containsString("needs a backtest"));

    JsonPath backtest =
        as("alice", "analyst", tenant)
            .body(Map.of())
            .post("/api/v1/tenants/{t}/exclusions/{e}/backtest", tenant, id)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    List<JsonNode> pairs = new ArrayList<>();
    manifest.path("tigerVnc").path("pairs").forEach(pairs::add);
    List<JsonNode> rdp =
        pairs.stream().filter(p -> RDP_SCENARIO.equals(p.path("scenario").asText())).toList();
    assertThat(rdp).as("the generator made remote-desktop pairs").isNotEmpty();
    assertThat(backtest.getInt("days")).isEqualTo(7);
    assertThat(backtest.getLong("rowsBefore")).isEqualTo(pairs.size());
    assertThat(backtest.getLong("rowsHidden")).isEqualTo(rdp.size());
    assertThat(backtest.getLong("rowsAfter")).isEqualTo(pairs.size() - rdp.size());
    assertThat(backtest.getBoolean("current")).isTrue();
    assertThat(new TreeSet<>(backtest.getList("sampleRows.DeviceName", String.class)))
        .isEqualTo(
            rdp.stream()
                .map(p -> p.path("DeviceName").asText())
                .collect(Collectors.toCollection(TreeSet::new)));
    // The first run made detections of the pairs in its lookback; those of the scenario close.
    assertThat(new TreeSet<>(backtest.getList("detectionsClosed.grouping.DeviceId", String.class)))
        .isEqualTo(
            rdp.stream()
                .filter(p -> p.path("inRuleWindow").asBoolean())
                .map(p -> p.path("DeviceId").asText())
                .collect(Collectors.toCollection(TreeSet::new)));
    as("carol", "auditor", tenant)
        .get("/api/v1/tenants/{t}/exclusions/{e}/backtest", tenant, id)
        .then()
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.equalTo(backtest.getString("id")));

    approve(id, "grace", tenant)
        .then()
        .statusCode(403)
        .body("detail", org.hamcrest.Matchers.containsString("grace proposed it"));
    as("alice", "analyst", tenant)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/approval", tenant, id)
        .then()
        .statusCode(403)
        .body("detail", org.hamcrest.Matchers.containsString("rule-owner"));
    as("bob", "rule-owner", tenant)
        .body(Map.of("comment", "checked against CHG-1042"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/approval", tenant, id)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("APPROVED"))
        .body("approver", org.hamcrest.Matchers.equalTo("bob"));
    approve(id, "erin", tenant)
        .then()
        .statusCode(409)
        .body("detail", org.hamcrest.Matchers.containsString("only proposed exclusions can"));

    clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(90));
    assertThat(runner.runDue(assignment, "node-a").finished()).isEqualTo(1);
    JsonPath run = latestRun(tenant);
    long inWindow = rdp.stream().filter(p -> p.path("inRuleWindow").asBoolean()).count();
    assertThat(run.getString("exclusionSetVersion")).hasSize(64);
    Map<String, Object> suppressions = run.getMap("suppressions");
    assertThat(suppressions).containsOnlyKeys(id);
    assertThat(((Number) suppressions.get(id)).longValue()).isEqualTo(inWindow);
    assertThat(run.getLong("rowsBefore") - run.getLong("rowsAfter")).isEqualTo(inWindow);
    JsonPath applied = get(tenant, id);
    assertThat(applied.getLong("hits.hitCount")).isEqualTo(inWindow);
    assertThat(applied.getLong("hits.runsApplied")).isEqualTo(1);
    assertThat(Instant.parse(applied.getString("hits.lastHitAt")))
        .isEqualTo(NOW.plus(Duration.ofHours(1)).plusSeconds(90));

    String renewal =
        as("alice", "analyst", tenant)
            .body(Map.of("expiresAt", NOW.plus(Duration.ofDays(30)).toString()))
            .post("/api/v1/tenants/{t}/exclusions/{e}/renewal", tenant, id)
            .then()
            .statusCode(201)
            .body("state", org.hamcrest.Matchers.equalTo("PROPOSED"))
            .body("renews", org.hamcrest.Matchers.equalTo(id))
            .body("filter", org.hamcrest.Matchers.equalTo(templateFilter))
            .extract()
            .path("id");
    as("alice", "analyst", tenant)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/renewal", tenant, id)
        .then()
        .statusCode(409);

    clock.set(NOW.plus(Duration.ofDays(2)).plusSeconds(1));
    assertThat(expiry.expireDue()).isPositive();
    assertThat(expiry.expireDue()).as("a second pass finds nothing").isZero();
    JsonPath expired = get(tenant, id);
    assertThat(expired.getString("state")).isEqualTo("EXPIRED");
    assertThat(expired.getList("history.kind", String.class))
        .containsExactly("PROPOSED", "BACKTESTED", "APPROVED", "RENEWED", "EXPIRED");

    as("alice", "analyst", tenant)
        .body(Map.of("days", 3))
        .post("/api/v1/tenants/{t}/exclusions/{e}/backtest", tenant, renewal)
        .then()
        .statusCode(201);
    approve(renewal, "bob", tenant).then().statusCode(200);
    as("bob", "rule-owner", tenant)
        .body(Map.of("reason", "the admins moved to a jump host"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/revocation", tenant, renewal)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("REVOKED"))
        .body("closedBy", org.hamcrest.Matchers.equalTo("bob"));
    as("bob", "rule-owner", tenant)
        .body(Map.of("reason", "again"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/revocation", tenant, renewal)
        .then()
        .statusCode(409);

    List<String> actions =
        Callers.admin()
            .queryParam("objectType", "exclusion")
            .queryParam("objectId", id)
            .get("/api/v1/audit-events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.action", String.class);
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "exclusion.proposed",
            "exclusion.backtested",
            "exclusion.approved",
            "exclusion.expired");
    List<String> renewalActions =
        Callers.admin()
            .queryParam("objectType", "exclusion")
            .queryParam("objectId", renewal)
            .get("/api/v1/audit-events")
            .then()
            .extract()
            .jsonPath()
            .getList("items.action", String.class);
    assertThat(renewalActions)
        .containsExactlyInAnyOrder(
            "exclusion.renewed", "exclusion.backtested", "exclusion.approved", "exclusion.revoked");
    Callers.admin()
        .get("/api/v1/audit-events/verification")
        .then()
        .statusCode(200)
        .body("intact", org.hamcrest.Matchers.equalTo(true));
  }

  private static JsonPath latestRun(UUID tenant) {
    String runId =
        Callers.member("analyst", tenant)
            .get("/api/v1/tenants/{t}/runs", tenant)
            .then()
            .statusCode(200)
            .extract()
            .path("items[0].id");
    return Callers.member("analyst", tenant)
        .get("/api/v1/tenants/{t}/runs/{r}", tenant, runId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath get(UUID tenant, String id) {
    return as("carol", "auditor", tenant)
        .get("/api/v1/tenants/{t}/exclusions/{e}", tenant, id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static io.restassured.response.Response approve(String id, String who, UUID tenant) {
    return as(who, "rule-owner", tenant)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/approval", tenant, id);
  }

  /** A caller with the given roles (comma-separated) in the given tenants. */
  static RequestSpecification as(String actor, String roles, UUID... tenants) {
    return given()
        .contentType(ContentType.JSON)
        .header(DevHeaders.ACTOR, actor)
        .header(
            DevHeaders.TENANTS,
            Arrays.stream(tenants).map(UUID::toString).collect(Collectors.joining(",")))
        .header(DevHeaders.ROLES, roles);
  }

  private static UUID generatedTenant() {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    "Exclusions " + UUID.randomUUID().toString().substring(0, 8),
                    "connectors",
                    List.of(Map.of("kind", "LOCAL", "dataFolder", data.toString()))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }
}
