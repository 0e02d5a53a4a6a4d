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
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.core.exclusion.condition.FilterPrinter;
import org.huntboard.web.exclusion.service.ExclusionExpiry;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.service.HuntResult;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.run.service.RunLedger;
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
  @Inject RunLedger ledger;

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
        .statusCode(403);
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

  @Test
  void answersAMalformedFilterWithItsLineAndColumn() {
    UUID tenant = generatedTenant();
    propose(tenant, "grace", Map.of("ruleId", TIGERVNC, "filter", "process.name == \"x.exe\" and"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("findings[0].code", org.hamcrest.Matchers.equalTo("EXCL-SYNTAX"))
        .body("findings[0].line", org.hamcrest.Matchers.equalTo(1))
        .body("findings[0].column", org.hamcrest.Matchers.equalTo(28))
        .body("detail", org.hamcrest.Matchers.containsString("filter:1:28"));
    propose(tenant, "grace", Map.of("ruleId", TIGERVNC, "filter", "process.name = \"x.exe\""))
        .then()
        .statusCode(400)
        .body("findings[0].column", org.hamcrest.Matchers.equalTo(14))
        .body("findings[0].message", org.hamcrest.Matchers.containsString("write '=='"));
  }

  @Test
  void answersAnUnknownFieldWithItsCloseMatches() {
    UUID tenant = generatedTenant();
    propose(tenant, "grace", Map.of("ruleId", TIGERVNC, "filter", "proces.name == \"mstsc.exe\""))
        .then()
        .statusCode(400)
        .body("findings[0].code", org.hamcrest.Matchers.equalTo("EXCL-UNKNOWN-FIELD"))
        .body("findings[0].message", org.hamcrest.Matchers.containsString("process.name"))
        .body("findings[0].column", org.hamcrest.Matchers.equalTo(1));
  }

  @Test
  void refusesAnUnknownRuleTemplateOrMissingSource() {
    UUID tenant = generatedTenant();
    String unknown = UUID.randomUUID().toString();
    propose(tenant, "grace", Map.of("ruleId", unknown, "filter", "process.name == \"x\""))
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString(unknown));
    as("grace", "analyst", tenant)
        .get("/api/v1/rules/{r}/exclusion-templates", unknown)
        .then()
        .statusCode(404);
    propose(tenant, "grace", Map.of("ruleId", TIGERVNC, "templateId", "no-such-template"))
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("exclusion-templates"));
    propose(tenant, "grace", Map.of("ruleId", TIGERVNC, "justification", "no filter"))
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("exactly one of"));
    as("grace", "analyst", tenant)
        .body(
            Map.of(
                "ruleId", TIGERVNC, "filter", "process.name == \"x.exe\" and user.name == \"a\""))
        .post("/api/v1/tenants/{t}/exclusions", tenant)
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("justification"));
    propose(
            tenant,
            "grace",
            Map.of(
                "ruleId",
                TIGERVNC,
                "templateId",
                RDP_TEMPLATE,
                "expiresAt",
                Instant.now().minusSeconds(60).toString()))
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("has passed"));
  }

  @Test
  void answersAnotherTenantsExclusionWith404() {
    UUID mine = generatedTenant();
    UUID theirs = generatedTenant();
    String id = proposeTemplate(mine, "grace");
    as("erin", "rule-owner", theirs)
        .get("/api/v1/tenants/{t}/exclusions/{e}", mine, id)
        .then()
        .statusCode(404);
    as("erin", "rule-owner", theirs)
        .get("/api/v1/tenants/{t}/exclusions/{e}", theirs, id)
        .then()
        .statusCode(404);
    as("erin", "rule-owner", theirs)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/approval", theirs, id)
        .then()
        .statusCode(404);
    as("erin", "rule-owner", theirs)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/backtest", mine, id)
        .then()
        .statusCode(404);
    as("erin", "rule-owner", theirs)
        .get("/api/v1/tenants/{t}/exclusions", mine)
        .then()
        .statusCode(404);
    as("erin", "rule-owner", theirs)
        .get("/api/v1/tenants/{t}/exclusions/not-a-uuid", theirs)
        .then()
        .statusCode(404);
  }

  @Test
  void blocksApprovalWhileAGuardFindsAnError() {
    UUID tenant = generatedTenant();
    clock.set(NOW);
    // The rule's true-positive fixture winvnc4.exe runs under services.exe.
    String id =
        propose(
                tenant,
                "alice",
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "filter",
                    "process.parent_process_name == \"services.exe\" and process.name =="
                        + " \"winvnc4.exe\"",
                    "justification",
                    "the service is ours"))
            .then()
            .statusCode(201)
            .body("findings.code", org.hamcrest.Matchers.hasItem("EXCL-SUPPRESSES-TRUE-POSITIVE"))
            .extract()
            .path("id");
    backtest(tenant, id).then().statusCode(201);
    approve(id, "bob", tenant)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("findings.code", org.hamcrest.Matchers.hasItem("EXCL-SUPPRESSES-TRUE-POSITIVE"))
        .body(
            "findings.severity",
            org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("error")));
    assertThat(get(tenant, id).getString("state")).isEqualTo("PROPOSED");
  }

  @Test
  void amendingTheFilterAsksForANewBacktest() {
    UUID tenant = generatedTenant();
    clock.set(NOW);
    String id = proposeTemplate(tenant, "alice");
    backtest(tenant, id).then().statusCode(201);
    as("alice", "analyst", tenant)
        .body(
            Map.of(
                "filter",
                "process.parent_process_name == \"mstsc.exe\" and process.name =="
                    + " \"vncviewer.exe\""))
        .put("/api/v1/tenants/{t}/exclusions/{e}/filter", tenant, id)
        .then()
        .statusCode(200)
        .body("filterVersion", org.hamcrest.Matchers.equalTo(2))
        .body("latestBacktest.current", org.hamcrest.Matchers.equalTo(false));
    as("dave", "analyst", tenant)
        .body(Map.of("filter", "process.name == \"x.exe\" and user.name == \"y\""))
        .put("/api/v1/tenants/{t}/exclusions/{e}/filter", tenant, id)
        .then()
        .statusCode(403);
    approve(id, "bob", tenant)
        .then()
        .statusCode(409)
        .body("detail", org.hamcrest.Matchers.containsString("version 2"));
    backtest(tenant, id)
        .then()
        .statusCode(201)
        .body("filterVersion", org.hamcrest.Matchers.equalTo(2));
    approve(id, "bob", tenant).then().statusCode(200);
    as("alice", "analyst", tenant)
        .body(Map.of("filter", "process.name == \"x.exe\" and user.name == \"y\""))
        .put("/api/v1/tenants/{t}/exclusions/{e}/filter", tenant, id)
        .then()
        .statusCode(409);
  }

  @Test
  void rejectsWithAReasonAndKeepsCommentsInTheHistory() {
    UUID tenant = generatedTenant();
    String id = proposeTemplate(tenant, "grace");
    as("alice", "analyst", tenant)
        .body(Map.of("body", "seen on the jump hosts only"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/comments", tenant, id)
        .then()
        .statusCode(200);
    as("carol", "auditor", tenant)
        .body(Map.of("body", "auditors change nothing"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/comments", tenant, id)
        .then()
        .statusCode(403);
    as("grace", "analyst,rule-owner", tenant)
        .body(Map.of("reason", "my own"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/rejection", tenant, id)
        .then()
        .statusCode(403);
    as("bob", "rule-owner", tenant)
        .body(Map.of("reason", " "))
        .post("/api/v1/tenants/{t}/exclusions/{e}/rejection", tenant, id)
        .then()
        .statusCode(400);
    as("bob", "rule-owner", tenant)
        .body(Map.of("reason", "command-line contains is evadable"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/rejection", tenant, id)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("REJECTED"))
        .body("closedBy", org.hamcrest.Matchers.equalTo("bob"))
        .body("closeReason", org.hamcrest.Matchers.equalTo("command-line contains is evadable"));
    as("alice", "analyst", tenant)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/renewal", tenant, id)
        .then()
        .statusCode(409)
        .body("detail", org.hamcrest.Matchers.containsString("rejected"));
    backtest(tenant, id).then().statusCode(409);
    JsonPath view = get(tenant, id);
    assertThat(view.getList("history.kind", String.class))
        .containsExactly("PROPOSED", "COMMENTED", "REJECTED");
    assertThat(view.getList("history.body", String.class))
        .contains("seen on the jump hosts only", "command-line contains is evadable");
    as("carol", "auditor", tenant)
        .body(Map.of("ruleId", TIGERVNC, "templateId", RDP_TEMPLATE))
        .post("/api/v1/tenants/{t}/exclusions", tenant)
        .then()
        .statusCode(403);
  }

  @Test
  void proposesFromADetectionAsAnEscapedEqualityFilter() {
    UUID tenant = TestTenants.localTenant("no-data");
    clock.set(NOW.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    String hostile = "ws-\"7\"\\01 | where 1==1 //";
    executor.rows(
        assignment,
        r ->
            List.of(
                Map.of(
                    "DeviceId",
                    "d-hostile",
                    "DeviceName",
                    hostile,
                    "RemoteUrl",
                    "evil.example') or true")));
    clock.set(NOW.plusSeconds(90));
    runner.runDue(assignment, "node-a");
    String detection =
        Callers.member("analyst", tenant)
            .get("/api/v1/tenants/{t}/detections", tenant)
            .then()
            .statusCode(200)
            .extract()
            .path("items[0].id");
    JsonPath proposal =
        propose(
                tenant,
                "alice",
                Map.of(
                    "ruleId", TIGERVNC, "detectionId", detection, "justification", "a lab device"))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(proposal.getString("filter"))
        .isEqualTo(
            "DeviceId == \"d-hostile\" and DeviceName == "
                + FilterPrinter.quote(hostile)
                + " and RemoteUrl == "
                + FilterPrinter.quote("evil.example') or true"));
    assertThat(proposal.getString("sourceDetectionId")).isEqualTo(detection);
    // Its data folder does not exist: the backtest says so instead of pretending.
    backtest(tenant, proposal.getString("id"))
        .then()
        .statusCode(503)
        .body("detail", org.hamcrest.Matchers.containsString("does not exist"));
    propose(
            tenant,
            "alice",
            Map.of(
                "ruleId",
                TIGERVNC,
                "detectionId",
                UUID.randomUUID().toString(),
                "justification",
                "x"))
        .then()
        .statusCode(400);
  }

  @Test
  void flagsDeadAndOverBroadExclusionsAndListsThemByFlagStateAndExpiry() {
    UUID tenant = generatedTenant();
    clock.set(NOW);
    String broad = proposeTemplate(tenant, "grace");
    String narrow =
        propose(
                tenant,
                "alice",
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "filter",
                    "process.parent_process_name == \"nothing.exe\" and process.name =="
                        + " \"vncviewer.exe\"",
                    "justification",
                    "a tool we retired",
                    "expiresAt",
                    NOW.plus(Duration.ofDays(60)).toString()))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    backtest(tenant, narrow)
        .then()
        .statusCode(201)
        .body("rowsHidden", org.hamcrest.Matchers.equalTo(0));
    assertThat(get(tenant, narrow).getList("findings.code", String.class)).contains("EXCL-DEAD");
    approve(narrow, "bob", tenant).then().statusCode(200);

    clock.set(NOW.plus(Duration.ofDays(31)).minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    executor.useRealExecutor(assignment);
    clock.set(NOW.plus(Duration.ofDays(31)).plusSeconds(90));
    assertThat(runner.runDue(assignment, "node-a").finished()).isEqualTo(1);

    assertThat(listIds(tenant, Map.of("flag", "dead"))).containsExactly(narrow);
    assertThat(listIds(tenant, Map.of("flag", "over-broad"))).containsExactly(broad);
    assertThat(listIds(tenant, Map.of("state", "approved"))).containsExactly(narrow);
    assertThat(listIds(tenant, Map.of("state", "PROPOSED", "ruleId", TIGERVNC)))
        .containsExactly(broad);
    // The template's proposal lives the default 90 days, the narrow one 60.
    assertThat(listIds(tenant, Map.of("expiringBefore", NOW.plus(Duration.ofDays(61)).toString())))
        .containsExactly(narrow);
    assertThat(listIds(tenant, Map.of("expiringBefore", NOW.plus(Duration.ofDays(91)).toString())))
        .containsExactlyInAnyOrder(broad, narrow);
    assertThat(listIds(tenant, Map.of("expiringBefore", NOW.plus(Duration.ofDays(59)).toString())))
        .isEmpty();
    JsonPath dead = get(tenant, narrow);
    assertThat(dead.getBoolean("flags.dead")).isTrue();
    assertThat(dead.getLong("hits.runsApplied")).isEqualTo(1);
    assertThat(dead.getLong("hits.hitCount")).isZero();
    as("bob", "rule-owner", tenant)
        .queryParam("flag", "stale")
        .get("/api/v1/tenants/{t}/exclusions", tenant)
        .then()
        .statusCode(400);
    as("bob", "rule-owner", tenant)
        .queryParam("size", 1)
        .get("/api/v1/tenants/{t}/exclusions", tenant)
        .then()
        .statusCode(200)
        .body("total", org.hamcrest.Matchers.equalTo(2))
        .body("items.size()", org.hamcrest.Matchers.equalTo(1));
    as("alice", "analyst", tenant)
        .body(Map.of("days", 31))
        .post("/api/v1/tenants/{t}/exclusions/{e}/backtest", tenant, narrow)
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("1 to 30 days"));
    as("alice", "analyst", tenant)
        .body(Map.of("reason", "analysts do not revoke"))
        .post("/api/v1/tenants/{t}/exclusions/{e}/revocation", tenant, narrow)
        .then()
        .statusCode(403);
  }

  @Test
  void countsARunsHitsOnceEvenWhenItsClaimIsTakenOver() {
    UUID tenant = generatedTenant();
    clock.set(NOW);
    String id =
        propose(
                tenant,
                "alice",
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "filter",
                    "process.parent_process_name == \"mstsc.exe\" and process.name =="
                        + " \"vncviewer.exe\""))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    backtest(tenant, id).then().statusCode(201);
    approve(id, "bob", tenant).then().statusCode(200);
    clock.set(NOW.minus(Duration.ofMinutes(30)));
    UUID assignment = TestTenants.assign(tenant, TIGERVNC, "PT1H", "P5D");
    clock.set(NOW.plusSeconds(90));
    ledger.planDue(assignment);
    HuntRunRepository.Claim first =
        ledger.claimOldest(assignment, "node-a", Duration.ofMinutes(30), Set.of()).orElseThrow();
    HuntResult result =
        new HuntResult.Completed(
            "a".repeat(64),
            "b".repeat(64),
            "set-1",
            10,
            7,
            Map.of(id, 3L),
            List.of("DeviceId", "DeviceName", "RemoteUrl"),
            List.of(),
            null);
    // node-a stalls past its lease; node-b takes the window over and finishes it.
    clock.set(NOW.plus(Duration.ofMinutes(40)));
    HuntRunRepository.Claim second =
        ledger.claimOldest(assignment, "node-b", Duration.ofMinutes(30), Set.of()).orElseThrow();
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(ledger.finish(second, result, Duration.ofSeconds(1), 3)).isTrue();
    assertThat(ledger.finish(first, result, Duration.ofSeconds(1), 3)).isFalse();
    assertThat(ledger.finish(second, result, Duration.ofSeconds(1), 3)).isFalse();
    JsonPath counted = get(tenant, id);
    assertThat(counted.getLong("hits.hitCount")).isEqualTo(3);
    assertThat(counted.getLong("hits.rowsSeen")).isEqualTo(10);
    assertThat(counted.getLong("hits.runsApplied")).isEqualTo(1);
  }

  private List<String> listIds(UUID tenant, Map<String, String> query) {
    return as("carol", "auditor", tenant)
        .queryParams(query)
        .get("/api/v1/tenants/{t}/exclusions", tenant)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }

  /** Proposes as {@code who}; a justification is added unless the body has one or a template. */
  private static io.restassured.response.Response propose(
      UUID tenant, String who, Map<String, Object> body) {
    Map<String, Object> complete = new java.util.HashMap<>(body);
    if (!body.containsKey("templateId") && body.containsKey("filter")) {
      complete.putIfAbsent("justification", "benign in this tenant");
    }
    return as(who, "analyst,rule-owner", tenant)
        .body(complete)
        .post("/api/v1/tenants/{t}/exclusions", tenant)
        .then()
        .log()
        .ifValidationFails()
        .extract()
        .response();
  }

  private static String proposeTemplate(UUID tenant, String who) {
    return propose(tenant, who, Map.of("ruleId", TIGERVNC, "templateId", RDP_TEMPLATE))
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static io.restassured.response.Response backtest(UUID tenant, String id) {
    return as("alice", "analyst", tenant)
        .body(Map.of())
        .post("/api/v1/tenants/{t}/exclusions/{e}/backtest", tenant, id);
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
