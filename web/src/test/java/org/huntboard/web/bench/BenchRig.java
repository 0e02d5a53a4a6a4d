package org.huntboard.web.bench;

import io.agroal.api.AgroalDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.web.assignment.service.Jitter;
import org.huntboard.web.assignment.service.WindowPlan;
import org.huntboard.web.run.AgroalConnectionProvider;
import org.huntboard.web.run.service.HuntJob;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * What the scheduler benchmarks share: the TLS key pair and {@link FakeDefender}, tenants and
 * assignments made through the API, Quartz nodes clustered on the application's database whose
 * triggers fire on the simulated timeline, and the ledger queries that judge a run.
 *
 * <p>Time is simulated by a running {@link MutableClock} ({@code speedup} simulated seconds per
 * real second). Each assignment's Quartz trigger is the one the application builds — first fire at
 * the window boundary plus the assignment's jitter, then every frequency — with its times mapped to
 * real time, so Quartz's clustered acquisition, misfire handling and thread pools run as they do in
 * production, only faster.
 */
final class BenchRig implements AutoCloseable {

  /** The TigerVNC network-connection hunt of the rule catalog. */
  static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  static final char[] PASSWORD = "bench-keystore".toCharArray();

  private final AgroalDataSource dataSource;
  private final MutableClock clock;
  private final BenchDefenderExecutor executor;
  private final double speedup;
  private final Path tls;
  final FakeDefender fake;
  private final List<Scheduler> nodes = new ArrayList<>();
  private long executions0;

  /** The fleet of the latest scenario. */
  volatile Fleet lastFleet;

  BenchRig(
      AgroalDataSource dataSource,
      MutableClock clock,
      BenchDefenderExecutor executor,
      double speedup)
      throws Exception {
    this.dataSource = dataSource;
    this.clock = clock;
    this.executor = executor;
    this.speedup = speedup;
    this.tls = Files.createTempDirectory("huntboard-bench-tls");
    keyPair(tls);
    this.fake = FakeDefender.start(tls.resolve("fake.p12"), PASSWORD, clock, speedup, 45);
    ConnectorRuntime runtime =
        new ConnectorRuntime(
            clock,
            (duration, cancellation) -> {
              cancellation.throwIfCancelled();
              long real = (long) (duration.toMillis() / speedup);
              if (real > 0) {
                cancellation.await(real);
              }
            },
            RandomGenerator.of("L64X128MixRandom"));
    executor.configure(fake.baseUrl(), tls.resolve("fake.pem").toString(), runtime);
  }

  /** A self-signed key pair for 127.0.0.1, made with the JDK's keytool. */
  private static void keyPair(Path dir) throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String pass = new String(PASSWORD);
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "fake",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve("fake.p12").toString(),
        "-storepass",
        pass,
        "-keypass",
        pass);
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "fake",
        "-keystore",
        dir.resolve("fake.p12").toString(),
        "-storepass",
        pass,
        "-file",
        dir.resolve("fake.pem").toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  /** The tenants and assignments of one scenario. */
  record Fleet(List<UUID> tenants, List<UUID> assignments) {}

  /**
   * {@code count} tenants with the Defender connector and a client-secret credential of the fake
   * app registration, each with the TigerVNC rule hourly. The first is made through the API (so its
   * credential is encrypted by the application); the others are copied from it in bulk with SQL —
   * the same rows, a thousand times faster than the API on a busy machine — with each assignment's
   * jitter from {@link Jitter} and its first window at the next hour after {@code start}, as the
   * assignment service sets them.
   */
  Fleet fleet(int count, Instant start, String label) throws Exception {
    clock.set(start);
    UUID[] first = tenant(label + " 0");
    List<UUID> tenants = new ArrayList<>(List.of(first[0]));
    List<UUID> assignments = new ArrayList<>(List.of(first[1]));
    Duration hour = Duration.ofHours(1);
    Instant firstWindowEnd = WindowPlan.nextBoundary(start, hour);
    java.sql.Timestamp now = java.sql.Timestamp.from(start);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement tenant =
              c.prepareStatement(
                  "insert into tenant (id, display_name, entra_tenant_id, created_at, updated_at,"
                      + " version, slug) values (?, ?, ?, ?, ?, 0, ?)");
          PreparedStatement connector =
              c.prepareStatement(
                  "insert into tenant_connector (id, tenant_id, kind) values (?, ?, 'DEFENDER')");
          PreparedStatement credential =
              c.prepareStatement(
                  "insert into tenant_credential (tenant_id, kind, client_id, secret_ciphertext,"
                      + " updated_at, version) select ?, kind, client_id, secret_ciphertext,"
                      + " updated_at, 0 from tenant_credential where tenant_id = ?");
          PreparedStatement assignment =
              c.prepareStatement(
                  "insert into assignment (id, tenant_id, rule_id, connector, frequency_seconds,"
                      + " lookback_seconds, jitter_seconds, state, first_window_end, created_at,"
                      + " updated_at, version) values (?, ?, ?, 'DEFENDER', 3600, 3600, ?,"
                      + " 'ACTIVE', ?, ?, ?, 0)")) {
        for (int i = 1; i < count; i++) {
          UUID t = UUID.randomUUID();
          UUID a = UUID.randomUUID();
          tenant.setObject(1, t);
          tenant.setString(2, label + " " + i);
          tenant.setObject(3, UUID.randomUUID());
          tenant.setTimestamp(4, now);
          tenant.setTimestamp(5, now);
          // The key the tenant service derives from the display name ("bench-1n-2026-06-01-7").
          tenant.setString(
              6, (label + "-" + i).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
          tenant.addBatch();
          connector.setObject(1, UUID.randomUUID());
          connector.setObject(2, t);
          connector.addBatch();
          credential.setObject(1, t);
          credential.setObject(2, first[0]);
          credential.addBatch();
          assignment.setObject(1, a);
          assignment.setObject(2, t);
          assignment.setString(3, TIGERVNC);
          assignment.setInt(4, Jitter.seconds(a, hour, Duration.ofMinutes(10)));
          assignment.setTimestamp(5, java.sql.Timestamp.from(firstWindowEnd));
          assignment.setTimestamp(6, now);
          assignment.setTimestamp(7, now);
          assignment.addBatch();
          tenants.add(t);
          assignments.add(a);
        }
        tenant.executeBatch();
        connector.executeBatch();
        credential.executeBatch();
        assignment.executeBatch();
      }
      c.commit();
    }
    return new Fleet(tenants, assignments);
  }

  private static UUID[] tenant(String name) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    name,
                    "entraTenantId",
                    UUID.randomUUID().toString(),
                    "connectors",
                    List.of(Map.of("kind", "DEFENDER"))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Callers.admin()
        .body(
            Map.of(
                "kind",
                "CLIENT_SECRET",
                "clientId",
                FakeDefender.CLIENT_ID,
                "secret",
                FakeDefender.CLIENT_SECRET))
        .put("/api/v1/tenants/{t}/credential", id)
        .then()
        .statusCode(200);
    String assignment =
        Callers.admin()
            .body(
                Map.of(
                    "ruleId", TIGERVNC,
                    "connector", "DEFENDER",
                    "frequency", "PT1H",
                    "lookback", "PT1H"))
            .post("/api/v1/tenants/{t}/assignments", id)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return new UUID[] {UUID.fromString(id), UUID.fromString(assignment)};
  }

  /** One clustered Quartz node on the application's database. */
  Scheduler node(String cluster, String id) throws Exception {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", cluster);
    p.setProperty("org.quartz.scheduler.instanceId", id);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    // As the application's own nodes (quarkus.quartz.thread-count=4).
    p.setProperty("org.quartz.threadPool.threadCount", "4");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
    p.setProperty("org.quartz.jobStore.dataSource", "huntboard");
    p.setProperty(
        "org.quartz.dataSource.huntboard.connectionProvider.class",
        AgroalConnectionProvider.class.getName());
    Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
    // Quartz keeps one scheduler per name in a JVM-wide registry; taking this one out lets the
    // next call build another, independent node of the same cluster.
    SchedulerRepository.getInstance().remove(cluster);
    nodes.add(scheduler);
    return scheduler;
  }

  /** The assignments' jitter in seconds and first window end, from the database. */
  Map<UUID, Instant> firstFires(List<UUID> assignments) throws SQLException {
    Map<UUID, Instant> out = new TreeMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select id, first_window_end, jitter_seconds from assignment where id = any(?)")) {
      q.setArray(1, c.createArrayOf("uuid", assignments.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.put(
              r.getObject(1, UUID.class), r.getTimestamp(2).toInstant().plusSeconds(r.getInt(3)));
        }
      }
    }
    return out;
  }

  /** Real wall-clock milliseconds of a simulated instant, given where both timelines start. */
  long realMillis(Instant simulated, Instant simStart, long realStartMillis) {
    return realStartMillis + (long) (Duration.between(simStart, simulated).toMillis() / speedup);
  }

  /**
   * Stores each assignment's job and its trigger, the application's (first fire at the window
   * boundary plus jitter, then hourly, {@code hours} firings), on the real timeline.
   */
  void schedule(
      Scheduler node, Map<UUID, Instant> firstFires, int hours, Instant simStart, long realStart)
      throws Exception {
    long interval = Math.max(1, (long) (3_600_000 / speedup));
    for (Map.Entry<UUID, Instant> e : firstFires.entrySet()) {
      JobDetail job =
          JobBuilder.newJob(BenchHuntJob.class)
              .withIdentity(JobKey.jobKey(e.getKey().toString(), "assignments"))
              .usingJobData(HuntJob.ASSIGNMENT_ID, e.getKey().toString())
              .storeDurably()
              .requestRecovery()
              .build();
      // A few real milliseconds late, so a firing never reads the clock a hair before its time.
      long first = realMillis(e.getValue(), simStart, realStart) + 5;
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(e.getKey().toString(), "assignments")
              .forJob(job)
              .startAt(new Date(first))
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(interval)
                      .withRepeatCount(hours - 1)
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build();
      node.scheduleJob(job, trigger);
    }
  }

  /** CPU of the embedded PostgreSQL server's processes (the postmaster and its children), ns. */
  long postgresCpuNanos() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("select pg_backend_pid()");
        ResultSet r = q.executeQuery()) {
      r.next();
      long backend = r.getLong(1);
      long postmaster = Long.parseLong(stat(backend)[3]);
      long ticks = 0;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          String[] s = stat(Long.parseLong(name));
          if (s == null) {
            continue;
          }
          if (Long.parseLong(name) == postmaster || Long.parseLong(s[3]) == postmaster) {
            ticks += Long.parseLong(s[13]) + Long.parseLong(s[14]);
          }
        }
      }
      // Linux reports in clock ticks, USER_HZ, which is 100 on every common build.
      return ticks * 10_000_000L;
    } catch (SQLException | IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The fields of /proc/PID/stat after the command name, numbered as proc(5) does from 0. */
  private static String[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String rest = s.substring(s.lastIndexOf(')') + 2);
      String[] fields = rest.split(" ");
      String[] out = new String[fields.length + 2];
      out[0] = Long.toString(pid);
      out[1] = "comm";
      System.arraycopy(fields, 0, out, 2, fields.length);
      return out;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** What one scenario measured. */
  record Result(
      int nodes,
      int tenants,
      int hours,
      long expected,
      long planned,
      long succeeded,
      long duplicates,
      long misplannedAssignments,
      Map<String, Long> byState,
      Map<String, Long> byTrigger,
      Map<String, Long> byNode,
      Map<String, Long> failedAttemptsByClass,
      Map<String, Long> lastFailures,
      long huntCalls,
      long throttled,
      long tokens,
      double realSeconds,
      double schedulingCpuMsPerRun,
      double processCpuMsPerRun,
      double postgresCpuMsPerRun,
      double fakeCpuMsPerRun,
      double huntClientCpuMsPerRun,
      Map<String, double[]> nodeCpu,
      double[] startDelayPercentiles,
      int catchUps,
      String load) {

    String markdown() {
      StringBuilder s = new StringBuilder();
      s.append("### ").append(nodes).append(nodes == 1 ? " node\n\n" : " nodes\n\n");
      s.append("| measure | value |\n|---|---|\n");
      row(s, "windows expected (tenants × hours)", expected);
      row(s, "windows planned", planned);
      row(s, "windows run (succeeded)", succeeded);
      row(
          s,
          "duplicate runs (ledger rows, plus windows whose hunt call answered twice)",
          duplicates);
      row(s, "assignments without exactly their windows", misplannedAssignments);
      row(s, "ledger states", byState);
      row(s, "triggers (schedule / backfill)", byTrigger);
      row(s, "failed attempts by class (executor)", failedAttemptsByClass);
      row(s, "windows whose last attempt failed, by message", lastFailures);
      row(s, "hunting calls to the fake / 429s answered", huntCalls + " / " + throttled);
      row(s, "token requests", tokens);
      row(
          s,
          "windows run per real second",
          String.format(Locale.ROOT, "%.1f", realSeconds > 0 ? succeeded / realSeconds : 0));
      row(
          s,
          "real time for the simulated day (incl. drain)",
          String.format(Locale.ROOT, "%.1f s", realSeconds));
      row(
          s,
          "scheduling CPU per attempt (job threads, minus the hunt call)",
          SchedulerScaleBench.format(schedulingCpuMsPerRun) + " ms");
      row(
          s,
          "Huntboard process CPU per attempt, minus the fake's handlers and the hunt calls",
          SchedulerScaleBench.format(processCpuMsPerRun) + " ms");
      row(s, "PostgreSQL CPU per attempt", SchedulerScaleBench.format(postgresCpuMsPerRun) + " ms");
      row(
          s,
          "hunt call CPU per attempt (Defender client: TLS, JSON), for comparison",
          SchedulerScaleBench.format(huntClientCpuMsPerRun) + " ms");
      row(s, "fake Defender CPU per attempt", SchedulerScaleBench.format(fakeCpuMsPerRun) + " ms");
      row(
          s,
          "start delay after window end + jitter, simulated s (p50 / p99 / max)",
          String.format(
              Locale.ROOT,
              "%.0f / %.0f / %.0f",
              startDelayPercentiles[0],
              startDelayPercentiles[1],
              startDelayPercentiles[2]));
      row(s, "catch-up firings after the day (assignments missing a window)", catchUps);
      row(s, "windows by node", byNode);
      StringBuilder cpu = new StringBuilder();
      nodeCpu.forEach(
          (n, v) ->
              cpu.append(n)
                  .append(": ")
                  .append(String.format(Locale.ROOT, "%.0f firings, %.1f s CPU", v[0], v[1]))
                  .append("; "));
      row(s, "firings and scheduling CPU by node", cpu.toString());
      row(s, "load (`uptime` before / after)", load);
      s.append('\n');
      return s.toString();
    }

    private static void row(StringBuilder s, String name, Object value) {
      s.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
  }

  /**
   * Runs one scenario: a fleet of {@code tenants}, {@code hours} simulated hours on {@code nodes}
   * Quartz nodes, then the ledger's verdict. With {@code keepNodes} the nodes stay up (the faults
   * benchmark stops and restarts them itself).
   */
  Result scenario(
      int nodeCount,
      int tenants,
      int hours,
      Instant simStart,
      boolean keepNodes,
      java.util.function.Consumer<Timeline> during)
      throws Exception {
    String label = "bench-" + nodeCount + "n-" + simStart.toString().substring(0, 10);
    Fleet fleet = fleet(tenants, simStart, label);
    lastFleet = fleet;
    Map<UUID, Instant> fires = firstFires(fleet.assignments());
    String cluster = "huntboard-" + label;
    List<Scheduler> cluster1 = new ArrayList<>();
    for (int i = 1; i <= nodeCount; i++) {
      cluster1.add(node(cluster, "node-" + i));
    }
    long realStart = System.currentTimeMillis() + 10_000 + tenants * 30L;
    schedule(cluster1.get(0), fires, hours, simStart, realStart);
    for (Scheduler n : cluster1) {
      n.start();
    }
    String loadBefore = uptime();
    BenchHuntJob.NODES.clear();
    long fakeCpu0 = fake.handlerCpuNanos();
    long huntCpu0 = executor.cpuNanos.get();
    long calls0 = fake.huntCalls.get();
    long throttled0 = fake.throttled.get();
    long tokens0 = fake.tokens.get();
    executions0 = executor.executions.get();
    executor.failures().clear();
    long sleepUntil = realStart - System.currentTimeMillis();
    if (sleepUntil > 0) {
      Thread.sleep(sleepUntil);
    }
    long process0 = SchedulerScaleBench.processCpuNanos();
    long pg0 = postgresCpuNanos();
    long wall0 = System.nanoTime();
    // Started on the real timeline the triggers were mapped to, even if storing them ran late.
    clock.run(
        simStart.plusMillis((long) ((System.currentTimeMillis() - realStart) * speedup)), speedup);
    if (during != null) {
      during.accept(new Timeline(simStart, realStart, cluster1));
    }

    Instant simEnd = simStart.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(11));
    long lastFireReal = realMillis(simEnd, simStart, realStart);
    while (System.currentTimeMillis() < lastFireReal) {
      Thread.sleep(500);
    }
    // The day is over: the clock stops, and the last firings end.
    clock.set(simEnd);
    long deadline = System.currentTimeMillis() + drainSeconds * 1000L;
    awaitQuiet(cluster, fleet.assignments(), deadline, false);
    // In production the triggers repeat forever and the next firing backfills what a skipped or
    // failed firing left; the benchmark's triggers end with the day, so it fires once more those
    // assignments that are missing a window or have one open, on the stopped clock.
    int catchUps = 0;
    for (int round = 0; round < 3; round++) {
      List<UUID> behind = behind(fleet.assignments(), hours);
      if (behind.isEmpty()) {
        break;
      }
      for (UUID a : behind) {
        cluster1.get(0).triggerJob(JobKey.jobKey(a.toString(), "assignments"));
        catchUps++;
      }
      awaitQuiet(
          cluster, fleet.assignments(), System.currentTimeMillis() + drainSeconds * 1000L, true);
    }
    double realSeconds = (System.nanoTime() - wall0) / 1e9;
    long process1 = SchedulerScaleBench.processCpuNanos();
    long pg1 = postgresCpuNanos();
    if (!keepNodes) {
      for (Scheduler n : cluster1) {
        n.standby();
      }
    }
    String loadAfter = uptime();
    Result result =
        verdict(
            nodeCount,
            tenants,
            hours,
            fleet,
            simStart,
            realSeconds,
            process1 - process0,
            pg0 < 0 || pg1 < 0 ? -1 : pg1 - pg0,
            fake.handlerCpuNanos() - fakeCpu0,
            executor.cpuNanos.get() - huntCpu0,
            fake.huntCalls.get() - calls0,
            fake.throttled.get() - throttled0,
            fake.tokens.get() - tokens0,
            catchUps,
            loadBefore + " / " + loadAfter);
    if (!keepNodes) {
      for (Scheduler n : cluster1) {
        n.shutdown(true);
        nodes.remove(n);
      }
    }
    return result;
  }

  /** Where the simulated day starts on both timelines, and the nodes running it. */
  record Timeline(Instant simStart, long realStart, List<Scheduler> nodes) {}

  /** How long the end of a day may take to settle, in real seconds. */
  int drainSeconds = Integer.getInteger("bench.drain-seconds", 600);

  /**
   * Waits until the cluster has no trigger left to fire (with {@code manualOnly}, no one-off
   * trigger) and no job running, and the assignments have no open window, or the deadline passes.
   */
  void awaitQuiet(String cluster, List<UUID> assignments, long deadline, boolean manualOnly)
      throws Exception {
    while (System.currentTimeMillis() < deadline) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement q =
              c.prepareStatement(
                  "select (select count(*) from qrtz_triggers where sched_name = ?"
                      + " and trigger_state not in ('COMPLETE', 'ERROR')"
                      + (manualOnly ? " and trigger_group <> 'assignments'" : "")
                      + "), (select count(*) from qrtz_fired_triggers where sched_name = ?)")) {
        q.setString(1, cluster);
        q.setString(2, cluster);
        try (ResultSet r = q.executeQuery()) {
          r.next();
          if (r.getLong(1) == 0 && r.getLong(2) == 0 && open(assignments) == 0) {
            return;
          }
        }
      } catch (SQLException e) {
        // The database may be restarting (the faults benchmark); try again.
      }
      Thread.sleep(500);
    }
  }

  /** Assignments that lack one of their windows or have one open. */
  List<UUID> behind(List<UUID> assignments, int hours) throws SQLException {
    List<UUID> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select a.id from assignment a left join hunt_run r on r.assignment_id = a.id"
                    + " where a.id = any(?) group by a.id having count(r.id) < ?"
                    + " or count(*) filter (where r.state in ('PLANNED', 'RUNNING')"
                    + " or (r.state = 'FAILED' and r.retryable)) > 0")) {
      q.setArray(1, c.createArrayOf("uuid", assignments.toArray()));
      q.setInt(2, hours);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(r.getObject(1, UUID.class));
        }
      }
    }
    return out;
  }

  /** Firings that ended, on all nodes. */
  static long fired() {
    return BenchHuntJob.NODES.values().stream().mapToLong(n -> n.firings.get()).sum();
  }

  /** Windows of these assignments not finished yet (planned, running, or failed and retryable). */
  long open(List<UUID> assignments) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select count(*) from hunt_run where assignment_id = any(?)"
                    + " and (state in ('PLANNED', 'RUNNING') or (state = 'FAILED' and retryable))")) {
      q.setArray(1, c.createArrayOf("uuid", assignments.toArray()));
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  Result verdict(
      int nodeCount,
      int tenants,
      int hours,
      Fleet fleet,
      Instant simStart,
      double realSeconds,
      long processCpu,
      long pgCpu,
      long fakeCpu,
      long huntCpu,
      long calls,
      long throttled,
      long tokens,
      int catchUps,
      String load)
      throws SQLException {
    List<UUID> ids = fleet.assignments();
    try (Connection c = dataSource.getConnection()) {
      Map<String, Long> byState =
          SchedulerScaleBench.counts(
              c,
              "select state, count(*) from hunt_run where assignment_id = any(?) group by state",
              ids);
      Map<String, Long> byTrigger =
          SchedulerScaleBench.counts(
              c,
              "select trigger, count(*) from hunt_run where assignment_id = any(?) group by trigger",
              ids);
      Map<String, Long> messages =
          SchedulerScaleBench.counts(
              c,
              "select failure_class || ': ' || left(failure_message, 160), count(*) from hunt_run"
                  + " where assignment_id = any(?) and failure_class is not null group by 1",
              ids);
      Map<String, Long> byNode =
          SchedulerScaleBench.counts(
              c,
              "select claimed_by, count(*) from hunt_run where assignment_id = any(?)"
                  + " group by claimed_by",
              ids);
      long planned = byState.values().stream().mapToLong(Long::longValue).sum();
      long succeeded = byState.getOrDefault("SUCCEEDED", 0L);
      long dbDuplicates =
          single(
              c,
              "select count(*) - count(distinct (assignment_id, window_start)) from hunt_run"
                  + " where assignment_id = any(?)",
              ids);
      // Every assignment must have exactly its windows: [start, start + 1 h) ... up to the end.
      long misplanned =
          single(
              c,
              "select count(*) from (select a.id from assignment a left join hunt_run r"
                  + " on r.assignment_id = a.id where a.id = any(?) group by a.id"
                  + " having count(r.id) <> "
                  + hours
                  + " or min(r.window_start) <> '"
                  + simStart
                  + "'::timestamptz or max(r.window_end) <> '"
                  + simStart.plus(Duration.ofHours(hours))
                  + "'::timestamptz) bad",
              ids);
      double[] delays = new double[3];
      try (PreparedStatement q =
          c.prepareStatement(
              "select percentile_cont(0.5) within group (order by d), percentile_cont(0.99)"
                  + " within group (order by d), max(d) from (select extract(epoch from"
                  + " r.started_at - (r.window_end + make_interval(secs => a.jitter_seconds))) d"
                  + " from hunt_run r join assignment a on a.id = r.assignment_id"
                  + " where r.assignment_id = any(?) and r.started_at is not null) x")) {
        q.setArray(1, c.createArrayOf("uuid", ids.toArray()));
        try (ResultSet r = q.executeQuery()) {
          r.next();
          delays[0] = r.getDouble(1);
          delays[1] = r.getDouble(2);
          delays[2] = r.getDouble(3);
        }
      }
      java.util.Set<UUID> set = new java.util.HashSet<>(ids);
      long execDuplicates =
          executor.succeeded().entrySet().stream()
              .filter(e -> set.contains(e.getKey().assignmentId()) && e.getValue().get() > 1)
              .count();
      Map<String, Long> failures = new TreeMap<>();
      executor.failures().forEach((k, v) -> failures.put(k, v.get()));
      long firings = 0;
      long schedulingCpu = 0;
      Map<String, double[]> nodeCpu = new TreeMap<>();
      for (Map.Entry<String, BenchHuntJob.NodeStats> e : BenchHuntJob.NODES.entrySet()) {
        firings += e.getValue().firings.get();
        schedulingCpu += e.getValue().schedulingCpuNanos.get();
        nodeCpu.put(
            e.getKey(),
            new double[] {e.getValue().firings.get(), e.getValue().schedulingCpuNanos.get() / 1e9});
      }
      double runs = Math.max(1, executor.executions.get() - executions0);
      return new Result(
          nodeCount,
          tenants,
          hours,
          (long) tenants * hours,
          planned,
          succeeded,
          dbDuplicates + execDuplicates,
          misplanned,
          byState,
          byTrigger,
          byNode,
          failures,
          messages,
          calls,
          throttled,
          tokens,
          realSeconds,
          schedulingCpu / 1e6 / runs,
          (processCpu - fakeCpu - huntCpu) / 1e6 / runs,
          pgCpu < 0 ? Double.NaN : pgCpu / 1e6 / runs,
          fakeCpu / 1e6 / runs,
          huntCpu / 1e6 / runs,
          nodeCpu,
          delays,
          catchUps,
          load);
    }
  }

  @SafeVarargs
  static long single(Connection c, String sql, List<UUID>... ids) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < ids.length; i++) {
        q.setArray(i + 1, c.createArrayOf("uuid", ids[i].toArray()));
      }
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static String uptime() {
    try {
      Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      int i = s.indexOf("load average:");
      return i < 0 ? s : s.substring(i + "load average:".length()).trim();
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  static String machine() {
    return System.getProperty("os.arch")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + (Runtime.getRuntime().maxMemory() >> 20)
        + " MB max heap, Java "
        + System.getProperty("java.version");
  }

  @Override
  public void close() throws Exception {
    for (Scheduler n : nodes) {
      n.shutdown(false);
    }
    nodes.clear();
    fake.close();
    clock.reset();
  }
}
