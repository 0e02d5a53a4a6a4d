package org.huntboard.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.huntboard.web.audit.service.AuditChain;
import org.huntboard.web.audit.service.AuditChainCheck;
import org.huntboard.web.cli.HuntboardCliTest.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code huntboard audit verify} against a real PostgreSQL with Huntboard's schema, whose audit
 * rows are tampered with the way an attacker with database access would: as the superuser, with the
 * append-only trigger switched off.
 */
class AuditCommandTest {

  static final UUID TENANT = UUID.fromString("6f1f5a8e-0c1d-4c7e-9a51-3f2b7c1d9e01");
  static EmbeddedPostgres server;
  static String url;

  @BeforeAll
  static void startDatabase() throws IOException {
    server =
        EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
    url = server.getJdbcUrl("postgres", "postgres");
    Flyway.configure()
        .dataSource(server.getPostgresDatabase())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    server.close();
  }

  @BeforeEach
  void freshChain() throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("alter table audit_event disable trigger audit_event_no_truncate");
      s.execute("truncate audit_event");
      s.execute("alter table audit_event enable trigger audit_event_no_truncate");
    }
    String previous = AuditChain.GENESIS;
    Instant at = Instant.parse("2026-08-01T09:00:00.123456Z");
    for (long seq = 1; seq <= 5; seq++) {
      previous =
          append(
              new AuditChain.Content(
                  seq,
                  at.plusSeconds(seq),
                  "alice",
                  "tenant.updated",
                  "tenant",
                  TENANT.toString(),
                  TENANT,
                  seq == 1 ? null : "{\"displayName\":\"Contoso " + (seq - 1) + "\"}",
                  "{\"displayName\":\"Contoso " + seq + "\"}"),
              previous);
    }
  }

  @Test
  void reportsAnIntactChain() {
    Run run = verify("--jdbc-url", url, "--user", "postgres");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("audit chain intact: 5 events\n");
  }

  @Test
  void namesTheFirstAlteredEventWithBothHashes() throws SQLException {
    String stored = tamper("update audit_event set actor = 'mallory' where seq = 3", 3);
    Run run = verify("--jdbc-url", url, "--user", "postgres");
    assertThat(run.code()).isEqualTo(AuditCommand.CHAIN_BROKEN);
    assertThat(run.out())
        .contains("audit chain BROKEN at event seq 3")
        .contains("event:    tenant.updated tenant " + TENANT)
        .contains(AuditChainCheck.ALTERED)
        .contains("actual:   " + stored)
        .contains("events checked: 3");
    String expected = run.out().lines().filter(l -> l.contains("expected:")).findFirst().get();
    assertThat(expected.substring(expected.indexOf(':') + 1).trim())
        .hasSize(64)
        .isNotEqualTo(stored);
  }

  @Test
  void namesTheLinkThatARemovedEventBroke() throws SQLException {
    tamper("delete from audit_event where seq = 2", 3);
    Run run = verify("--jdbc-url", url, "--user", "postgres");
    assertThat(run.code()).isEqualTo(AuditCommand.CHAIN_BROKEN);
    assertThat(run.out())
        .contains("audit chain BROKEN at event seq 3")
        .contains(AuditChainCheck.BROKEN_LINK);
  }

  @Test
  void failsClearlyWhenTheDatabaseCannotBeRead() {
    Run run =
        verify("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/huntboard", "--password", "s3cr3t-pw");
    assertThat(run.code()).isEqualTo(Huntboard.DATA_ERROR);
    assertThat(run.err()).startsWith("huntboard audit verify: cannot read the audit log: ");
    assertThat(run.err() + run.out()).doesNotContain("s3cr3t-pw").doesNotContain("\tat ");
    assertThat(verify().code()).isEqualTo(Huntboard.USAGE);
    assertThat(verify("--jdbc-url", "mysql://x").err()).contains("must be a PostgreSQL JDBC URL");
  }

  /** Runs a statement with the triggers off; returns the stored hash of event {@code seq}. */
  private static String tamper(String sql, long seq) throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("alter table audit_event disable trigger audit_event_no_update");
      s.executeUpdate(sql);
      s.execute("alter table audit_event enable trigger audit_event_no_update");
      try (var r = s.executeQuery("select hash from audit_event where seq = " + seq)) {
        r.next();
        return r.getString(1).trim();
      }
    }
  }

  private static String append(AuditChain.Content content, String previous) throws SQLException {
    String hash = AuditChain.hash(previous, content);
    try (Connection c = server.getPostgresDatabase().getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into audit_event (seq, occurred_at, actor, action, object_type, object_id,"
                    + " tenant_id, before_state, after_state, previous_hash, hash)"
                    + " values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?)")) {
      insert.setLong(1, content.seq());
      insert.setObject(2, content.occurredAt().atOffset(ZoneOffset.UTC));
      insert.setString(3, content.actor());
      insert.setString(4, content.action());
      insert.setString(5, content.objectType());
      insert.setString(6, content.objectId());
      insert.setObject(7, content.tenantId());
      insert.setString(8, content.beforeJson());
      insert.setString(9, content.afterJson());
      insert.setString(10, previous);
      insert.setString(11, hash);
      insert.executeUpdate();
    }
    return hash;
  }

  private static Run verify(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "audit";
    args[1] = "verify";
    System.arraycopy(options, 0, args, 2, options.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Huntboard.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            Map.of());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
