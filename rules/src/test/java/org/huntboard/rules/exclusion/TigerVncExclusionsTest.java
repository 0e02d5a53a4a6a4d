package org.huntboard.rules.exclusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.exclusion.EngineExclusionEvidence;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.CompiledQuery;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.file.ExclusionDefinition;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.huntboard.core.exclusion.lint.ExclusionLinter;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TigerVNC rule's exclusion templates, run on the embedded engine: over the rule's fixtures,
 * over each template's own fixtures, and over a generated tenant's telemetry against its manifest.
 */
class TigerVncExclusionsTest {

  private static final Path RULE_DIR = Path.of("hunting/rmm/tigervnc");
  private static final Instant FIXTURE_NOW = Instant.parse("2026-03-02T12:00:00Z");

  private static HuntingRule rule;
  private static Query query;
  private static ExclusionFile templates;

  @BeforeAll
  static void load() throws IOException {
    rule =
        new RuleLoader()
            .load(RULE_DIR.resolve("tigervnc-network-connection.yaml"))
            .rule()
            .orElseThrow();
    query = KqlParser.parse(rule.query().text());
    templates = ExclusionFileLoader.load(RULE_DIR.resolve("exclusions.yaml"));
  }

  private static List<Path> scenarioFixtures() throws IOException {
    try (Stream<Path> files = Files.list(RULE_DIR.resolve("fixtures/exclusions"))) {
      return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private static Table run(CompiledQuery compiled, Database db, Instant now) {
    KqlEngine engine =
        new KqlEngine(EngineOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC)));
    return engine.execute(compiled.query(), db).table();
  }

  @Test
  void templatesAreTheSeedScenariosVerbatim() throws IOException {
    String shared = System.getProperty("huntboard.shared.dir");
    Path seed = shared == null ? null : Path.of(shared, "data/seed/tigervnc-false-positives.yaml");
    Assumptions.assumeTrue(
        seed != null && Files.isRegularFile(seed), "the seed scenarios are not here");
    ExclusionFile published = ExclusionFileLoader.load(seed);
    assertThat(templates.rule()).isEqualTo(rule.id().toString());
    assertThat(templates.exclusions()).hasSameSizeAs(published.exclusions());
    for (int i = 0; i < published.exclusions().size(); i++) {
      ExclusionDefinition t = templates.exclusions().get(i);
      ExclusionDefinition p = published.exclusions().get(i);
      assertThat(t.name()).isEqualTo(p.name());
      assertThat(t.description()).isEqualTo(p.description());
      assertThat(t.conditions()).isEqualTo(p.conditions());
    }
  }

  @Test
  void everyScenarioFixtureIsTaggedWithExactlyItsExclusionAndTruePositivesStayUntagged()
      throws IOException {
    List<Path> files = new ArrayList<>(scenarioFixtures());
    files.add(RULE_DIR.resolve("fixtures/must-match.jsonl"));
    Database db = EngineExclusionEvidence.load("DeviceNetworkEvents", Dialect.DEFENDER, files);
    Map<String, String> expected = new HashMap<>();
    for (Path f : scenarioFixtures()) {
      String id = f.getFileName().toString().replace(".jsonl", "");
      assertThat(templates.exclusion(id)).as("a template for " + f).isPresent();
      Table t =
          EngineExclusionEvidence.load("DeviceNetworkEvents", Dialect.DEFENDER, List.of(f))
              .table("DeviceNetworkEvents")
              .orElseThrow();
      for (int r = 0; r < t.rowCount(); r++) {
        expected.put(t.value(r, "DeviceName") + "|" + t.value(r, "RemoteUrl"), id);
      }
    }
    Table tagged =
        run(
            ExclusionCompiler.compile(
                query, templates.exclusions(), Dialect.DEFENDER, CompileForm.TAGGED),
            db,
            FIXTURE_NOW);
    Set<String> truePositiveKeys = new HashSet<>();
    int taggedRows = 0;
    for (int r = 0; r < tagged.rowCount(); r++) {
      String key = tagged.value(r, "DeviceName") + "|" + tagged.value(r, "RemoteUrl");
      String tag = (String) tagged.value(r, CompiledQuery.TAG_COLUMN);
      assertThat(tag).as(key).isEqualTo(expected.getOrDefault(key, ""));
      if (tag.isEmpty()) {
        truePositiveKeys.add(key);
      } else {
        taggedRows++;
      }
    }
    assertThat(taggedRows).isEqualTo(expected.size());
    assertThat(truePositiveKeys)
        .containsExactlyInAnyOrder(
            "ws-fin-023.contoso.local|",
            "lt-hr-007.contoso.local|",
            "lt-hr-007.contoso.local|tigervnc.org");
    Table plain =
        run(
            ExclusionCompiler.compile(
                query, templates.exclusions(), Dialect.DEFENDER, CompileForm.PLAIN),
            db,
            FIXTURE_NOW);
    Set<String> plainKeys = new HashSet<>();
    for (int r = 0; r < plain.rowCount(); r++) {
      plainKeys.add(plain.value(r, "DeviceName") + "|" + plain.value(r, "RemoteUrl"));
    }
    assertThat(plainKeys).isEqualTo(truePositiveKeys);
    System.out.printf(
        "TigerVNC exclusion templates: %d scenario groups tagged with exactly their exclusion, %d"
            + " true-positive groups untagged%n",
        taggedRows, truePositiveKeys.size());
  }

  @Test
  void noTemplateSuppressesATruePositiveAndNoneIsDead() throws IOException {
    Database truePositives =
        EngineExclusionEvidence.load(
            "DeviceNetworkEvents",
            Dialect.DEFENDER,
            List.of(RULE_DIR.resolve("fixtures/must-match.jsonl")));
    Database suppressible =
        EngineExclusionEvidence.load("DeviceNetworkEvents", Dialect.DEFENDER, scenarioFixtures());
    EngineExclusionEvidence evidence =
        new EngineExclusionEvidence(
            truePositives,
            suppressible,
            Clock.fixed(FIXTURE_NOW, ZoneOffset.UTC),
            "the template fixtures");
    List<Diagnostic> findings =
        ExclusionLinter.lint(query, templates.exclusions(), Dialect.DEFENDER, evidence);
    assertThat(findings).noneMatch(Diagnostic::isError);
    assertThat(findings).noneMatch(d -> d.code().equals(ExclusionLinter.DEAD));
    assertThat(findings)
        .filteredOn(d -> d.code().equals(ExclusionLinter.ATTACKER_CONTROLLED))
        .extracting(d -> d.message().substring(0, d.message().indexOf(" uses")))
        .contains("exclusion admin-task-execution");
    Map<String, Long> byCode = new java.util.TreeMap<>();
    findings.forEach(d -> byCode.merge(d.code(), 1L, Long::sum));
    System.out.println("TigerVNC exclusion templates, guard findings by code: " + byCode);
  }

  @Test
  void aTemplateThatWouldHideATruePositiveIsAnError() throws IOException {
    Database truePositives =
        EngineExclusionEvidence.load(
            "DeviceNetworkEvents",
            Dialect.DEFENDER,
            List.of(RULE_DIR.resolve("fixtures/must-match.jsonl")));
    EngineExclusionEvidence evidence =
        new EngineExclusionEvidence(
            truePositives, truePositives, Clock.fixed(FIXTURE_NOW, ZoneOffset.UTC), "fixtures");
    ExclusionFile broad =
        ExclusionFileLoader.load(
            new org.huntboard.core.diagnostic.SourceText(
                "broad.yaml",
                "- id: explorer\n  name: n\n  description: d\n  filter: process.parent_process_name"
                    + " =~ 'explorer.exe' and destination.domain == 'tigervnc.org'\n"));
    List<Diagnostic> findings =
        ExclusionLinter.lint(query, broad.exclusions(), Dialect.DEFENDER, evidence);
    assertThat(findings)
        .extracting(Diagnostic::code)
        .containsExactly(ExclusionLinter.SUPPRESSES_TRUE_POSITIVE);
    assertThat(findings.get(0).headline())
        .startsWith(
            "broad.yaml:4:11: exclusion explorer suppresses 1 of the rule's true positives"
                + " (DeviceId=");
  }

  @Test
  void onGeneratedTelemetryTruePositivesStayAndEachScenarioIsTaggedWithItsExclusion(
      @TempDir Path dir) throws IOException {
    Instant now = Instant.parse("2026-03-02T12:00:00Z");
    Path tools = null;
    String shared = System.getProperty("huntboard.shared.dir");
    if (shared != null && Files.isRegularFile(Path.of(shared, "data/corpus/rmm/tools.csv"))) {
      tools = Path.of(shared, "data/corpus/rmm/tools.csv");
    }
    TelemetryGenerator.GenerationResult generated =
        TelemetryGenerator.generate(new GeneratorOptions(dir, 40, 7, 42L, now, 40, tools));
    Database db =
        new Database(
            TelemetryDatabase.load(
                    dir, SchemaCatalog.builtIn(Dialect.DEFENDER), LoadOptions.strict())
                .tables());
    Map<String, String> idByName = new HashMap<>();
    templates.exclusions().forEach(e -> idByName.put(e.name(), e.id()));
    Map<String, String> expected = new HashMap<>();
    for (TelemetryGenerator.Pair p : generated.tigerVncPairs()) {
      if (!p.inRuleWindow()) {
        continue;
      }
      String tag = p.kind().equals("true-positive") ? "" : idByName.get(p.kind());
      assertThat(tag).as("a template for the scenario " + p.kind()).isNotNull();
      expected.put(p.deviceId() + "|" + p.deviceName() + "|" + p.remoteUrl(), tag);
    }
    Table tagged =
        run(
            ExclusionCompiler.compile(
                query, templates.exclusions(), Dialect.DEFENDER, CompileForm.TAGGED),
            db,
            now);
    Map<String, String> actual = new HashMap<>();
    for (int r = 0; r < tagged.rowCount(); r++) {
      actual.put(
          tagged.value(r, "DeviceId")
              + "|"
              + tagged.value(r, "DeviceName")
              + "|"
              + tagged.value(r, "RemoteUrl"),
          (String) tagged.value(r, CompiledQuery.TAG_COLUMN));
    }
    assertThat(actual).isEqualTo(expected);
    Table plain =
        run(
            ExclusionCompiler.compile(
                query, templates.exclusions(), Dialect.DEFENDER, CompileForm.PLAIN),
            db,
            now);
    Set<String> plainKeys = new HashSet<>();
    for (int r = 0; r < plain.rowCount(); r++) {
      plainKeys.add(
          plain.value(r, "DeviceId")
              + "|"
              + plain.value(r, "DeviceName")
              + "|"
              + plain.value(r, "RemoteUrl"));
    }
    Set<String> truePositives = new HashSet<>();
    expected.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            truePositives.add(k);
          }
        });
    assertThat(plainKeys).isEqualTo(truePositives);
    long scenarios = expected.values().stream().filter(v -> !v.isEmpty()).count();
    System.out.printf(
        "Generated telemetry: %d true-positive pairs untagged, %d scenario pairs tagged with their"
            + " exclusion; the plain form returned the %d true positives only%n",
        truePositives.size(), scenarios, plainKeys.size());
    assertThat(scenarios).isGreaterThanOrEqualTo(5);
  }
}
