package org.huntboard.web.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.web.audit.service.AuditChain;
import org.huntboard.web.run.service.HuntJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Kills a Huntboard process with SIGKILL while it runs a hunt and starts it again on the same
 * database: the interrupted window's claim runs out, the new process takes the window over and runs
 * it once, no window is lost and no detection counted twice.
 *
 * <p>Huntboard runs as a child JVM from the build's {@code quarkus-app/quarkus-run.jar} in the
 * production profile, on a PostgreSQL server this test starts; the run is slow because the tenant's
 * local data folder takes seconds to load, so the kill lands between the window's claim and its
 * finish. Production has no way to create tenants without an identity provider, so the test writes
 * the tenant, its assignment and the assignment's Quartz job into the database itself, with a
 * trigger that fires every few seconds in place of the five-minute boundaries.
 */
class ProcessKillIT {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";
  private static final Duration FREQUENCY = Duration.ofMinutes(5);
  private static final Duration LOOKBACK = Duration.ofDays(5);

  /** Windows already due when the first process starts. */
  private static final int DUE_AT_START = 5;

  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private EmbeddedPostgres postgres;
  private final List<HuntboardProcess> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (HuntboardProcess process : processes) {
      process.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRunKilledMidWayIsTakenOverAfterItsLeaseAndNothingIsLostOrCountedTwice() throws Exception {
    Path jar =
        Path.of(System.getProperty("huntboard.app.jar", "target/quarkus-app/quarkus-run.jar"));
    assumeTrue(
        Files.isRegularFile(jar),
        jar + " is not built: this test runs in `./mvnw verify`, after the package phase");
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("pgdata"))
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
    String url = postgres.getJdbcUrl("postgres", "postgres");

    // The first process only creates the schema (Flyway at start) and stops in order.
    HuntboardProcess migrate = start(jar, url, "migrate", false);
    migrate.awaitStarted(Duration.ofSeconds(90));
    migrate.stop();

    // Five 5-minute windows are due, on a tenant whose folder takes seconds to load.
    Instant boundary =
        Instant.ofEpochSecond(Math.floorDiv(Instant.now().getEpochSecond(), 300) * 300);
    Path data = dir.resolve("tenant");
    TelemetryGenerator.generate(new GeneratorOptions(data, 40, 6, 31, boundary, 120, null));
    JsonNode manifest = JSON.readTree(data.resolve("manifest.json").toFile());
    UUID tenant = UUID.randomUUID();
    UUID assignment = UUID.randomUUID();
    Instant firstWindowEnd = boundary.minus(FREQUENCY.multipliedBy(DUE_AT_START - 1));
    seed(url, tenant, assignment, data, firstWindowEnd);

    // The second process runs windows one at a time and is killed while one of them runs.
    HuntboardProcess doomed = start(jar, url, "doomed", true);
    doomed.awaitStarted(Duration.ofSeconds(90));
    Map<String, Object> interrupted = awaitRunningAfter(url, assignment, 2, doomed);
    doomed.kill();
    Map<String, Object> afterKill = run(url, (UUID) interrupted.get("id"));
    assertThat(afterKill.get("state")).as("the kill landed mid-run").isEqualTo("RUNNING");
    assertThat(afterKill.get("finished_at")).isNull();
    assertThat(afterKill.get("attempts")).isEqualTo(1);
    String deadNode = (String) afterKill.get("claimed_by");
    int detectionsAtKill = count(url, "select count(*) from detection");
    int linksAtKill =
        count(
            url,
            "select count(*) from detection_run where run_id = '" + interrupted.get("id") + "'");
    assertThat(linksAtKill).as("nothing of the interrupted run was committed").isZero();

    // The third process finds the claim held until its lease ends, then takes the window over.
    HuntboardProcess restarted = start(jar, url, "restarted", true);
    restarted.awaitStarted(Duration.ofSeconds(90));
    List<Map<String, Object>> ledger = awaitAllSucceeded(url, assignment, restarted);

    // Every window due by now, contiguous from the first, ran to success exactly once.
    Instant expectedStart = firstWindowEnd.minus(FREQUENCY);
    for (Map<String, Object> run : ledger) {
      assertThat(instant(run.get("window_start"))).isEqualTo(expectedStart);
      assertThat(instant(run.get("window_end"))).isEqualTo(expectedStart.plus(FREQUENCY));
      assertThat(run.get("state")).isEqualTo("SUCCEEDED");
      expectedStart = instant(run.get("window_end"));
    }
    assertThat(ledger.size()).isGreaterThanOrEqualTo(DUE_AT_START);
    assertThat(expectedStart).isAfterOrEqualTo(boundary);
    Map<String, Object> taken = run(url, (UUID) interrupted.get("id"));
    assertThat(taken.get("state")).isEqualTo("SUCCEEDED");
    assertThat(taken.get("attempts"))
        .as("the killed attempt and the one that finished")
        .isEqualTo(2);
    assertThat(taken.get("claimed_by")).isNotEqualTo(deadNode);
    assertThat(instant(taken.get("started_at")))
        .as("taken over only after the dead process's lease ran out")
        .isAfterOrEqualTo(instant(afterKill.get("lease_until")));
    for (Map<String, Object> run : ledger) {
      if (!run.get("id").equals(interrupted.get("id"))) {
        assertThat(run.get("attempts")).as("window %s", run.get("window_start")).isEqualTo(1);
      }
    }
    assertThat(
            count(
                url,
                "select count(*) from audit_event where action = 'run.finished' and object_id = '"
                    + interrupted.get("id")
                    + "'"))
        .as("the interrupted window finished once")
        .isEqualTo(1);
    assertThat(
            count(
                url,
                "select count(*) from audit_event where action = 'run.started' and object_id = '"
                    + interrupted.get("id")
                    + "'"))
        .isEqualTo(2);

    // Detections: the manifest's pairs of the lookback, each seen once by every window.
    Map<String, String> expected = new TreeMap<>();
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      if (!p.path("inRuleWindow").asBoolean()) {
        continue;
      }
      TreeSet<Long> reports = new TreeSet<>();
      p.path("ReportIds").forEach(n -> reports.add(n.asLong()));
      expected.put(
          p.path("DeviceId").asText()
              + "|"
              + p.path("DeviceName").asText()
              + "|"
              + p.path("RemoteUrl").asText(),
          p.path("Count").asLong() + " " + reports + " " + ledger.size());
    }
    Map<String, String> detected = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement q =
            c.prepareStatement(
                "select grouping->>'DeviceId', grouping->>'DeviceName', grouping->>'RemoteUrl',"
                    + " event_count, report_ids::text, sightings,"
                    + " (select count(*) from detection_run r where r.detection_id = d.id)"
                    + " from detection d where tenant_id = ?")) {
      q.setObject(1, tenant);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          TreeSet<Long> reports = new TreeSet<>();
          JSON.readTree(r.getString(5)).forEach(n -> reports.add(n.asLong()));
          String key = r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3);
          assertThat(detected).as("one detection per pair").doesNotContainKey(key);
          assertThat(r.getInt(6)).as("sightings are the runs linked").isEqualTo(r.getInt(7));
          detected.put(key, r.getLong(4) + " " + reports + " " + r.getInt(6));
        }
      }
    }
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(detected).isEqualTo(expected);
    assertThat(detectionsAtKill).isLessThanOrEqualTo(expected.size());
    restarted.stop();
    assertAuditChainHolds(url);
  }

  /**
   * The kill interrupted transactions that append audit events: the chain must still link every
   * event to the one before it, each hash over its stored content.
   */
  private static void assertAuditChainHolds(String url) throws SQLException {
    String previous = AuditChain.GENESIS;
    long events = 0;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement q =
            c.prepareStatement(
                "select seq, occurred_at, actor, action, object_type, object_id, tenant_id,"
                    + " before_state::text, after_state::text, previous_hash, hash"
                    + " from audit_event order by seq");
        ResultSet r = q.executeQuery()) {
      while (r.next()) {
        long seq = r.getLong(1);
        assertThat(r.getString(10).trim())
            .as("event %d links to the one before", seq)
            .isEqualTo(previous);
        AuditChain.Content content =
            new AuditChain.Content(
                seq,
                r.getTimestamp(2).toInstant(),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                (UUID) r.getObject(7),
                r.getString(8),
                r.getString(9));
        previous = r.getString(11).trim();
        assertThat(AuditChain.hash(r.getString(10).trim(), content))
            .as("event %d's hash", seq)
            .isEqualTo(previous);
        events++;
      }
    }
    assertThat(events).as("run starts and ends were audited").isPositive();
  }

  // --- the processes

  private HuntboardProcess start(Path jar, String url, String name, boolean scheduling)
      throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("quarkus.datasource.jdbc.url", url);
    settings.put("quarkus.datasource.username", "postgres");
    settings.put("quarkus.datasource.password", "postgres");
    settings.put("quarkus.http.port", "0");
    // The production profile serves health and metrics on a management port: any free one.
    settings.put("quarkus.management.port", "0");
    // Storing secrets needs a key; none is stored here, but the production profile asks for one.
    settings.put("huntboard.secrets.current-key", "it");
    settings.put(
        "huntboard.secrets.keys.it",
        Base64.getEncoder()
            .encodeToString(
                "huntboard-process-kill-test-key!".getBytes(StandardCharsets.US_ASCII)));
    settings.put("huntboard.scheduling.enabled", Boolean.toString(scheduling));
    settings.put("huntboard.scheduling.run-lease", LEASE.toString());
    // One window at a time, so the kill interrupts exactly one run.
    settings.put("quarkus.quartz.thread-count", "1");
    // No identity provider runs here and the scheduler's path needs no token: OpenID Connect's
    // tenants (the API's and the portal's, where the build has them) are off, and the issuer the
    // portal's settings refer to is a placeholder that nothing contacts.
    settings.put("quarkus.oidc.tenant-enabled", "false");
    settings.put("quarkus.oidc.portal.tenant-enabled", "false");
    settings.put("quarkus.oidc.auth-server-url", "http://127.0.0.1:9/realms/unused");
    // Every run loads its folder (no cache of loaded telemetry, where Huntboard keeps one), so each
    // lasts long enough to be interrupted. An environment variable, because a huntboard.* system
    // property that no setting of this build maps fails the start.
    Map<String, String> environment = Map.of("HUNTBOARD_CONNECTORS_LOCAL_CACHE_SIZE", "0");
    HuntboardProcess process =
        HuntboardProcess.start(
            jar,
            settings,
            environment,
            dir.resolve("work-" + name),
            dir.resolve("logs").resolve(name + ".log"));
    processes.add(process);
    return process;
  }

  // --- the database

  private static void seed(
      String url, UUID tenant, UUID assignment, Path data, Instant firstWindowEnd)
      throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = DriverManager.getConnection(url)) {
      // Tenants have a key (slug) where the schema has identity's tenant mapping.
      boolean slug;
      try (PreparedStatement s =
              c.prepareStatement(
                  "select 1 from information_schema.columns"
                      + " where table_name = 'tenant' and column_name = 'slug'");
          ResultSet r = s.executeQuery()) {
        slug = r.next();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              slug
                  ? "insert into tenant (id, display_name, slug, created_at, updated_at, version)"
                      + " values (?, 'Killed mid-run', 'killed-mid-run', ?, ?, 0)"
                  : "insert into tenant (id, display_name, created_at, updated_at, version)"
                      + " values (?, 'Killed mid-run', ?, ?, 0)")) {
        s.setObject(1, tenant);
        s.setTimestamp(2, now);
        s.setTimestamp(3, now);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into tenant_connector (id, tenant_id, kind, data_folder)"
                  + " values (?, ?, 'LOCAL', ?)")) {
        s.setObject(1, UUID.randomUUID());
        s.setObject(2, tenant);
        s.setString(3, data.toAbsolutePath().toString());
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into assignment (id, tenant_id, rule_id, connector, frequency_seconds,"
                  + " lookback_seconds, jitter_seconds, state, first_window_end, created_at,"
                  + " updated_at, version) values (?, ?, ?, 'LOCAL', ?, ?, 0, 'ACTIVE', ?, ?, ?,"
                  + " 0)")) {
        s.setObject(1, assignment);
        s.setObject(2, tenant);
        s.setString(3, TIGERVNC);
        s.setLong(4, FREQUENCY.toSeconds());
        s.setLong(5, LOOKBACK.toSeconds());
        s.setTimestamp(6, Timestamp.from(firstWindowEnd));
        s.setTimestamp(7, now);
        s.setTimestamp(8, now);
        s.executeUpdate();
      }
    }
    // The assignment's job in Huntboard's clustered job store, as the application stores it, with
    // a trigger every 2 s standing in for the window boundaries.
    Properties quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", "huntboard");
    quartz.setProperty("org.quartz.scheduler.instanceId", "process-kill-test-setup");
    quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    quartz.setProperty("org.quartz.threadPool.threadCount", "1");
    quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    quartz.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    quartz.setProperty("org.quartz.jobStore.useProperties", "true");
    quartz.setProperty("org.quartz.jobStore.isClustered", "true");
    quartz.setProperty("org.quartz.jobStore.dataSource", "huntboard");
    quartz.setProperty(
        "org.quartz.dataSource.huntboard.connectionProvider.class",
        JdbcUrlConnectionProvider.class.getName());
    quartz.setProperty("org.quartz.dataSource.huntboard.url", url);
    Scheduler client = new StdSchedulerFactory(quartz).getScheduler();
    try {
      JobDetail job =
          JobBuilder.newJob(HuntJob.class)
              .withIdentity(assignment.toString(), "assignments")
              .usingJobData(HuntJob.ASSIGNMENT_ID, assignment.toString())
              .storeDurably()
              .requestRecovery()
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(assignment.toString(), "assignments")
              .forJob(job)
              .startNow()
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInSeconds(2)
                      .repeatForever()
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build();
      client.scheduleJob(job, trigger);
    } finally {
      client.shutdown(false);
    }
  }

  /**
   * Waits until {@code succeeded} windows finished and the next one is claimed, then returns it.
   */
  private static Map<String, Object> awaitRunningAfter(
      String url, UUID assignment, int succeeded, HuntboardProcess process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      List<Map<String, Object>> ledger = ledger(url, assignment);
      long done = ledger.stream().filter(r -> "SUCCEEDED".equals(r.get("state"))).count();
      for (Map<String, Object> run : ledger) {
        if ("RUNNING".equals(run.get("state")) && done >= succeeded) {
          return run;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("Huntboard exited:\n" + process.tail());
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no run was claimed after " + succeeded + " windows:\n" + process.tail());
  }

  private static List<Map<String, Object>> awaitAllSucceeded(
      String url, UUID assignment, HuntboardProcess process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    List<Map<String, Object>> ledger = List.of();
    while (System.nanoTime() < deadline) {
      ledger = ledger(url, assignment);
      Instant due = Instant.ofEpochSecond(Math.floorDiv(Instant.now().getEpochSecond(), 300) * 300);
      boolean complete =
          !ledger.isEmpty()
              && ledger.stream().allMatch(r -> "SUCCEEDED".equals(r.get("state")))
              && !instant(ledger.get(ledger.size() - 1).get("window_end")).isBefore(due);
      if (complete) {
        return ledger;
      }
      if (!process.isAlive()) {
        throw new AssertionError("Huntboard exited:\n" + process.tail());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("windows left unfinished: " + ledger + "\n" + process.tail());
  }

  private static List<Map<String, Object>> ledger(String url, UUID assignment) throws SQLException {
    return rows(
        url,
        "select id, window_start, window_end, state, attempts, claimed_by, lease_until,"
            + " started_at, finished_at from hunt_run where assignment_id = ? order by window_start",
        assignment);
  }

  private static Map<String, Object> run(String url, UUID id) throws SQLException {
    List<Map<String, Object>> rows =
        rows(
            url,
            "select id, window_start, window_end, state, attempts, claimed_by, lease_until,"
                + " started_at, finished_at from hunt_run where id = ?",
            id);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static List<Map<String, Object>> rows(String url, String sql, UUID parameter)
      throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setObject(1, parameter);
      try (ResultSet r = q.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns; i++) {
            row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  private static int count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement q = c.prepareStatement(sql);
        ResultSet r = q.executeQuery()) {
      r.next();
      return r.getInt(1);
    }
  }

  private static Instant instant(Object value) {
    return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
  }
}
