package org.huntboard.web.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AssignmentResourceTest {

  @Inject AgroalDataSource dataSource;

  @Test
  void schedulesAnAssignmentInTheClusteredJobStore() throws SQLException {
    UUID tenant = TestTenants.localTenant("Scheduled");
    UUID assignment = TestTenants.assign(tenant, "tigervnc-network", "PT1H", "P5D");

    Callers.member("analyst", tenant)
        .get("/api/v1/tenants/{t}/assignments/{a}", tenant, assignment)
        .then()
        .statusCode(200)
        .body("ruleId", equalTo("tigervnc-network"))
        .body("frequency", equalTo("PT1H"))
        .body("lookback", equalTo("PT120H"))
        .body("state", equalTo("ACTIVE"))
        .body("jitterSeconds", lessThan(600))
        .body("nextFire", notNullValue());
    assertThat(triggerState(assignment)).isEqualTo("WAITING");
  }

  @Test
  void pausesAndResumes() throws SQLException {
    UUID tenant = TestTenants.localTenant("Pausing");
    UUID assignment = TestTenants.assign(tenant, "rule-a", "PT15M", "PT1H");

    Callers.member("analyst", tenant)
        .post("/api/v1/tenants/{t}/assignments/{a}/pause", tenant, assignment)
        .then()
        .statusCode(200)
        .body("state", equalTo("PAUSED"))
        .body("nextFire", nullValue());
    assertThat(triggerState(assignment)).isEqualTo("PAUSED");
    Callers.member("analyst", tenant)
        .post("/api/v1/tenants/{t}/assignments/{a}/pause", tenant, assignment)
        .then()
        .statusCode(409);
    Callers.member("analyst", tenant)
        .post("/api/v1/tenants/{t}/assignments/{a}/run-now", tenant, assignment)
        .then()
        .statusCode(409)
        .body("detail", equalTo("The assignment is paused; resume it to run it"));

    Callers.member("analyst", tenant)
        .post("/api/v1/tenants/{t}/assignments/{a}/resume", tenant, assignment)
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"));
    assertThat(triggerState(assignment)).isEqualTo("WAITING");
    Callers.member("analyst", tenant)
        .post("/api/v1/tenants/{t}/assignments/{a}/run-now", tenant, assignment)
        .then()
        .statusCode(202);

    Callers.admin()
        .queryParam("objectId", assignment.toString())
        .get("/api/v1/audit-events")
        .then()
        .body(
            "items.action",
            equalTo(
                java.util.List.of(
                    "assignment.run-requested",
                    "assignment.resumed",
                    "assignment.paused",
                    "assignment.created")));
  }

  @Test
  void enforcesSentinelBoundsAndTheTenantsConnectors() {
    UUID tenant = TestTenants.localTenant("Bounded");
    assertRejected(tenant, "LOCAL", "PT1M", "PT1H", "frequency must be between PT5M and P14D");
    assertRejected(tenant, "LOCAL", "PT1H", "P15D", "lookback must be between PT5M and P14D");
    assertRejected(tenant, "LOCAL", "PT1H", "PT30M", "lookback must be at least the frequency");
    assertRejected(tenant, "LOCAL", "hourly", "P1D", "frequency must be an ISO-8601 duration");
    assertRejected(tenant, "DEFENDER", "PT1H", "P1D", "the tenant has no DEFENDER connector");

    TestTenants.assign(tenant, "rule-b", "PT1H", "P1D");
    Callers.admin()
        .body(
            Map.of(
                "ruleId", "rule-b", "connector", "LOCAL", "frequency", "PT1H", "lookback", "P1D"))
        .post("/api/v1/tenants/{t}/assignments", tenant)
        .then()
        .statusCode(409);
  }

  @Test
  void answersNotFoundForAnotherTenantsAssignment() {
    UUID mine = TestTenants.localTenant("Own");
    UUID theirs = TestTenants.localTenant("Foreign");
    UUID foreign = TestTenants.assign(theirs, "rule-c", "PT1H", "P1D");

    Callers.member("analyst", mine)
        .get("/api/v1/tenants/{t}/assignments/{a}", theirs, foreign)
        .then()
        .statusCode(404);
    Callers.member("analyst", mine)
        .get("/api/v1/tenants/{t}/assignments/{a}", mine, foreign)
        .then()
        .statusCode(404);
    Callers.member("analyst", mine)
        .post("/api/v1/tenants/{t}/assignments/{a}/pause", theirs, foreign)
        .then()
        .statusCode(404);
    Callers.member("analyst", mine)
        .get("/api/v1/tenants/{t}/assignments", theirs)
        .then()
        .statusCode(404);
    Callers.member("analyst", mine)
        .get("/api/v1/tenants/{t}/assignments/not-a-uuid", mine)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static void assertRejected(
      UUID tenant, String connector, String frequency, String lookback, String detail) {
    Callers.admin()
        .body(
            Map.of(
                "ruleId",
                "rule-x",
                "connector",
                connector,
                "frequency",
                frequency,
                "lookback",
                lookback))
        .post("/api/v1/tenants/{t}/assignments", tenant)
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.startsWith(detail));
  }

  private String triggerState(UUID assignment) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select trigger_state from qrtz_triggers where trigger_name = ?")) {
      query.setString(1, assignment.toString());
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }
}
