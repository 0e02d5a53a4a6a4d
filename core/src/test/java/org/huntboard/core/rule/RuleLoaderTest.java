package org.huntboard.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.diagnostic.Diagnostic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

  private final RuleLoader loader = new RuleLoader();

  static byte[] resource(String name) {
    try (InputStream in = RuleLoaderTest.class.getResourceAsStream("/rules/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path seed() {
    String shared = System.getProperty("huntboard.shared.dir");
    Path seed =
        shared == null ? null : Path.of(shared, "data/seed/tigervnc-network-connection.yaml");
    Assumptions.assumeTrue(
        seed != null && Files.isRegularFile(seed),
        "the seed rule (huntboard.shared.dir/data/seed) is not here: " + shared);
    return seed;
  }

  private RuleFile load(String yaml) {
    return loader.load("rule.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void loadsTheSeedRuleWithScalarTacticsAndTechniques() throws IOException {
    Path seed = seed();
    RuleFile file = loader.load(seed);

    assertThat(file.diagnostics()).isEmpty();
    HuntingRule rule = file.rule().orElseThrow();
    assertThat(rule.id()).isEqualTo(UUID.fromString("dc1950c0-efeb-4695-aa95-74198df5dab8"));
    assertThat(rule.name())
        .isEqualTo("Remote Management and Monitoring tool - TigerVNC - Network Connection");
    assertThat(rule.description()).startsWith("Remote Monitoring and Management (RMM) programs");
    assertThat(rule.requiredDataConnectors())
        .containsExactly(
            new DataConnector(
                "MicrosoftThreatProtection", java.util.List.of("DeviceNetworkEvents")));
    assertThat(rule.tactics()).containsExactly("CommandAndControl");
    assertThat(rule.relevantTechniques()).containsExactly("T1219");
    assertThat(rule.query().text())
        .startsWith("let Time_start = now(-5d);\nlet Time_end = now();\n");
    assertThat(rule.query().text()).endsWith("by DeviceId, DeviceName,\nRemoteUrl\n");
    assertThat(rule.query().line()).isEqualTo(13);
    assertThat(rule.query().column()).isEqualTo(3);
    assertThat(rule.queryFrequency()).isEmpty();
    assertThat(rule.queryPeriod()).isEmpty();
    assertThat(rule.contentHash())
        .hasSize(64)
        .isEqualTo(RuleLoader.sha256(Files.readAllBytes(seed)));
    assertThat(rule.source()).isEqualTo(seed.toString());
  }

  @Test
  void loadsTheAzureSentinelListForms() {
    RuleFile file =
        loader.load("tigervnc-process-creation.yaml", resource("tigervnc-process-creation.yaml"));

    assertThat(file.diagnostics()).isEmpty();
    HuntingRule rule = file.rule().orElseThrow();
    assertThat(rule.tactics()).containsExactly("CommandAndControl", "Persistence");
    assertThat(rule.relevantTechniques()).containsExactly("T1219", "T1543.003");
    assertThat(rule.dataTypes()).containsExactly("DeviceProcessEvents", "DeviceNetworkEvents");
    assertThat(rule.queryFrequency()).contains(Duration.ofHours(1));
    assertThat(rule.queryPeriod()).contains(Duration.ofDays(1));
    assertThat(file.place("tactics[1]").toString())
        .isEqualTo("tigervnc-process-creation.yaml:13:5");
    assertThat(file.place("requiredDataConnectors[1].dataTypes[0]").toString())
        .isEqualTo("tigervnc-process-creation.yaml:10:17");
  }

  @Test
  void readsSentinelShortDurationsAndIsoWeeks() {
    RuleFile file =
        load(
            """
            id: 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5
            name: n
            description: d
            queryFrequency: 30m
            queryPeriod: P2W
            query: T
            """);
    HuntingRule rule = file.rule().orElseThrow();
    assertThat(rule.queryFrequency()).contains(Duration.ofMinutes(30));
    assertThat(rule.queryPeriod()).contains(Duration.ofDays(14));
  }

  @Test
  void reportsAnUnreadableDurationAtItsValue() {
    RuleFile file =
        load(
            """
            id: 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5
            name: n
            description: d
            queryFrequency: every hour
            queryPeriod: 1d
            query: T
            """);
    assertThat(file.diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly(
            "rule.yaml:4:17: 'queryFrequency' is not a duration: 'every hour' (write ISO 8601 like"
                + " PT1H or P5D, or 1h, 5d, 30m)");
  }

  @Test
  void reportsTheOriginalRepositorysMisindentedYamlWithItsPlace() {
    RuleFile file =
        loader.load(
            "rmm_TigerVNC_netconn.yaml", resource("tigervnc-network-connection-original.yaml"));

    assertThat(file.rule()).isEmpty();
    assertThat(file.diagnostics()).hasSize(1);
    Diagnostic problem = file.diagnostics().get(0);
    assertThat(problem.code()).isEqualTo("RULE-YAML");
    // dataTypes sits at the indentation of the list item above it, so the list ends there.
    assertThat(problem.location().toString()).isEqualTo("rmm_TigerVNC_netconn.yaml:8:5");
    assertThat(problem.message())
        .startsWith("not valid YAML: this line is not indented like the block it belongs to");
    assertThat(problem.format()).contains("\n    dataTypes:\n    ^");
  }

  @Test
  void keepsQueryPlacesExactWithCrlfLineEnds() {
    String crlf =
        new String(resource("tigervnc-network-connection-accountupn.yaml"), StandardCharsets.UTF_8)
            .replace("\n", "\r\n");
    RuleFile file = loader.load("crlf.yaml", crlf.getBytes(StandardCharsets.UTF_8));

    assertThat(file.diagnostics()).isEmpty();
    RuleQuery query = file.rule().orElseThrow().query();
    assertThat(query.text()).doesNotContain("\r");
    assertThat(query.locate("crlf.yaml", 10, 1).toString()).isEqualTo("crlf.yaml:22:3");
    assertThat(file.source().lineText(22)).isEqualTo("  AccountUpn, RemoteUrl");
  }

  @Test
  void locatesAQueryInAnotherScalarStyle() {
    RuleFile file =
        load(
            """
            id: 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5
            name: n
            description: d
            query: "DeviceNetworkEvents | take 1"
            """);
    RuleQuery query = file.rule().orElseThrow().query();
    assertThat(query.block()).isFalse();
    assertThat(query.locate("rule.yaml", 1, 23).toString()).isEqualTo("rule.yaml:4:31");
  }

  @Test
  void honoursAnExplicitBlockIndentation() {
    RuleFile file =
        load(
            "id: 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5\nname: n\ndescription: d\nquery: |4\n"
                + "      DeviceNetworkEvents\n    | take 1\n");
    RuleQuery query = file.rule().orElseThrow().query();
    assertThat(query.text()).isEqualTo("  DeviceNetworkEvents\n| take 1\n");
    assertThat(query.column()).isEqualTo(5);
    assertThat(query.locate("rule.yaml", 2, 3).toString()).isEqualTo("rule.yaml:6:7");
  }

  @Test
  void reportsMissingAndMisshapenFieldsWithTheirPlaces() {
    RuleFile file =
        load(
            """
            id: not-a-uuid
            description:
              - a list
            tactics: {a: b}
            query: T
            query: U
            """);
    assertThat(file.rule()).isEmpty();
    assertThat(file.diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactlyInAnyOrder(
            "rule.yaml:6:1: field 'query' appears twice (first at line 5)",
            "rule.yaml:1:5: the id 'not-a-uuid' is not a UUID (like"
                + " dc1950c0-efeb-4695-aa95-74198df5dab8)",
            "rule.yaml:1:1: the rule has no 'name'",
            "rule.yaml:3:3: 'description' must be a text, not a list",
            "rule.yaml:4:10: 'tactics' must be a text or a list of texts");
  }

  @Test
  void reportsAConnectorWithoutTables() {
    RuleFile file =
        load(
            """
            id: 8a3f2c1e-5b7d-4e9a-b1c3-d5e7f9a1b3c5
            name: n
            description: d
            requiredDataConnectors:
              - connectorId: MicrosoftThreatProtection
            query: T
            """);
    assertThat(file.diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly("rule.yaml:5:5: a data connector needs 'dataTypes' (its tables)");
  }

  @Test
  void reportsAFileThatIsNotAMappingOrEmpty() {
    assertThat(load("- a\n- b\n").diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly("rule.yaml:1:1: a rule file must be a mapping of fields (id, name, ...)");
    assertThat(load("").diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly("rule.yaml:1:1: the rule file is empty");
    assertThat(load("a: 1\n---\nb: 2\n").diagnostics().get(0).code()).isEqualTo("RULE-YAML");
  }

  @Test
  void reportsBytesThatAreNotUtf8() {
    RuleFile file = loader.load("bad.yaml", new byte[] {'i', 'd', ':', ' ', (byte) 0xC3, 0x28});
    assertThat(file.diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly("bad.yaml:1:1: the rule file is not UTF-8 text");
  }

  @Test
  void findsRuleFilesButNotTheirCompanions(@TempDir Path root) throws IOException {
    Path folder = Files.createDirectories(root.resolve("rmm/tigervnc/fixtures"));
    Files.writeString(root.resolve("rmm/tigervnc/tigervnc-network-connection.yaml"), "id: x\n");
    Files.writeString(root.resolve("rmm/tigervnc/false-positives.yaml"), "scenarios: []\n");
    Files.writeString(folder.resolve("fixtures.yaml"), "table: T\n");
    Files.writeString(folder.resolve("must-match.jsonl"), "{}\n");

    assertThat(loader.loadTree(root))
        .extracting(f -> Path.of(f.path()).getFileName().toString())
        .containsExactly("tigervnc-network-connection.yaml");
  }

  @Test
  void givesTheFileStartForAFieldItDoesNotHave() {
    RuleFile file = load("name: n\n");
    assertThat(file.place("tactics").toString()).isEqualTo("rule.yaml:1:1");
    assertThat(Optional.ofNullable(file.places().get("name"))).isPresent();
  }
}
