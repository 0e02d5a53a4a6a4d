package org.huntboard.web.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RuleResourceTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  @Test
  void showsACatalogRuleWithItsQueryAndVersion() {
    Callers.member("analyst")
        .get("/api/v1/rules/{id}", TIGERVNC)
        .then()
        .statusCode(200)
        .body(
            "name",
            equalTo("Remote Management and Monitoring tool - TigerVNC - Network Connection"))
        .body("tactics[0]", equalTo("CommandAndControl"))
        .body("techniques[0]", equalTo("T1219"))
        .body("tables[0]", equalTo("DeviceNetworkEvents"))
        .body("query", containsString("let Time_start = now(-5d);"))
        .body("versionHash", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
    List<String> ids =
        Callers.member("analyst").get("/api/v1/rules").then().statusCode(200).extract().path("id");
    assertThat(ids).contains(TIGERVNC);
    Callers.member("analyst")
        .get("/api/v1/rules/{id}", "00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(404);
  }

  @Test
  void anAssignmentWithoutScheduleTakesTheRulesOwn() {
    UUID tenant = TestTenants.localTenant("Defaults");
    Callers.admin()
        .body(Map.of("ruleId", TIGERVNC, "connector", "LOCAL"))
        .post("/api/v1/tenants/{t}/assignments", tenant)
        .then()
        .statusCode(201)
        .body("frequency", equalTo("PT1H"))
        .body("lookback", equalTo("PT120H"));
    Callers.admin()
        .body(Map.of("ruleId", "not-in-the-catalog", "connector", "LOCAL"))
        .post("/api/v1/tenants/{t}/assignments", tenant)
        .then()
        .statusCode(400)
        .body("detail", containsString("not in the rule catalog"));
  }
}
