package org.huntboard.web.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TableAssembler;
import org.huntboard.connectors.local.load.TableLayout;
import org.huntboard.connectors.local.load.TelemetryLoader;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.KqlQueryCheck;
import org.huntboard.core.rule.RuleFile;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.core.rule.RuleSetReport;
import org.huntboard.core.rule.RuleValidator;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code huntboard rules validate|test}: checks rule files and runs their fixtures. */
final class RulesCommand {

  static final String HELP =
      """
      huntboard rules: check hunting rules and run their fixtures on the embedded engine.

      Usage:
        huntboard rules validate [PATH]
        huntboard rules test [PATH]

      PATH is a rule file or a folder of rules (default: rules/hunting).

      validate  loads every rule and checks it: fields, ATT&CK tactics and techniques, schedule, and
                that its query parses and binds against its tables in the Defender and Sentinel schemas.
      test      validates, then runs each rule's fixtures (fixtures/ beside the rule: fixtures.yaml
                names the table, dialect and now; every row of must-match.jsonl must be detected on
                its own, no row of must-not-match.jsonl may be).

      Exit codes: 0 all good; 2 a rule has problems or a fixture failed; 3 fixture data that does not load.

      Examples:
        huntboard rules validate
        huntboard rules test rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml
      """;

  static final String FIXTURES_FILE = "fixtures.yaml";
  static final String MUST_MATCH = "must-match.jsonl";
  static final String MUST_NOT_MATCH = "must-not-match.jsonl";

  private final PrintStream out;
  private final PrintStream err;

  RulesCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("--help")) {
      out.print(HELP);
      return args.isEmpty() ? Huntboard.USAGE : Huntboard.OK;
    }
    String verb = args.get(0);
    if (!verb.equals("validate") && !verb.equals("test")) {
      throw new UsageException("rules", "unknown rules command " + verb + " (validate or test)");
    }
    Arguments a =
        Arguments.parse("rules " + verb, args.subList(1, args.size()), Set.of(), Set.of());
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(1);
    Path path = Path.of(a.operands().isEmpty() ? "rules/hunting" : a.operands().get(0));
    if (!Files.exists(path)) {
      throw new UsageException("rules " + verb, "no rule file or folder " + path);
    }
    RuleLoader loader = new RuleLoader();
    List<RuleFile> files =
        Files.isDirectory(path) ? loader.loadTree(path) : List.of(loader.load(path));
    boolean ok = validate(files);
    if (verb.equals("validate")) {
      return ok ? Huntboard.OK : Huntboard.QUERY_ERROR;
    }
    int worst = ok ? Huntboard.OK : Huntboard.QUERY_ERROR;
    for (RuleFile file : files) {
      if (file.loaded()) {
        worst = Math.max(worst, test(file));
      }
    }
    return worst;
  }

  private boolean validate(List<RuleFile> files) {
    List<Diagnostic> problems = new ArrayList<>();
    int valid = files.size();
    for (Dialect dialect : Dialect.values()) {
      RuleSetReport report = new RuleValidator(KqlQueryCheck.builtIn(dialect)).validate(files);
      for (Diagnostic d : report.all()) {
        if (!problems.contains(d)) {
          problems.add(d);
        }
      }
      valid = Math.min(valid, report.validRules().size());
    }
    for (Diagnostic d : problems) {
      err.println(d.format());
    }
    out.println(
        valid + " of " + files.size() + " rules valid in the defender and sentinel schemas");
    return problems.stream().noneMatch(Diagnostic::isError) && valid == files.size();
  }

  /** Runs one rule's fixtures; returns an exit code. */
  private int test(RuleFile file) {
    HuntingRule rule = file.rule().orElseThrow();
    Path fixtures = Path.of(file.path()).resolveSibling(RuleLoader.FIXTURES_FOLDER);
    Path settings = fixtures.resolve(FIXTURES_FILE);
    if (!Files.isRegularFile(settings)) {
      out.println("SKIP " + rule.name() + ": no " + settings);
      return Huntboard.OK;
    }
    FixtureSettings s;
    try {
      s = FixtureSettings.read(settings);
    } catch (DiagnosticException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      return Huntboard.DATA_ERROR;
    }
    SchemaCatalog catalog = SchemaCatalog.builtIn(s.dialect());
    TableSchema schema = catalog.table(s.table()).orElse(null);
    if (schema == null) {
      err.println(
          settings
              + ":1:1: table "
              + s.table()
              + " is not in the "
              + s.dialect().id()
              + " schemas");
      return Huntboard.DATA_ERROR;
    }
    KqlEngine engine =
        new KqlEngine(EngineOptions.defaults().withClock(Clock.fixed(s.now(), ZoneOffset.UTC)));
    SourceText source = new SourceText(file.path(), rule.query().text());
    Query query;
    try {
      query = org.huntboard.core.kql.parse.KqlParser.parse(source);
    } catch (DiagnosticException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      return Huntboard.QUERY_ERROR;
    }
    List<String> failures = new ArrayList<>();
    int[] counts = new int[2];
    try {
      for (int kind = 0; kind < 2; kind++) {
        boolean mustMatch = kind == 0;
        Path rows = fixtures.resolve(mustMatch ? MUST_MATCH : MUST_NOT_MATCH);
        if (!Files.isRegularFile(rows)) {
          continue;
        }
        Table table = load(rows, schema);
        int[] lines = rowLines(rows);
        counts[kind] = table.rowCount();
        for (int r = 0; r < table.rowCount(); r++) {
          Table one = table.gather(new int[] {r}, 1);
          int detections =
              engine.execute(query, source, Database.of(s.table(), one), null).table().rowCount();
          if (mustMatch && detections == 0) {
            failures.add(
                rows + ":" + lines[r] + ":1: the rule does not detect this must-match row");
          } else if (!mustMatch && detections > 0) {
            failures.add(rows + ":" + lines[r] + ":1: the rule detects this must-not-match row");
          }
        }
      }
    } catch (DiagnosticException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      return e.first().code().startsWith("DATA-") ? Huntboard.DATA_ERROR : Huntboard.QUERY_ERROR;
    }
    if (failures.isEmpty()) {
      out.println(
          "PASS "
              + rule.name()
              + " ("
              + counts[0]
              + " must-match, "
              + counts[1]
              + " must-not-match rows)");
      return Huntboard.OK;
    }
    out.println("FAIL " + rule.name());
    failures.forEach(err::println);
    return Huntboard.QUERY_ERROR;
  }

  private static Table load(Path rows, TableSchema schema) {
    TableLayout layout = new TableLayout(schema.name(), schema.columns(), true);
    TableAssembler assembler = new TableAssembler(layout);
    new TelemetryLoader(LoadOptions.strict()).load(rows, layout, assembler);
    return assembler.build();
  }

  /** The file line of each row of a JSON lines file (blank lines hold no row). */
  private static int[] rowLines(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      int[] out = new int[lines.size()];
      int n = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          out[n++] = i + 1;
        }
      }
      return out;
    } catch (IOException e) {
      throw new DiagnosticException(
          new Diagnostic(
              Diagnostic.Severity.ERROR,
              TelemetryLoader.IO,
              "cannot read: " + e.getMessage(),
              new SourceLocation(file.toString(), 1, 1),
              null));
    }
  }

  /** What {@code fixtures.yaml} says: the rows' table, their dialect and the instant of now(). */
  record FixtureSettings(String table, Dialect dialect, Instant now) {

    static FixtureSettings read(Path file) {
      Object doc;
      try {
        doc =
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        throw problem(file, "not readable YAML: " + e.getMessage());
      }
      if (!(doc instanceof Map<?, ?> map)) {
        throw problem(file, "expected a mapping with table, dialect and now");
      }
      Object table = map.get("table");
      Object dialect = map.containsKey("dialect") ? map.get("dialect") : "defender";
      Object now = map.get("now");
      if (!(table instanceof String t)) {
        throw problem(file, "table: expected a table name");
      }
      Dialect d =
          Dialect.fromId(String.valueOf(dialect))
              .orElseThrow(() -> problem(file, "dialect: expected defender or sentinel"));
      Instant instant;
      try {
        // SnakeYAML reads an unquoted timestamp as a Date.
        instant =
            now instanceof java.util.Date date
                ? date.toInstant()
                : Instant.parse(String.valueOf(now));
      } catch (DateTimeParseException e) {
        throw problem(file, "now: expected an ISO-8601 instant such as 2026-03-02T12:00:00Z");
      }
      return new FixtureSettings(t, d, instant);
    }

    private static DiagnosticException problem(Path file, String message) {
      return new DiagnosticException(
          new Diagnostic(
              Diagnostic.Severity.ERROR,
              "RULE-FIXTURES",
              message,
              new SourceLocation(file.toString(), 1, 1),
              null));
    }
  }
}
