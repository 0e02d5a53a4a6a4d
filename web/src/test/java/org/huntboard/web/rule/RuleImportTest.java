package org.huntboard.web.rule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.security.DevHeaders;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RuleImportTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  private static String rule(String id, String company) {
    return "id: "
        + id
        + "\n"
        + "name: AnyDesk network connection\n"
        + "description: |\n"
        + "  Connections made by AnyDesk, an RMM tool attackers use for remote access.\n"
        + "requiredDataConnectors:\n"
        + "  - connectorId: MicrosoftThreatProtection\n"
        + "    dataTypes:\n"
        + "      - DeviceNetworkEvents\n"
        + "tactics:\n"
        + "  - CommandAndControl\n"
        + "relevantTechniques:\n"
        + "  - T1219\n"
        + "query: |\n"
        + "  let Time_start = now(-1d);\n"
        + "  let Time_end = now();\n"
        + "  DeviceNetworkEvents\n"
        + "  | where Timestamp between (Time_start..Time_end)\n"
        + "  | where InitiatingProcessVersionInfoCompanyName has '"
        + company
        + "'\n"
        + "  | summarize Count=count() by DeviceId, DeviceName, RemoteUrl\n";
  }

  private static RequestSpecification as(String actor, String roles) {
    return given()
        .header(DevHeaders.ACTOR, actor)
        .header(DevHeaders.TENANTS, "*")
        .header(DevHeaders.ROLES, roles);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void importsARuleKeepsEachVersionAndOffersTheLatest() throws Exception {
    String id = UUID.randomUUID().toString();
    String first = rule(id, "AnyDesk Software GmbH");
    as("owner", "rule-owner")
        .contentType("application/yaml")
        .body(bytes(first))
        .post("/api/v1/rules")
        .then()
        .statusCode(201)
        .body("id", equalTo(id))
        .body("versionHash", equalTo(sha256(first)))
        .body("tables[0]", equalTo("DeviceNetworkEvents"));
    // The same content again keeps the version.
    as("owner", "rule-owner")
        .contentType("text/plain")
        .body(bytes(first))
        .post("/api/v1/rules")
        .then()
        .statusCode(200);
    String second = rule(id, "philandro");
    as("admin", "admin")
        .contentType("application/yaml")
        .body(bytes(second))
        .post("/api/v1/rules")
        .then()
        .statusCode(201);

    Callers.member("analyst")
        .get("/api/v1/rules/{id}", id)
        .then()
        .statusCode(200)
        .body("query", containsString("philandro"))
        .body("versionHash", equalTo(sha256(second)));
    List<String> ids = Callers.member("analyst").get("/api/v1/rules").then().extract().path("id");
    assertThat(ids).contains(id, TIGERVNC);
    Callers.member("analyst")
        .get("/api/v1/rules/{id}/versions", id)
        .then()
        .statusCode(200)
        .body("versionHash", equalTo(List.of(sha256(second), sha256(first))))
        .body("origin", equalTo(List.of("IMPORTED", "IMPORTED")))
        .body("current", equalTo(List.of(true, false)))
        .body("recordedBy", equalTo(List.of("admin", "owner")));

    // It joins the catalog: it can be assigned and its import is audited.
    UUID tenant = TestTenants.localTenant("Importing");
    Callers.admin()
        .body(Map.of("ruleId", id, "connector", "LOCAL"))
        .post("/api/v1/tenants/{t}/assignments", tenant)
        .then()
        .statusCode(201)
        .body("frequency", equalTo("PT1H"))
        .body("lookback", equalTo("PT24H"));
    Callers.admin()
        .queryParam("objectType", "rule")
        .queryParam("objectId", id)
        .get("/api/v1/audit-events")
        .then()
        .body("items.action", equalTo(List.of("rule.imported", "rule.imported")))
        .body("items[0].before.versionHash", equalTo(sha256(first)));
  }

  @Test
  void catalogRulesRecordTheirVersionAtStart() {
    Callers.member("analyst")
        .get("/api/v1/rules/{id}/versions", TIGERVNC)
        .then()
        .statusCode(200)
        .body("[0].origin", equalTo("CATALOG"))
        .body("[0].current", equalTo(true))
        .body("[0].recordedBy", equalTo("huntboard"));
    Callers.member("analyst")
        .get("/api/v1/rules/{id}/versions", UUID.randomUUID().toString())
        .then()
        .statusCode(404)
        .contentType(containsString("application/problem+json"));
  }

  @Test
  void rejectsABadRuleWithItsLineAndColumn() {
    String unknownColumn =
        rule(UUID.randomUUID().toString(), "x")
            .replace("InitiatingProcessVersionInfoCompanyName", "NoSuchColumn");
    as("owner", "rule-owner")
        .contentType("application/yaml")
        .body(bytes(unknownColumn))
        .post("/api/v1/rules")
        .then()
        .statusCode(400)
        .contentType(containsString("application/problem+json"))
        .body("title", equalTo("Invalid rule"))
        .body("problems[0].line", equalTo(18))
        .body("problems[0].column", equalTo(11))
        .body("problems[0].message", containsString("NoSuchColumn"))
        .body("detail", containsString("line 18, column 11"));
    as("owner", "rule-owner")
        .contentType("application/yaml")
        .body(bytes("id: [unclosed\nname: x\n"))
        .post("/api/v1/rules")
        .then()
        .statusCode(400)
        .body("problems[0].code", equalTo("RULE-YAML"))
        .body("problems[0].line", equalTo(2));
    as("owner", "rule-owner")
        .contentType("application/yaml")
        .body(bytes(rule("not-a-uuid", "x")))
        .post("/api/v1/rules")
        .then()
        .statusCode(400)
        .body("problems[0].line", equalTo(1));
  }

  @Test
  void refusesCallersWithoutTheRoleAndTheRuleFilesIds() {
    String yaml = rule(UUID.randomUUID().toString(), "x");
    as("analyst", "analyst")
        .contentType("application/yaml")
        .body(bytes(yaml))
        .post("/api/v1/rules")
        .then()
        .statusCode(403);
    as("owner", "rule-owner")
        .contentType("application/yaml")
        .body(bytes(rule(TIGERVNC, "x")))
        .post("/api/v1/rules")
        .then()
        .statusCode(409);
    as("owner", "rule-owner")
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/rules")
        .then()
        .statusCode(415);
    as("owner", "rule-owner")
        .contentType("application/yaml")
        .body(bytes(""))
        .post("/api/v1/rules")
        .then()
        .statusCode(400);
  }
}
