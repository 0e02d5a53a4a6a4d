package org.huntboard.web.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The portal's API under load, a command ({@code bench/portal.sh}): 1 M detections and 5 M runs
 * across 100 tenants bulk-inserted with {@code generate_series}, then {@code wrk} with 50
 * connections against the detection list, a detection (API and portal page), the dashboard, the run
 * list and the CSV export (a random tenant and detection per request), first with the schema's
 * indexes, then with the indexes those queries use dropped, as the reference, in the same run.
 * Prints p50/p99 and throughput per endpoint, and the memory of a streamed export at two sizes.
 *
 * <p>Settings: {@code bench.tenants} (100), {@code bench.detections} (1000000), {@code bench.runs}
 * (5000000), {@code bench.seconds} (20 per endpoint and variant), {@code bench.out}.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
class PortalLoadBench {

  /** The indexes of the list and detail queries: the reference run goes without them. */
  static final List<String> QUERY_INDEXES =
      List.of("detection_tenant_idx", "hunt_run_tenant_idx", "detection_tenant_seen_idx");

  @Inject AgroalDataSource dataSource;

  @Test
  void measuresTheApiUnderLoad() throws Exception {
    int tenants = Integer.getInteger("bench.tenants", 100);
    int detections = Integer.getInteger("bench.detections", 1_000_000);
    int runs = Integer.getInteger("bench.runs", 5_000_000);
    int seconds = Integer.getInteger("bench.seconds", 20);
    Path out = Path.of(System.getProperty("bench.out", "target/bench/portal.md"));
    Path work = out.toAbsolutePath().getParent();
    Files.createDirectories(work);

    StringBuilder report = new StringBuilder("## Portal API under load\n\n");
    report.append("- machine: ").append(BenchRig.machine()).append('\n');
    long t0 = System.nanoTime();
    Map<String, Long> sizes = load(tenants, detections, runs);
    report
        .append(
            String.format(
                Locale.ROOT,
                "- data: %s, bulk-inserted, vacuumed and analyzed in %.0f s\n",
                sizes,
                (System.nanoTime() - t0) / 1e9))
        .append("- wrk: 2 threads, 50 connections (4 for the export, the node's export limit), ")
        .append(seconds)
        .append(
            " s per endpoint after a 5 s warm-up; a random tenant (and detection) per request\n")
        .append("- indexes: ")
        .append(existingIndexes())
        .append("\n\n");

    Path script = luaScript(work, tenants, detections);
    String base = "http://127.0.0.1:" + RestAssured.port;
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("detection list (`GET /api/v1/tenants/{t}/detections`)", "list");
    endpoints.put("a detection (`GET /api/v1/tenants/{t}/detections/{id}`)", "detail");
    endpoints.put("detection page (`GET /t/{t}/detections/{id}`, HTML)", "page");
    endpoints.put("dashboard (`GET /t/{t}`, HTML)", "dashboard");
    endpoints.put("run list (`GET /api/v1/tenants/{t}/runs`)", "runs");
    endpoints.put(
        "CSV export of a load tenant (`GET /api/v1/tenants/{t}/detections/export?format=csv`)",
        "export");
    // A minute of wrk against an endpoint that answers 403 or 406 measures nothing: check each
    // answers 200 once before the load starts.
    for (String mode : endpoints.values()) {
      probe(base, mode, tenants, detections);
    }

    Map<String, Wrk> indexed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : endpoints.entrySet()) {
      indexed.put(e.getKey(), wrk(base, script, e.getValue(), seconds));
    }
    List<String> dropped = dropIndexes();
    Map<String, Wrk> bare = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : endpoints.entrySet()) {
      bare.put(e.getKey(), wrk(base, script, e.getValue(), seconds));
    }
    restoreIndexes(dropped);

    int exportRows = Integer.getInteger("bench.export-rows", 1_000_000);
    report.append(exports(base, exportRows));

    report
        .append("| endpoint | indexes | p50 | p99 | requests/s | non-2xx / errors | load |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (String name : endpoints.keySet()) {
      indexed.get(name).row(report, name, "all");
      bare.get(name).row(report, name, "without " + String.join(", ", dropped));
    }
    report.append('\n');
    System.out.println(report);
    Files.writeString(out, report);
    for (Wrk w : indexed.values()) {
      assertThat(w.requests).as("requests answered").isPositive();
      assertThat(w.failures).as("non-2xx answers or socket errors").isZero();
    }
  }

  /**
   * Streams the CSV export of a tenant holding {@code rows} detections, and of one holding a tenth
   * of them, through a client that only counts bytes, sampling the process's RSS and heap every 50
   * ms: constant memory means the larger export does not peak higher.
   */
  private String exports(String base, int rows) throws Exception {
    StringBuilder s = new StringBuilder("### CSV export of detections, memory while streaming\n\n");
    s.append(
        "| rows | bytes | seconds | rows/s | heap used before → peak (MB) | RSS before → peak (MB)"
            + " | load |\n|---|---|---|---|---|---|---|\n");
    int[] sizes = {Math.max(1, rows / 10), rows};
    for (int i = 0; i < sizes.length; i++) {
      String tenant = exportTenant(i + 1, sizes[i]);
      System.gc();
      Thread.sleep(500);
      long heap0 = heapUsed();
      long rss0 = rss();
      long[] peak = {heap0, rss0};
      java.util.concurrent.atomic.AtomicBoolean done =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread sampler =
          new Thread(
              () -> {
                while (!done.get()) {
                  peak[0] = Math.max(peak[0], heapUsed());
                  peak[1] = Math.max(peak[1], rss());
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.start();
      long t0 = System.nanoTime();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<java.io.InputStream> response =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          base + "/api/v1/tenants/" + tenant + "/detections/export?format=csv"))
                  .header("X-Huntboard-Dev-Actor", "load-bench")
                  .header("X-Huntboard-Dev-Tenants", "*")
                  .header("Accept", "text/csv")
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      long bytes = 0;
      long lines = 0;
      byte[] buffer = new byte[65536];
      try (java.io.InputStream in = response.body()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          bytes += n;
          for (int k = 0; k < n; k++) {
            if (buffer[k] == '\n') {
              lines++;
            }
          }
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      done.set(true);
      sampler.join();
      assertThat(response.statusCode()).as("export status").isEqualTo(200);
      s.append(
          String.format(
              Locale.ROOT,
              "| %,d (%,d lines incl. header) | %,d | %.1f | %,.0f | %d → %d | %d → %d | %s |\n",
              sizes[i],
              lines,
              bytes,
              seconds,
              sizes[i] / seconds,
              heap0 >> 20,
              peak[0] >> 20,
              rss0 >> 20,
              peak[1] >> 20,
              BenchRig.uptime()));
    }
    s.append(
        "\nHeap and RSS are the benchmark's own JVM, which runs the application (a Quarkus test"
            + " application); the client reading the export only counts bytes.\n\n");
    return s.toString();
  }

  private static long heapUsed() {
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  /** A tenant of its own holding {@code rows} detections, for the export. */
  private String exportTenant(int n, int rows) throws Exception {
    String id = md5Uuid("export-" + n);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "insert into tenant (id, display_name, slug, created_at, updated_at, version) values ('"
              + id
              + "', 'Export tenant "
              + n
              + "', 'export-tenant-"
              + n
              + "', now(), now(), 0)");
      s.execute(
          "insert into detection (id, tenant_id, rule_id, detection_key, grouping, first_seen,"
              + " last_seen, event_count, report_ids, report_ids_complete, sightings, state,"
              + " reopened_count, created_at, updated_at, version)"
              + " select gen_random_uuid(), '"
              + id
              + "', 'rule-' || (i % 10 + 1), encode(sha256(('x"
              + n
              + "-' || i)::bytea), 'hex'), jsonb_build_object('DeviceId', 'd' || (i % 500),"
              + " 'DeviceName', 'ws-' || (i % 500) || '.contoso.example', 'RemoteUrl', 'host-' || i"
              + " || '.example.net'), ts, ts + interval '5 minutes', 1 + i % 20,"
              + " jsonb_build_array(i, i + 1), true, 1, 'NEW', 0, ts, ts, 0"
              + " from generate_series(1, "
              + rows
              + ") i, lateral (select timestamptz '2026-01-01 00:00Z' + i * interval '1 second'"
              + " ts) x");
      s.execute("analyze detection");
    }
    return id;
  }

  private Map<String, Long> load(int tenants, int detections, int runs) throws SQLException {
    int assignmentsPerTenant = 10;
    int windows = Math.max(1, runs / (tenants * assignmentsPerTenant));
    int perTenant = Math.max(1, detections / tenants);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("set synchronous_commit = off");
      s.execute(
          "insert into tenant (id, display_name, slug, created_at, updated_at, version)"
              + " select md5('t' || g)::uuid, 'Load tenant ' || g, 'load-tenant-' || g, now(),"
              + " now(), 0"
              + " from generate_series(1, "
              + tenants
              + ") g");
      s.execute(
          "insert into assignment (id, tenant_id, rule_id, connector, frequency_seconds,"
              + " lookback_seconds, jitter_seconds, state, first_window_end, created_at,"
              + " updated_at, version)"
              + " select md5('a' || t || '-' || r)::uuid, md5('t' || t)::uuid, 'rule-' || r,"
              + " 'DEFENDER', 3600, 3600, 0, 'ACTIVE', timestamptz '2026-01-01 01:00Z', now(),"
              + " now(), 0 from generate_series(1, "
              + tenants
              + ") t, generate_series(1, "
              + assignmentsPerTenant
              + ") r");
      s.execute(
          "insert into hunt_run (id, tenant_id, assignment_id, rule_id, connector, window_start,"
              + " window_end, query_start, trigger, state, attempts, claimed_by, planned_at,"
              + " started_at, finished_at, duration_ms, outcome, retryable, exclusion_set_version,"
              + " rows_before, rows_after, rule_version_hash, query_hash)"
              + " select md5('r' || t || '-' || r || '-' || w)::uuid, md5('t' || t)::uuid,"
              + " md5('a' || t || '-' || r)::uuid, 'rule-' || r, 'DEFENDER', ws,"
              + " ws + interval '1 hour', ws, 'SCHEDULE', case when w % 97 = 0 then 'FAILED'"
              + " else 'SUCCEEDED' end, 1, 'node-1', ws + interval '1 hour',"
              + " ws + interval '61 minutes', ws + interval '62 minutes', 900 + w % 1000,"
              + " case when w % 97 = 0 then 'FAILED' else 'SUCCEEDED' end, false, 'none',"
              + " w % 3, w % 3, repeat('a', 64), repeat('b', 64)"
              + " from generate_series(1, "
              + tenants
              + ") t, generate_series(1, "
              + assignmentsPerTenant
              + ") r, generate_series(0, "
              + (windows - 1)
              + ") w, lateral (select timestamptz '2026-01-01 00:00Z' + w * interval '1 hour' ws) x");
      s.execute(
          "insert into detection (id, tenant_id, rule_id, detection_key, grouping, first_seen,"
              + " last_seen, event_count, report_ids, report_ids_complete, sightings, state,"
              + " resolution, closed_at, reopened_count, created_at, updated_at, version)"
              + " select md5('d' || t || '-' || i)::uuid, md5('t' || t)::uuid,"
              + " 'rule-' || (i % 10 + 1), encode(sha256(('k' || t || '-' || i)::bytea), 'hex'),"
              + " jsonb_build_object('DeviceId', 'd' || (i % 500), 'DeviceName', 'ws-' || (i % 500)"
              + " || '.contoso.example', 'RemoteUrl', 'host-' || i || '.example.net'), ts,"
              + " ts + interval '5 minutes', 1 + i % 20, jsonb_build_array(i, i + 1), true,"
              + " 1 + i % 3, case when i % 10 = 0 then 'CLOSED' when i % 10 < 3 then"
              + " 'ACKNOWLEDGED' else 'NEW' end, case when i % 10 = 0 then 'BENIGN' end,"
              + " case when i % 10 = 0 then ts + interval '1 day' end, 0, ts, ts, 0"
              + " from generate_series(1, "
              + tenants
              + ") t, generate_series(1, "
              + perTenant
              + ") i, lateral (select timestamptz '2026-01-01 00:00Z' + (i % "
              + windows
              + ") * interval '1 hour' + (i * 7 % 3600) * interval '1 second' ts) x");
      s.execute(
          "insert into detection_run (detection_id, run_id)"
              + " select md5('d' || t || '-' || i)::uuid, md5('r' || t || '-' || (i % 10 + 1)"
              + " || '-' || (i % "
              + windows
              + "))::uuid from generate_series(1, "
              + tenants
              + ") t, generate_series(1, "
              + perTenant
              + ") i");
      // A database that has been in use has its tables vacuumed: without this, autovacuum's first
      // pass over 5 M fresh rows lands in whichever wrk run comes first, and the visibility map
      // that
      // index-only scans need is not set yet.
      s.execute("vacuum analyze");
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (String table : List.of("tenant", "hunt_run", "detection", "detection_run")) {
        try (ResultSet r = s.executeQuery("select count(*) from " + table)) {
          r.next();
          sizes.put(table, r.getLong(1));
        }
      }
      return sizes;
    }
  }

  private String existingIndexes() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select indexname from pg_indexes where tablename in ('detection', 'hunt_run',"
                    + " 'detection_run') order by 1")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return String.join(", ", names);
  }

  private final Map<String, String> definitions = new LinkedHashMap<>();

  private List<String> dropIndexes() throws SQLException {
    List<String> dropped = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String index : QUERY_INDEXES) {
        try (ResultSet r =
            s.executeQuery("select indexdef from pg_indexes where indexname = '" + index + "'")) {
          if (!r.next()) {
            continue;
          }
          definitions.put(index, r.getString(1));
        }
        s.execute("drop index " + index);
        dropped.add(index);
      }
      s.execute("analyze detection");
      s.execute("analyze hunt_run");
    }
    return dropped;
  }

  private void restoreIndexes(List<String> dropped) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String index : dropped) {
        s.execute(definitions.get(index));
      }
    }
  }

  /** A wrk script choosing a random tenant (and one of its detections) for every request. */
  private static Path luaScript(Path dir, int tenants, int detections) throws Exception {
    int perTenant = Math.max(1, detections / tenants);
    StringBuilder lua = new StringBuilder();
    lua.append("local tenants = {");
    for (int t = 1; t <= tenants; t++) {
      lua.append('"').append(md5Uuid("t" + t)).append("\",");
    }
    lua.append("}\nlocal details = {");
    java.util.Random random = new java.util.Random(7);
    for (int k = 0; k < 2000; k++) {
      int t = 1 + random.nextInt(tenants);
      int i = 1 + random.nextInt(perTenant);
      lua.append("{\"")
          .append(md5Uuid("t" + t))
          .append("\",\"")
          .append(md5Uuid("d" + t + "-" + i))
          .append("\"},");
    }
    lua.append("}\n")
        .append("local mode = \"list\"\n")
        .append("function init(args) mode = args[1] or \"list\"; math.randomseed(os.time()) end\n")
        .append("function request()\n")
        .append("  local d = details[math.random(#details)]\n")
        .append("  local t = tenants[math.random(#tenants)]\n")
        .append("  local path, accept = paths(mode, t, d)\n")
        // A headers table replaces wrk.headers, so it carries the dev caller's headers too.
        .append("  return wrk.format(\"GET\", path, {[\"Accept\"] = accept,")
        .append(
            " [\"X-Huntboard-Dev-Actor\"] = \"load-bench\", [\"X-Huntboard-Dev-Tenants\"] = \"*\"})\n")
        .append("end\n")
        .append("function paths(m, t, d)\n")
        .append("  if m == \"detail\" then\n")
        .append("    return \"/api/v1/tenants/\" .. d[1] .. \"/detections/\" .. d[2],")
        .append(" \"application/json\"\n")
        .append("  elseif m == \"page\" then\n")
        .append("    return \"/t/\" .. d[1] .. \"/detections/\" .. d[2], \"text/html\"\n")
        .append("  elseif m == \"dashboard\" then\n")
        .append("    return \"/t/\" .. t, \"text/html\"\n")
        .append("  elseif m == \"runs\" then\n")
        .append("    return \"/api/v1/tenants/\" .. t .. \"/runs\", \"application/json\"\n")
        .append("  elseif m == \"export\" then\n")
        .append("    return \"/api/v1/tenants/\" .. t .. \"/detections/export?format=csv\",")
        .append(" \"text/csv\"\n")
        .append("  end\n")
        .append("  return \"/api/v1/tenants/\" .. t .. \"/detections\", \"application/json\"\n")
        .append("end\n")
        .append("local bad = 0\n")
        .append("function response(status, headers, body) if status >= 300 then bad = bad + 1 end")
        .append(" end\n");
    Path file = dir.resolve("portal-load.lua");
    Files.writeString(file, lua);
    return file;
  }

  /** One request of a wrk mode, as the script makes it, which must answer 200. */
  private static void probe(String base, String mode, int tenants, int detections)
      throws Exception {
    String t = md5Uuid("t1");
    String d = md5Uuid("d1-1");
    String[] pathAndType =
        switch (mode) {
          case "detail" ->
              new String[] {"/api/v1/tenants/" + t + "/detections/" + d, "application/json"};
          case "page" -> new String[] {"/t/" + t + "/detections/" + d, "text/html"};
          case "dashboard" -> new String[] {"/t/" + t, "text/html"};
          case "runs" -> new String[] {"/api/v1/tenants/" + t + "/runs", "application/json"};
          case "export" ->
              new String[] {"/api/v1/tenants/" + t + "/detections/export?format=csv", "text/csv"};
          default -> new String[] {"/api/v1/tenants/" + t + "/detections", "application/json"};
        };
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + pathAndType[0]))
                    .header("X-Huntboard-Dev-Actor", "load-bench")
                    .header("X-Huntboard-Dev-Tenants", "*")
                    .header("Accept", pathAndType[1])
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    assertThat(response.statusCode())
        .as(
            "%s %s answers (%s)",
            mode, pathAndType[0], body.substring(0, Math.min(300, body.length())))
        .isEqualTo(200);
  }

  private static String md5Uuid(String text) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes());
    String hex = java.util.HexFormat.of().formatHex(d);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }

  /** What one wrk run reported. */
  static final class Wrk {
    String p50 = "?";
    String p99 = "?";
    double rate;
    long requests;
    long failures;
    String load;
    String raw;

    void row(StringBuilder s, String name, String indexes) {
      s.append("| ")
          .append(name)
          .append(" | ")
          .append(indexes)
          .append(" | ")
          .append(p50)
          .append(" | ")
          .append(p99)
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f", rate))
          .append(" | ")
          .append(failures)
          .append(" | ")
          .append(load)
          .append(" |\n");
    }
  }

  private static Wrk wrk(String base, Path script, String mode, int seconds)
      throws IOException, InterruptedException {
    run(base, script, mode, 5);
    Wrk w = new Wrk();
    w.raw = run(base, script, mode, seconds);
    w.load = BenchRig.uptime();
    System.out.println("wrk " + mode + ":\n" + w.raw);
    Matcher m = Pattern.compile("\\s50%\\s+(\\S+)").matcher(w.raw);
    if (m.find()) {
      w.p50 = m.group(1);
    }
    m = Pattern.compile("\\s99%\\s+(\\S+)").matcher(w.raw);
    if (m.find()) {
      w.p99 = m.group(1);
    }
    m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(w.raw);
    if (m.find()) {
      w.rate = Double.parseDouble(m.group(1));
    }
    m = Pattern.compile("(\\d+) requests in").matcher(w.raw);
    if (m.find()) {
      w.requests = Long.parseLong(m.group(1));
    }
    m = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(w.raw);
    if (m.find()) {
      w.failures += Long.parseLong(m.group(1));
    }
    m =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
            .matcher(w.raw);
    if (m.find()) {
      for (int g = 1; g <= 4; g++) {
        w.failures += Long.parseLong(m.group(g));
      }
    }
    return w;
  }

  /**
   * Connections per wrk run: 50, except for the export, which a node streams at most {@code
   * huntboard.export.max-concurrent} (4) at once and answers 503 busy beyond; 50 connections would
   * measure the refusals, not the streaming.
   */
  static final int CONNECTIONS = 50;

  static final int EXPORT_CONNECTIONS = 4;

  private static String run(String base, Path script, String mode, int seconds)
      throws IOException, InterruptedException {
    int connections = "export".equals(mode) ? EXPORT_CONNECTIONS : CONNECTIONS;
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                script.toString(),
                base,
                "--",
                mode)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return output;
  }
}
