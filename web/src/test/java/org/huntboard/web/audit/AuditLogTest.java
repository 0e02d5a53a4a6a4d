package org.huntboard.web.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.audit.service.AuditVerifier;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditLogTest {

  @Inject AgroalDataSource dataSource;
  @Inject AuditLog audit;
  @Inject AuditVerifier verifier;

  @Test
  void recordsEveryTenantChangeWithBeforeAndAfter() {
    UUID tenant = TestTenants.localTenant("Audited");
    Callers.admin()
        .body(Map.of("displayName", "Renamed " + tenant))
        .put("/api/v1/tenants/{id}", tenant)
        .then()
        .statusCode(200);

    Callers.member("auditor", tenant)
        .queryParam("objectId", tenant.toString())
        .get("/api/v1/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items[0].action", equalTo("tenant.updated"))
        .body("items[0].actor", equalTo("admin"))
        .body("items[0].after.displayName", equalTo("Renamed " + tenant))
        .body("items[0].before.connectors[0].kind", equalTo("LOCAL"))
        .body("items[1].action", equalTo("tenant.created"))
        .body("items[1].before", equalTo(null));
  }

  @Test
  void hidesOtherTenantsEvents() {
    UUID mine = TestTenants.localTenant("Mine");
    UUID theirs = TestTenants.localTenant("Theirs");
    Callers.member("auditor", mine)
        .queryParam("tenantId", theirs.toString())
        .get("/api/v1/audit-events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
  }

  @Test
  void databaseRejectsUpdateAndDelete() throws SQLException {
    TestTenants.localTenant("Immutable");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("update audit_event set actor = 'mallory'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("delete from audit_event"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("truncate audit_event"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void verificationFindsTheFirstAlteredEvent() throws SQLException {
    TestTenants.localTenant("Tampered");
    Callers.admin()
        .get("/api/v1/audit-events/verification")
        .then()
        .statusCode(200)
        .body("intact", equalTo(true))
        .body("eventsChecked", greaterThan(0));

    long seq;
    String actor;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet last =
            statement.executeQuery(
                "select seq, actor from audit_event order by seq desc limit 1")) {
      last.next();
      seq = last.getLong(1);
      actor = last.getString(2);
    }
    // A superuser can switch the triggers off for its session; the chain still tells.
    alter(seq, "mallory");
    try {
      Callers.admin()
          .get("/api/v1/audit-events/verification")
          .then()
          .statusCode(200)
          .body("intact", equalTo(false))
          .body("firstBrokenSeq", equalTo((int) seq))
          .body("problem", equalTo("its content does not match its hash (the event was altered)"));
    } finally {
      alter(seq, actor);
    }
    assertThat(verifier.verify().intact()).isTrue();
  }

  @Test
  void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () ->
                    QuarkusTransaction.requiringNew()
                        .run(
                            () ->
                                audit.append(
                                    "load-" + n,
                                    "test.appended",
                                    "probe",
                                    "p-" + n,
                                    null,
                                    null,
                                    Map.of("n", n)))));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    AuditVerifier.Verification verification = verifier.verify();
    assertThat(verification.intact()).as(String.valueOf(verification)).isTrue();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet forks =
            statement.executeQuery(
                "select count(*) from (select previous_hash from audit_event"
                    + " group by previous_hash having count(*) > 1) f")) {
      forks.next();
      assertThat(forks.getLong(1)).isZero();
    }
  }

  private void alter(long seq, String actor) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("set session_replication_role = replica");
      }
      try (PreparedStatement update =
          connection.prepareStatement("update audit_event set actor = ? where seq = ?")) {
        update.setString(1, actor);
        update.setLong(2, seq);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("set session_replication_role = origin");
      }
    }
  }
}
