package org.huntboard.web.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.engine.QueryLimitException;
import org.huntboard.connectors.local.engine.QueryResult;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.connectors.local.load.TelemetryLoader;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.RuleFile;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.core.rule.RuleQuery;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;

/** {@code huntboard query}: runs one KQL query or rule over a folder of telemetry files. */
final class QueryCommand {

  static final String HELP =
      """
      huntboard query: run a KQL query, or a rule's query, over a folder of telemetry files.

      Usage:
        huntboard query --data DIR [--now ISO-8601] [--format table|json|csv] [--exclusions FILE [--plain]] (--query FILE | --rule FILE | -)
        huntboard query --connector defender|sentinel|local [connector options] [--exclusions FILE [--plain]] (--query FILE | --rule FILE | -)

      Options:
        --data DIR          folder of <Table>.jsonl / .json / .csv files (optionally .gz): the database
        --query FILE        a file of KQL
        --rule FILE         a hunting rule (Azure-Sentinel YAML); its query runs, errors point into the file
        -                   read the KQL from standard input
        --now ISO-8601      the instant now() and ago() mean (default: the current time)
        --format F          table (default), json or csv
        --dialect D         defender (default) or sentinel: which table schemas type the files
        --lenient           skip rows that do not load, count them and report them on stderr
        --max-rows N        truncate the result after N rows (default 500000, as Kusto)
        --timeout SECONDS   stop a query that runs longer (default 300)
        --stats             print load and query times on stderr
        --exclusions FILE   put the exclusions of FILE into the query first (see huntboard exclusions):
                            a HuntboardExclusion column names the exclusion that matched each row
                            (empty: a detection)
        --plain             with --exclusions: drop the rows an exclusion matches instead of tagging them

      Connector options (a tenant's Defender XDR or Sentinel instead of files on disk):
        %s
      Exit codes: 0 ok; 1 usage (a missing setting or AZURE_* variable is named); 2 query error
      (file:line:column: message on stderr; with a connector: the service rejected the query); 3 data error;
      4 result truncated, partial or timed out (the result so far is printed, the reason on stderr);
      with a connector also 5 throttled or query quota used up, 6 not authorized or forbidden, 7 service unavailable.

      Examples:
        huntboard generate --out /tmp/huntboard-demo --devices 20 --days 7 --seed 42 --now 2026-03-06T12:00:00Z
        huntboard query --data /tmp/huntboard-demo --now 2026-03-06T12:00:00Z --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml
        echo 'DeviceNetworkEvents | summarize count() by ActionType' | huntboard query --data /tmp/huntboard-demo --format json -
        huntboard query --data /tmp/huntboard-demo --now 2026-03-06T12:00:00Z --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml --exclusions rules/hunting/rmm/tigervnc/exclusions.yaml
        AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... huntboard query --connector defender --lookback 1d --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml
      """
          .formatted(ConnectorOptions.HELP.strip());

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final Map<String, String> env;

  QueryCommand(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments a =
        Arguments.parse(
            "query",
            args,
            union(
                Set.of(
                    "data",
                    "query",
                    "rule",
                    "now",
                    "format",
                    "dialect",
                    "max-rows",
                    "timeout",
                    "exclusions"),
                ConnectorOptions.VALUED),
            Set.of("lenient", "stats", "plain"));
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(1);
    boolean stdin = a.operands().size() == 1;
    if (stdin && !a.operands().get(0).equals("-")) {
      throw new UsageException("query", "unexpected argument " + a.operands().get(0));
    }
    int sources =
        (stdin ? 1 : 0) + (a.value("query") != null ? 1 : 0) + (a.value("rule") != null ? 1 : 0);
    if (sources != 1) {
      throw new UsageException("query", "give exactly one of --query FILE, --rule FILE or -");
    }
    String connectorId = a.value("connector");
    if (connectorId == null) {
      for (String option : ConnectorOptions.VALUED) {
        if (a.value(option) != null) {
          throw new UsageException("query", "--" + option + " needs --connector");
        }
      }
    }
    if (a.flag("plain") && a.value("exclusions") == null) {
      throw new UsageException("query", "--plain needs --exclusions FILE");
    }
    Path data =
        connectorId == null || connectorId.equals("local")
            ? Path.of(a.required("data"))
            : a.path("data");
    if (data != null && connectorId != null && !connectorId.equals("local")) {
      throw new UsageException(
          "query", "--data is for files on disk; not with --connector " + connectorId);
    }
    ResultWriter.Format format = format(a.value("format"));
    Dialect dialect = dialect(a.value("dialect"));
    Instant now = a.instant("now");
    int maxRows = a.positiveInt("max-rows", (int) EngineOptions.DEFAULT_MAX_ROWS);
    int timeout = a.positiveInt("timeout", 300);

    QuerySource source;
    try {
      source = readSource(a, stdin);
    } catch (DiagnosticException e) {
      printDiagnostics(e.diagnostics());
      return Huntboard.QUERY_ERROR;
    }
    Query query;
    try {
      query = withExclusions(a, source, dialect);
    } catch (DiagnosticException e) {
      printDiagnostics(source.relocate(e.diagnostics()));
      return Huntboard.QUERY_ERROR;
    }
    if (connectorId != null) {
      Duration period =
          source.rule() == null
              ? DEFAULT_LOOKBACK
              : source.rule().queryPeriod().orElse(DEFAULT_LOOKBACK);
      TimeWindow window = ConnectorOptions.window("query", a, now, period);
      try (Connector connector = ConnectorOptions.connector("query", a, env, data, now)) {
        return runOnConnector(connector, KqlRenderer.render(query), window, format);
      }
    }

    long loadStart = System.nanoTime();
    TelemetryDatabase telemetry;
    try {
      telemetry =
          TelemetryDatabase.load(
              data,
              SchemaCatalog.builtIn(dialect),
              a.flag("lenient") ? LoadOptions.lenientReporting() : LoadOptions.strict());
    } catch (DiagnosticException e) {
      printDiagnostics(e.diagnostics());
      return Huntboard.DATA_ERROR;
    }
    long loaded = System.nanoTime();
    if (telemetry.rejected() > 0) {
      err.print(TelemetryLoader.summary(telemetry.reports()));
    }

    EngineOptions options =
        EngineOptions.defaults()
            .withClock(now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC))
            .withMaxResultRows(maxRows)
            .withTimeout(Duration.ofSeconds(timeout));
    KqlEngine engine = new KqlEngine(options);
    QueryResult result;
    try {
      result = engine.execute(query, source.text(), new Database(telemetry.tables()), null);
    } catch (QueryLimitException e) {
      err.println("huntboard query: stopped: " + e.first().message() + " (no partial result)");
      return Huntboard.LIMITED;
    } catch (DiagnosticException e) {
      printDiagnostics(source.relocate(e.diagnostics()));
      return Huntboard.QUERY_ERROR;
    }
    long ran = System.nanoTime();
    try {
      ResultWriter.write(result.table(), format, out);
    } catch (IOException e) {
      err.println("huntboard query: cannot write the result: " + e.getMessage());
      return Huntboard.USAGE;
    }
    if (a.flag("stats")) {
      long rows = telemetry.tables().values().stream().mapToLong(t -> t.rowCount()).sum();
      err.printf(
          Locale.ROOT,
          "loaded %d rows in %.3f s; query %.3f s, %d rows scanned, %d rows out%n",
          rows,
          (loaded - loadStart) / 1e9,
          (ran - loaded) / 1e9,
          result.rowsScanned(),
          result.table().rowCount());
    }
    if (result.truncated()) {
      err.println("huntboard query: result truncated: " + result.truncationReason());
      return Huntboard.LIMITED;
    }
    return Huntboard.OK;
  }

  /** The lookback of a run through a connector when neither the rule nor the user gives one. */
  static final Duration DEFAULT_LOOKBACK = Duration.ofDays(5);

  private int runOnConnector(
      Connector connector, String kql, TimeWindow window, ResultWriter.Format format) {
    org.huntboard.connectors.spi.QueryResult result;
    try {
      result = connector.run(kql, window, RunOptions.defaults());
    } catch (ConnectorException e) {
      if (e.partialResult().isPresent()) {
        write(e.partialResult().get().table(), format);
      }
      err.println("huntboard query: " + connector.id() + ": " + e.describe());
      return e.failureClass().exitCode();
    }
    return write(result.table(), format) ? Huntboard.OK : Huntboard.USAGE;
  }

  private boolean write(org.huntboard.connectors.table.Table table, ResultWriter.Format format) {
    try {
      ResultWriter.write(table, format, out);
      return true;
    } catch (IOException e) {
      err.println("huntboard query: cannot write the result: " + e.getMessage());
      return false;
    }
  }

  /** The parsed query, with the exclusions of {@code --exclusions} compiled in when given. */
  private static Query withExclusions(Arguments a, QuerySource source, Dialect dialect) {
    Query query = KqlParser.parse(source.text());
    Path file = a.path("exclusions");
    if (file == null) {
      return query;
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException("query", "no exclusions file " + file);
    }
    ExclusionFile exclusions = ExclusionsCommand.loadExclusions("query", file);
    return ExclusionCompiler.compile(
            query,
            exclusions.exclusions(),
            dialect,
            a.flag("plain") ? CompileForm.PLAIN : CompileForm.TAGGED)
        .query();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** The query to run, and how to move its error locations into the file the user wrote. */
  record QuerySource(SourceText text, RuleQuery ruleQuery, String ruleFile, HuntingRule rule) {

    QuerySource(SourceText text, RuleQuery ruleQuery, String ruleFile) {
      this(text, ruleQuery, ruleFile, null);
    }

    List<Diagnostic> relocate(List<Diagnostic> diagnostics) {
      if (ruleQuery == null) {
        return diagnostics;
      }
      List<Diagnostic> moved = new ArrayList<>();
      for (Diagnostic d : diagnostics) {
        // Only the query's own locations move; an exclusions file's stay where they are.
        moved.add(
            d.location() == null || !ruleFile.equals(d.location().file())
                ? d
                : new Diagnostic(
                    d.severity(),
                    d.code(),
                    d.message(),
                    ruleQuery.locate(ruleFile, d.location().line(), d.location().column()),
                    d.excerpt()));
      }
      return moved;
    }
  }

  private QuerySource readSource(Arguments a, boolean stdin) {
    try {
      if (stdin) {
        // Unnamed, so errors read line:column: message.
        return new QuerySource(
            new SourceText("", new String(in.readAllBytes(), StandardCharsets.UTF_8)), null, null);
      }
      if (a.value("query") != null) {
        Path file = Path.of(a.value("query"));
        return new QuerySource(
            new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8)),
            null,
            null);
      }
    } catch (IOException e) {
      throw new UsageException("query", "cannot read the query: " + e.getMessage());
    }
    return ruleSource("query", Path.of(a.value("rule")));
  }

  /** A rule's query, located in the rule file; a rule that does not load is thrown. */
  static QuerySource ruleSource(String command, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException(command, "no rule file " + file);
    }
    RuleFile ruleFile = new RuleLoader().load(file);
    if (!ruleFile.loaded()) {
      throw new DiagnosticException(ruleFile.diagnostics());
    }
    HuntingRule rule = ruleFile.rule().orElseThrow();
    return new QuerySource(
        new SourceText(file.toString(), rule.query().text()), rule.query(), file.toString(), rule);
  }

  private void printDiagnostics(List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      err.println(d.format());
    }
  }

  static ResultWriter.Format format(String value) {
    if (value == null) {
      return ResultWriter.Format.TABLE;
    }
    return switch (value) {
      case "table" -> ResultWriter.Format.TABLE;
      case "json" -> ResultWriter.Format.JSON;
      case "csv" -> ResultWriter.Format.CSV;
      default ->
          throw new UsageException("query", "--format must be table, json or csv, not " + value);
    };
  }

  static Dialect dialect(String value) {
    if (value == null) {
      return Dialect.DEFENDER;
    }
    return Dialect.fromId(value)
        .orElseThrow(
            () ->
                new UsageException(
                    "query", "--dialect must be defender or sentinel, not " + value));
  }
}
