package org.huntboard.web.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.exclusion.EngineExclusionEvidence;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.huntboard.core.exclusion.lint.ExclusionEvidence;
import org.huntboard.core.exclusion.lint.ExclusionLinter;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;

/**
 * {@code huntboard exclusions compile|lint}: puts exclusions into a rule's query, or checks them.
 */
final class ExclusionsCommand {

  static final String HELP =
      """
      huntboard exclusions: put a file of exclusions into a rule's query, or check them first.

      Usage:
        huntboard exclusions compile --rule FILE --exclusions FILE [--plain] [--dialect defender|sentinel]
        huntboard exclusions lint --rule FILE --exclusions FILE [--data DIR [--now ISO-8601]] [--dialect D]

      compile   prints the rule's KQL with the exclusions in it. Tagged (the default): every row
                gets a HuntboardExclusion column naming the exclusion that matched it (empty for a
                detection). --plain: the rows any exclusion matches are dropped instead.
      lint      prints the guards' findings as file:line:column: severity: message: unknown fields,
                values that match one event only, contains/has on attacker-written text, one-field
                exclusions. With --data, each exclusion is also tried with the embedded engine on
                the rule's true-positive fixtures (fixtures/must-match.jsonl beside the rule; error
                when it hides one) and on the telemetry in DIR (warning when it matches nothing
                there; --now is the instant the rule's time window ends at in DIR, default now).

      Exit codes: 0 ok (lint: warnings only); 1 usage; 2 a rule or exclusions file with errors
      (file:line:column: message on stderr), or lint found an error; 3 data that does not load.

      Examples:
        huntboard exclusions compile --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml --exclusions rules/hunting/rmm/tigervnc/exclusions.yaml
        huntboard exclusions lint --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml --exclusions rules/hunting/rmm/tigervnc/exclusions.yaml
        huntboard generate --out /tmp/huntboard-demo --devices 20 --days 7 --seed 42 --now 2026-03-06T12:00:00Z
        huntboard exclusions lint --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml --exclusions rules/hunting/rmm/tigervnc/exclusions.yaml --data /tmp/huntboard-demo --now 2026-03-06T12:00:00Z
      """;

  /** The exit code of a lint that found an error (the exclusions may not be approved). */
  static final int LINT_ERROR = 1;

  private final PrintStream out;
  private final PrintStream err;

  ExclusionsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("--help")) {
      out.print(HELP);
      return args.isEmpty() ? Huntboard.USAGE : Huntboard.OK;
    }
    String verb = args.get(0);
    if (!verb.equals("compile") && !verb.equals("lint")) {
      throw new UsageException(
          "exclusions", "unknown exclusions command " + verb + " (compile or lint)");
    }
    String command = "exclusions " + verb;
    Arguments a =
        verb.equals("compile")
            ? Arguments.parse(
                command,
                args.subList(1, args.size()),
                Set.of("rule", "exclusions", "dialect"),
                Set.of("plain"))
            : Arguments.parse(
                command,
                args.subList(1, args.size()),
                Set.of("rule", "exclusions", "dialect", "data", "now"),
                Set.of());
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(0);
    Path ruleFile = existing(command, a, "rule");
    Path exclusionsFile = existing(command, a, "exclusions");
    Dialect dialect = dialect(command, a.value("dialect"));
    Instant now = a.instant("now");

    QueryCommand.QuerySource source;
    Query query;
    ExclusionFile exclusions;
    try {
      source = QueryCommand.ruleSource(command, ruleFile);
      try {
        query = KqlParser.parse(source.text());
      } catch (DiagnosticException e) {
        throw new DiagnosticException(source.relocate(e.diagnostics()));
      }
      exclusions = loadExclusions(command, exclusionsFile);
    } catch (DiagnosticException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      return Huntboard.QUERY_ERROR;
    }
    if (verb.equals("compile")) {
      try {
        String text =
            ExclusionCompiler.compile(
                    query,
                    exclusions.exclusions(),
                    dialect,
                    a.flag("plain") ? CompileForm.PLAIN : CompileForm.TAGGED)
                .text();
        out.println(text);
        return Huntboard.OK;
      } catch (DiagnosticException e) {
        source.relocate(e.diagnostics()).forEach(d -> err.println(d.format()));
        return Huntboard.QUERY_ERROR;
      }
    }
    ExclusionEvidence evidence = null;
    if (a.value("data") != null) {
      try {
        evidence = evidence(ruleFile, a.path("data"), dialect, now);
      } catch (DiagnosticException e) {
        e.diagnostics().forEach(d -> err.println(d.format()));
        return Huntboard.DATA_ERROR;
      }
    }
    List<Diagnostic> findings;
    try {
      findings = ExclusionLinter.lint(query, exclusions.exclusions(), dialect, evidence);
    } catch (DiagnosticException e) {
      source.relocate(e.diagnostics()).forEach(d -> err.println(d.format()));
      return Huntboard.QUERY_ERROR;
    }
    for (Diagnostic d : findings) {
      out.println(finding(d));
    }
    long errors = findings.stream().filter(Diagnostic::isError).count();
    out.println(
        exclusions.exclusions().size()
            + " exclusions: "
            + errors
            + " errors, "
            + (findings.size() - errors)
            + " warnings"
            + (evidence == null ? " (no --data: fixtures and telemetry not tried)" : ""));
    return errors > 0 ? LINT_ERROR : Huntboard.OK;
  }

  /** {@code file:line:column: severity: message [code]}, then the line with a caret. */
  static String finding(Diagnostic d) {
    String head =
        (d.location() == null ? "" : d.location() + ": ")
            + d.severity().name().toLowerCase(Locale.ROOT)
            + ": "
            + d.message()
            + " ["
            + d.code()
            + "]";
    return d.excerpt() == null || d.excerpt().isEmpty() ? head : head + "\n" + d.excerpt();
  }

  static ExclusionFile loadExclusions(String command, Path file) {
    try {
      return ExclusionFileLoader.load(file);
    } catch (IOException e) {
      throw new UsageException(command, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Path existing(String command, Arguments a, String option) {
    Path p = Path.of(a.required(option));
    if (!Files.isRegularFile(p)) {
      throw new UsageException(command, "no " + option + " file " + p);
    }
    return p;
  }

  private static Dialect dialect(String command, String value) {
    if (value == null) {
      return Dialect.DEFENDER;
    }
    return Dialect.fromId(value)
        .orElseThrow(
            () ->
                new UsageException(
                    command, "--dialect must be defender or sentinel, not " + value));
  }

  /**
   * The rule's true-positive fixtures, run at their own now(), and the telemetry of {@code data},
   * run at {@code now}: two clocks, so each side of the evidence has its own engine.
   */
  private static ExclusionEvidence evidence(
      Path ruleFile, Path data, Dialect dialect, Instant now) {
    Path fixtures = ruleFile.resolveSibling(org.huntboard.core.rule.RuleLoader.FIXTURES_FOLDER);
    Path settingsFile = fixtures.resolve(RulesCommand.FIXTURES_FILE);
    Path mustMatch = fixtures.resolve(RulesCommand.MUST_MATCH);
    TelemetryDatabase telemetry =
        TelemetryDatabase.load(data, SchemaCatalog.builtIn(dialect), LoadOptions.strict());
    Database suppressible = new Database(telemetry.tables());
    Clock dataClock = Clock.fixed(now == null ? Instant.now() : now, ZoneOffset.UTC);
    ExclusionEvidence backtest =
        new EngineExclusionEvidence(
            suppressible, suppressible, dataClock, "the telemetry in " + data);
    if (!Files.isRegularFile(settingsFile) || !Files.isRegularFile(mustMatch)) {
      return (query, exclusion, profile) -> {
        ExclusionEvidence.Verdict v = backtest.examine(query, exclusion, profile);
        return new ExclusionEvidence.Verdict(List.of(), v.matched(), v.evidence());
      };
    }
    RulesCommand.FixtureSettings s = RulesCommand.FixtureSettings.read(settingsFile);
    Database truePositives =
        EngineExclusionEvidence.load(s.table(), s.dialect(), List.of(mustMatch));
    ExclusionEvidence fixtureRun =
        new EngineExclusionEvidence(
            truePositives,
            truePositives,
            Clock.fixed(s.now(), ZoneOffset.UTC),
            mustMatch.toString());
    return (Query query, ExclusionFilter exclusion, FieldMappingProfile profile) -> {
      ExclusionEvidence.Verdict tp = fixtureRun.examine(query, exclusion, profile);
      ExclusionEvidence.Verdict other = backtest.examine(query, exclusion, profile);
      return new ExclusionEvidence.Verdict(
          tp.suppressedTruePositives(), other.matched(), other.evidence());
    };
  }
}
