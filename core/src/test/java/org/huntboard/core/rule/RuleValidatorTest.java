package org.huntboard.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.kql.referee.KustoReferee;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {

  private final RuleLoader loader = new RuleLoader();
  private final RuleValidator validator =
      new RuleValidator(KqlQueryCheck.builtIn(Dialect.DEFENDER));

  private static final String VALID =
      """
      id: 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5
      name: TigerVNC network connection
      description: Finds TigerVNC connections.
      requiredDataConnectors:
        - connectorId: MicrosoftThreatProtection
          dataTypes:
            - DeviceNetworkEvents
      tactics:
        - CommandAndControl
      relevantTechniques:
        - T1219
      query: |
        DeviceNetworkEvents
        | where InitiatingProcessVersionInfoCompanyName has 'TigerVNC'
        | summarize Count = count() by DeviceId, DeviceName
      """;

  private List<Diagnostic> problems(String yaml) {
    return validator.validate(loader.load("rule.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> headlines(List<Diagnostic> problems) {
    return problems.stream().map(Diagnostic::headline).toList();
  }

  @Test
  void validatesTheSeedRule() {
    RuleFile seed = loader.load(RuleLoaderTest.seed());
    assertThat(validator.validate(seed)).isEmpty();
  }

  @Test
  void validatesTheAzureSentinelListForm() {
    RuleFile file =
        loader.load(
            "tigervnc-process-creation.yaml",
            RuleLoaderTest.resource("tigervnc-process-creation.yaml"));
    assertThat(validator.validate(file)).isEmpty();
  }

  @Test
  void validatesAgainstTheSentinelSchemasToo() {
    RuleFile seed = loader.load(RuleLoaderTest.seed());
    assertThat(new RuleValidator(KqlQueryCheck.builtIn(Dialect.SENTINEL)).validate(seed)).isEmpty();
  }

  @Test
  void rejectsTheOriginalRuleGroupingByAccountUpnAtItsPlaceInTheFile() {
    RuleFile file =
        loader.load(
            "tigervnc-network-connection-accountupn.yaml",
            RuleLoaderTest.resource("tigervnc-network-connection-accountupn.yaml"));

    List<Diagnostic> problems = validator.validate(file);

    assertThat(problems).hasSize(1);
    Diagnostic problem = problems.get(0);
    assertThat(problem.code()).isEqualTo("KQL-UNKNOWN-COLUMN");
    assertThat(problem.message()).contains("AccountUpn");
    // Line 22 of the YAML file, after the block's two spaces of indentation.
    assertThat(problem.location().toString())
        .isEqualTo("tigervnc-network-connection-accountupn.yaml:22:3");
    assertThat(problem.format()).endsWith("\n  AccountUpn, RemoteUrl\n  ^");
  }

  @Test
  void microsoftLocatesAccountUpnAtTheSamePlace() {
    RuleFile file =
        loader.load(
            "tigervnc-network-connection-accountupn.yaml",
            RuleLoaderTest.resource("tigervnc-network-connection-accountupn.yaml"));
    HuntingRule rule = file.rule().orElseThrow();
    Map<String, String> tables =
        KustoReferee.schemas(
            List.of(SchemaCatalog.builtIn(Dialect.DEFENDER).table("DeviceNetworkEvents").get()));

    KustoReferee.Verdict verdict =
        KustoReferee.assumeAvailable()
            .judge(List.of(new KustoReferee.Request(null, rule.query().text(), tables)))
            .get(0);

    assertThat(verdict.semanticErrors(rule.query().text()))
        .singleElement()
        .satisfies(e -> assertThat(e).startsWith("10:1: KS142").contains("'AccountUpn'"));
    assertThat(rule.query().locate(file.path(), 10, 1).toString())
        .isEqualTo("tigervnc-network-connection-accountupn.yaml:22:3");
  }

  @Test
  void rejectsTheOriginalRepositorysInvalidYamlWithItsPlace() {
    RuleFile file =
        loader.load(
            "rmm_TigerVNC_netconn.yaml",
            RuleLoaderTest.resource("tigervnc-network-connection-original.yaml"));

    assertThat(headlines(validator.validate(file)))
        .singleElement()
        .satisfies(h -> assertThat(h).startsWith("rmm_TigerVNC_netconn.yaml:8:5: not valid YAML"));
  }

  @Test
  void acceptsAValidRule() {
    assertThat(problems(VALID)).isEmpty();
  }

  @Test
  void acceptsTacticsInAttackSpelling() {
    assertThat(problems(VALID.replace("- CommandAndControl", "- Command and Control"))).isEmpty();
  }

  @Test
  void locatesAnUnknownTactic() {
    assertThat(headlines(problems(VALID.replace("- CommandAndControl", "- C2"))))
        .singleElement()
        .satisfies(
            h ->
                assertThat(h).startsWith("rule.yaml:9:5: 'C2' is not an ATT&CK Enterprise tactic"));
  }

  @Test
  void locatesAMissingTactic() {
    assertThat(headlines(problems(VALID.replace("tactics:\n  - CommandAndControl\n", ""))))
        .containsExactly("rule.yaml:1:1: the rule names no ATT&CK tactic");
  }

  @Test
  void locatesAMalformedTechnique() {
    assertThat(headlines(problems(VALID.replace("- T1219", "- T1219.1"))))
        .containsExactly(
            "rule.yaml:11:5: 'T1219.1' is not an ATT&CK technique id (like T1219 or T1219.001)");
    assertThat(problems(VALID.replace("- T1219", "- T1219.001"))).isEmpty();
  }

  @Test
  void locatesAnUnknownTable() {
    assertThat(headlines(problems(VALID.replace("- DeviceNetworkEvents", "- DeviceNetworkEvent"))))
        .containsExactly(
            "rule.yaml:7:9: no table 'DeviceNetworkEvent' is known (table names are case-sensitive)");
  }

  @Test
  void locatesAQueryThatReadsATableItDoesNotDeclare() {
    List<Diagnostic> problems =
        problems(
            VALID.replace("  DeviceNetworkEvents\n  | where", "  DeviceProcessEvents\n  | where"));
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.code()).isEqualTo("KQL-UNKNOWN-TABLE");
              assertThat(p.location().toString()).isEqualTo("rule.yaml:13:3");
            });
  }

  @Test
  void locatesASyntaxErrorInTheQueryAtItsPlaceInTheFile() {
    List<Diagnostic> problems =
        problems(VALID.replace("has 'TigerVNC'", "has_all has_any ('TigerVNC')"));
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.code()).isEqualTo("KQL-SYNTAX");
              assertThat(p.location().line()).isEqualTo(14);
              assertThat(p.format())
                  .contains("\n  | where InitiatingProcessVersionInfoCompanyName has_all has_any");
            });
  }

  @Test
  void locatesAnEmptyNameAndDescription() {
    String yaml =
        VALID
            .replace("name: TigerVNC network connection", "name: ' '")
            .replace("description: Finds TigerVNC connections.", "description: \"\"");
    assertThat(headlines(problems(yaml)))
        .containsExactlyInAnyOrder(
            "rule.yaml:2:7: the rule's name is empty",
            "rule.yaml:3:14: the rule's description is empty");
  }

  @Test
  void locatesANonUuidId() {
    assertThat(
            headlines(
                problems(VALID.replace("8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5", "tigervnc-1"))))
        .containsExactly(
            "rule.yaml:1:5: the id 'tigervnc-1' is not a UUID (like"
                + " dc1950c0-efeb-4695-aa95-74198df5dab8)");
  }

  @Test
  void acceptsASentinelSchedule() {
    assertThat(problems(VALID + "queryFrequency: PT1H\nqueryPeriod: P14D\n")).isEmpty();
    assertThat(problems(VALID + "queryFrequency: 5m\nqueryPeriod: 1d\n")).isEmpty();
  }

  @Test
  void locatesAFrequencyBelowFiveMinutes() {
    assertThat(headlines(problems(VALID + "queryFrequency: PT4M\nqueryPeriod: PT1H\n")))
        .containsExactly(
            "rule.yaml:16:17: 'queryFrequency' is 4m; it must be between 5 minutes and 14 days");
  }

  @Test
  void locatesAPeriodBeyondFourteenDays() {
    assertThat(headlines(problems(VALID + "queryFrequency: 1d\nqueryPeriod: 15d\n")))
        .containsExactly(
            "rule.yaml:17:14: 'queryPeriod' is 15d; it must be between 5 minutes and 14 days");
  }

  @Test
  void locatesAPeriodShorterThanTheFrequency() {
    assertThat(headlines(problems(VALID + "queryFrequency: 2h\nqueryPeriod: 1h\n")))
        .containsExactly(
            "rule.yaml:17:14: the period (1h) is shorter than the frequency (2h): runs would"
                + " leave gaps");
  }

  @Test
  void locatesAShortFrequencyForALongPeriod() {
    assertThat(headlines(problems(VALID + "queryFrequency: 30m\nqueryPeriod: 2d\n")))
        .containsExactly(
            "rule.yaml:16:17: a period of 2 days or more needs a frequency of at least 1 hour, not"
                + " 30m");
  }

  @Test
  void locatesAFrequencyWithoutAPeriod() {
    assertThat(headlines(problems(VALID + "queryFrequency: 1h\n")))
        .containsExactly("rule.yaml:16:17: 'queryFrequency' needs 'queryPeriod' too");
  }

  @Test
  void reportsADuplicateIdAtBothPlaces() {
    RuleFile first = loader.load("a/first.yaml", VALID.getBytes(StandardCharsets.UTF_8));
    RuleFile second =
        loader.load(
            "b/second.yaml",
            ("# a copy\n" + VALID.replace("TigerVNC network connection", "Copy"))
                .getBytes(StandardCharsets.UTF_8));

    RuleSetReport report = validator.validate(List.of(first, second));

    assertThat(report.ok()).isFalse();
    assertThat(headlines(report.errors()))
        .containsExactly(
            "a/first.yaml:1:5: the id 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5 is also used at"
                + " b/second.yaml:2:5",
            "b/second.yaml:2:5: the id 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5 is also used at"
                + " a/first.yaml:1:5");
    assertThat(report.validRules()).isEmpty();
  }

  @Test
  void keepsTheValidRulesOfASet() {
    RuleFile good = loader.load("good.yaml", VALID.getBytes(StandardCharsets.UTF_8));
    RuleFile bad = loader.load("bad.yaml", "id: x\n".getBytes(StandardCharsets.UTF_8));

    RuleSetReport report = validator.validate(List.of(good, bad));

    assertThat(report.validRules())
        .extracting(HuntingRule::name)
        .containsExactly("TigerVNC network connection");
    assertThat(report.problems().get("good.yaml")).isEmpty();
    assertThat(report.problems().get("bad.yaml")).isNotEmpty();
  }
}
