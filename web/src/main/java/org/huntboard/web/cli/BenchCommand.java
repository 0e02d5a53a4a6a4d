package org.huntboard.web.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.engine.QueryResult;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TableAssembler;
import org.huntboard.connectors.local.load.TableLayout;
import org.huntboard.connectors.local.load.TelemetryLoader;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * {@code huntboard bench engine}: the embedded engine against DuckDB over the same generated
 * DeviceNetworkEvents, in one run — load time, heap per million rows, and three queries (the
 * TigerVNC hunt, a {@code has_any} over 18 domains on a high-cardinality column, a {@code
 * summarize} by device and hour). DuckDB's JDBC driver must be on the classpath ({@code
 * bench/engine.sh} puts it there); it is found through {@link DriverManager}, so Huntboard itself
 * never depends on it.
 */
final class BenchCommand {

  static final String HELP =
      """
      huntboard bench engine: time the embedded KQL engine against DuckDB on the same data.

      Usage:
        bench/engine.sh [--rows N[,N...]] [--work DIR] [--runs R]

      Generates DeviceNetworkEvents of N rows (default 1000000,10000000) into DIR (default
      target/bench), loads it into the engine and into DuckDB (in-memory), and runs each query R
      times (default 3) after one warm-up: (a) the TigerVNC hunt, in SQL with regexp_matches on term
      boundaries for has; (b) has_any over the 18 domains of the ZohoAssist network query on
      RemoteUrl; (c) summarize count() by DeviceName, bin(Timestamp, 1h). Prints a Markdown report
      with medians and the engine/DuckDB ratio, and checks that both return the same counts.

      Examples:
        bench/engine.sh --rows 1000000
      """;

  static final Instant NOW = Instant.parse("2026-03-06T12:00:00Z");
  static final int DAYS = 5;
  static final int RATE = 200;

  /** The 18 domains of the ZohoAssist network query, the largest has_any list of the RMM corpus. */
  static final List<String> ZOHO =
      List.of(
          "assist.zoho.com",
          "assist.zoho.eu",
          "assist.zoho.com.au",
          "assist.zoho.in",
          "assist.zoho.jp",
          "assist.zoho.uk",
          "assistlab.zoho.com",
          "downloads.zohocdn.com",
          "download-accl.zoho.in",
          "zohoassist.com",
          "zohopublic.com",
          "zohopublic.eu",
          "meeting.zoho.com",
          "meeting.zoho.eu",
          "static.zohocdn.com",
          "zohodl.com.cn",
          "zohowebstatic.com",
          "zohostatic.in");

  static final String TIGERVNC_KQL =
      """
      let Time_start = now(-5d);
      let Time_end = now();
      DeviceNetworkEvents
      | where Timestamp between (Time_start..Time_end)
      | where InitiatingProcessVersionInfoCompanyName has 'TigerVNC'
      and InitiatingProcessVersionInfoProductName has 'TigerVNC'
      | summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
      Report=make_set(ReportId), Count=count() by DeviceId, DeviceName, RemoteUrl
      """;

  static final String HAS_ANY_KQL =
      "DeviceNetworkEvents | where RemoteUrl has_any ("
          + ZOHO.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "))
          + ") | count";

  static final String SUMMARIZE_KQL =
      "DeviceNetworkEvents | summarize count() by DeviceName, bin(Timestamp, 1h)";

  /** {@code has} as SQL: the term with non-alphanumeric (or no) characters on both sides. */
  static String termRegex(List<String> terms) {
    String alternatives =
        terms.stream()
            .map(t -> t.replace(".", "\\.").replace("-", "\\-"))
            .collect(Collectors.joining("|"));
    return "(?i)(^|[^[:alnum:]])(" + alternatives + ")($|[^[:alnum:]])";
  }

  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("engine")) {
      if (!args.isEmpty() && args.get(0).equals("--help")) {
        out.print(HELP);
        return Huntboard.OK;
      }
      throw new UsageException("bench", "the only benchmark is: bench engine");
    }
    Arguments a =
        Arguments.parse(
            "bench engine", args.subList(1, args.size()), Set.of("rows", "work", "runs"), Set.of());
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(0);
    List<Integer> sizes = new ArrayList<>();
    for (String s : (a.value("rows") == null ? "1000000,10000000" : a.value("rows")).split(",")) {
      try {
        sizes.add(Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("bench engine", "--rows must be whole numbers, not " + s);
      }
    }
    int runs = a.positiveInt("runs", 3);
    Path work = a.value("work") == null ? Path.of("target/bench") : Path.of(a.value("work"));
    try {
      DriverManager.getDriver("jdbc:duckdb:");
    } catch (SQLException e) {
      err.println(
          "huntboard bench: DuckDB's JDBC driver is not on the classpath; run bench/engine.sh, which"
              + " builds with -Pbench to add it");
      return Huntboard.USAGE;
    }
    out.println("## Engine benchmark");
    out.println();
    out.println("- machine: " + machine());
    out.println("- command: `bench/engine.sh --rows " + a.value("rows") + " --runs " + runs + "`");
    out.println(
        "- data: `huntboard generate` DeviceNetworkEvents, "
            + DAYS
            + " days before "
            + NOW
            + ", "
            + RATE
            + " events per device and day; now() pinned to "
            + NOW);
    out.println(
        "- timings: median of "
            + runs
            + " runs after one warm-up, wall clock, one query at a time");
    out.println();
    try {
      for (int rows : sizes) {
        benchmark(rows, runs, work);
      }
    } catch (IOException | SQLException e) {
      err.println("huntboard bench: " + e.getMessage());
      return Huntboard.DATA_ERROR;
    }
    return Huntboard.OK;
  }

  private void benchmark(int rows, int runs, Path work) throws IOException, SQLException {
    int devices = Math.max(1, rows / (DAYS * RATE));
    Path dir = work.resolve("rows-" + rows);
    Path file = dir.resolve("DeviceNetworkEvents.jsonl");
    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
      long g = System.nanoTime();
      TelemetryGenerator.generate(
          new GeneratorOptions(dir, devices, DAYS, 7, NOW, RATE, GenerateCommand.defaultTools()));
      err.printf(Locale.ROOT, "generated %s in %.1f s%n", dir, (System.nanoTime() - g) / 1e9);
    }
    TableSchema schema =
        SchemaCatalog.builtIn(Dialect.DEFENDER).table("DeviceNetworkEvents").orElseThrow();

    // Engine: load and heap.
    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    TableLayout layout = new TableLayout(schema.name(), schema.columns(), true);
    TableAssembler assembler = new TableAssembler(layout);
    new TelemetryLoader(LoadOptions.strict()).load(file, layout, assembler);
    Table table = assembler.build();
    double engineLoad = (System.nanoTime() - t0) / 1e9;
    long heap = usedHeapAfterGc() - heapBefore;
    int n = table.rowCount();
    Database db = Database.of("DeviceNetworkEvents", table);
    KqlEngine engine =
        new KqlEngine(
            EngineOptions.defaults()
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .withMaxResultRows(Long.MAX_VALUE / 2)
                .withMaxResultBytes(Long.MAX_VALUE / 2));

    double[] kql = new double[3];
    long[][] kqlCounts = new long[3][];
    String[] queries = {TIGERVNC_KQL, HAS_ANY_KQL, SUMMARIZE_KQL};
    for (int q = 0; q < 3; q++) {
      String text = queries[q];
      kql[q] = median(runs, () -> engine.execute(text, db));
      QueryResult r = engine.execute(text, db);
      kqlCounts[q] = counts(q, r.table());
    }

    // DuckDB, same file, same process.
    double duckLoad;
    double[] sql = new double[3];
    long[][] sqlCounts = new long[3][];
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      long d0 = System.nanoTime();
      s.execute(createTable(schema, file));
      duckLoad = (System.nanoTime() - d0) / 1e9;
      String tiger = termRegex(List.of("TigerVNC"));
      String[] statements = {
        "SELECT DeviceId, DeviceName, RemoteUrl, min(Timestamp) AS FirstSeen, max(Timestamp) AS LastSeen,"
            + " list(DISTINCT ReportId) AS Report, count(*) AS Count FROM DeviceNetworkEvents"
            + " WHERE Timestamp BETWEEN TIMESTAMP '"
            + sqlTime(NOW.minusSeconds(5 * 86400))
            + "' AND TIMESTAMP '"
            + sqlTime(NOW)
            + "'"
            + " AND regexp_matches(InitiatingProcessVersionInfoCompanyName, '"
            + tiger
            + "')"
            + " AND regexp_matches(InitiatingProcessVersionInfoProductName, '"
            + tiger
            + "')"
            + " GROUP BY DeviceId, DeviceName, RemoteUrl",
        "SELECT count(*) AS Count FROM DeviceNetworkEvents WHERE regexp_matches(RemoteUrl, '"
            + termRegex(ZOHO)
            + "')",
        "SELECT DeviceName, date_trunc('hour', Timestamp) AS Timestamp, count(*) AS count_"
            + " FROM DeviceNetworkEvents GROUP BY DeviceName, date_trunc('hour', Timestamp)"
      };
      for (int q = 0; q < 3; q++) {
        String text = statements[q];
        sql[q] = median(runs, () -> drain(s, text));
        sqlCounts[q] = sqlCounts(q, s, text);
      }
    }

    out.println("### " + String.format(Locale.ROOT, "%,d", n) + " rows");
    out.println();
    out.println("| measure | Huntboard engine | DuckDB | engine / DuckDB | results agree |");
    out.println("|---|---|---|---|---|");
    out.printf(
        Locale.ROOT,
        "| load JSON lines | %.2f s (%,.0f rows/s) | %.2f s (%,.0f rows/s) | %.2f | |%n",
        engineLoad,
        n / engineLoad,
        duckLoad,
        n / duckLoad,
        engineLoad / duckLoad);
    String[] names = {
      "(a) TigerVNC hunt (`has`)",
      "(b) `has_any` 18 domains on RemoteUrl",
      "(c) `summarize count() by DeviceName, bin(Timestamp, 1h)`"
    };
    for (int q = 0; q < 3; q++) {
      out.printf(
          Locale.ROOT,
          "| %s | %.1f ms | %.1f ms | %.2f | %s |%n",
          names[q],
          kql[q] * 1000,
          sql[q] * 1000,
          kql[q] / sql[q],
          Arrays.equals(kqlCounts[q], sqlCounts[q])
              ? "yes " + Arrays.toString(kqlCounts[q])
              : "NO: " + Arrays.toString(kqlCounts[q]) + " vs " + Arrays.toString(sqlCounts[q]));
    }
    out.printf(
        Locale.ROOT,
        "| engine heap after load | %,.0f MB (%,.0f MB per million rows) | | | |%n",
        heap / 1e6,
        heap / 1e6 / (n / 1e6));
    out.printf(Locale.ROOT, "| distinct RemoteUrl | %,d | | | |%n", distinct(table, "RemoteUrl"));
    out.println();
    out.flush();
  }

  private static long distinct(Table t, String column) {
    return t.column(column) instanceof org.huntboard.connectors.table.StringColumn s
        ? s.dictionary().length
        : -1;
  }

  /** What both sides must agree on: groups and total count for (a) and (c), the count for (b). */
  private static long[] counts(int q, Table t) {
    if (q == 1) {
      return new long[] {((Number) t.value(0, 0)).longValue()};
    }
    int countColumn = t.columnCount() - 1;
    long total = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      total += ((Number) t.value(r, countColumn)).longValue();
    }
    return new long[] {t.rowCount(), total};
  }

  private static long[] sqlCounts(int q, Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      int countColumn = rs.getMetaData().getColumnCount();
      long groups = 0;
      long total = 0;
      while (rs.next()) {
        groups++;
        total += rs.getLong(countColumn);
      }
      return q == 1 ? new long[] {total} : new long[] {groups, total};
    }
  }

  private static Object drain(Statement s, String sql) {
    try (ResultSet rs = s.executeQuery(sql)) {
      long n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static double median(int runs, Supplier<Object> work) {
    work.get();
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      work.get();
      times[i] = (System.nanoTime() - t) / 1e9;
    }
    Arrays.sort(times);
    return times[runs / 2];
  }

  /**
   * DuckDB reads the same file; datetimes are read as text and cast (DuckDB keeps microseconds).
   */
  private static String createTable(TableSchema schema, Path file) {
    StringBuilder columns = new StringBuilder();
    StringBuilder select = new StringBuilder();
    for (ColumnSchema c : schema.columns()) {
      if (columns.length() > 0) {
        columns.append(", ");
        select.append(", ");
      }
      String type = duckType(c.type());
      columns
          .append("'")
          .append(c.name())
          .append("': '")
          .append(c.type() == ScalarType.DATETIME ? "VARCHAR" : type)
          .append("'");
      select.append(
          c.type() == ScalarType.DATETIME
              ? "CAST(left(\"" + c.name() + "\", 26) AS TIMESTAMP) AS \"" + c.name() + "\""
              : "\"" + c.name() + "\"");
    }
    return "CREATE TABLE DeviceNetworkEvents AS SELECT "
        + select
        + " FROM read_json('"
        + file.toAbsolutePath().toString().replace("'", "''")
        + "', format = 'newline_delimited', columns = {"
        + columns
        + "})";
  }

  private static String duckType(ScalarType t) {
    return switch (t) {
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case REAL -> "DOUBLE";
      case BOOL -> "BOOLEAN";
      case DATETIME -> "TIMESTAMP";
      default -> "VARCHAR";
    };
  }

  private static String sqlTime(Instant i) {
    return i.toString().replace("T", " ").replace("Z", "");
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static String machine() {
    Runtime r = Runtime.getRuntime();
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux: leave the CPU unnamed
    }
    return cpu
        + ", "
        + r.availableProcessors()
        + " cores, Java "
        + System.getProperty("java.version")
        + ", max heap "
        + r.maxMemory() / (1 << 20)
        + " MB, JVM flags "
        + ManagementFactory.getRuntimeMXBean().getInputArguments();
  }
}
