package org.huntboard.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huntboard.web.cli.HuntboardCliTest.huntboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.web.cli.HuntboardCliTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuntboardExclusionsCliTest {

  static final String NOW = "2026-03-06T12:00:00Z";
  static final Path RULE = HuntboardCliTest.RULE;
  static final Path TEMPLATES = Path.of("../rules/hunting/rmm/tigervnc/exclusions.yaml");
  static final ObjectMapper JSON = new ObjectMapper();

  /** The TigerVNC false-positive scenarios of the generator, by the id of their exclusion. */
  static final Map<String, String> SCENARIO_IDS =
      Map.of(
          "Scheduled System Maintenance via TigerVNC", "scheduled-system-maintenance",
          "Remote Desktop Administration via TigerVNC", "remote-desktop-administration",
          "Software Update Deployment via TigerVNC", "software-update-deployment",
          "Backup Job Execution via TigerVNC", "backup-job-execution",
          "Admin Task Execution via TigerVNC", "admin-task-execution");

  @TempDir static Path dir;
  static Path tenant;

  @BeforeAll
  static void generateTenant() {
    tenant = dir.resolve("tenant");
    Run run =
        huntboard(
            "generate",
            "--out",
            tenant.toString(),
            "--devices",
            "20",
            "--days",
            "7",
            "--seed",
            "5",
            "--now",
            NOW,
            "--rate",
            "60");
    assertThat(run.code()).as(run.err()).isZero();
  }

  static Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void compilePrintsTheTaggedQueryWithEverySeedValueAsALiteral() {
    Run run =
        huntboard(
            "exclusions",
            "compile",
            "--rule",
            RULE.toString(),
            "--exclusions",
            TEMPLATES.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("| extend HuntboardExclusion = case(")
        .contains("by DeviceId, DeviceName, RemoteUrl, HuntboardExclusion");
    for (String value :
        List.of(
            "task scheduler",
            "schtasks",
            "mstsc.exe",
            "mstsc",
            "patchmgr.exe",
            "backup.exe",
            "backupsvc",
            "powershell.exe",
            "tigervnc.exe")) {
      assertThat(run.out()).contains("\"" + value + "\"");
    }
    for (String id : SCENARIO_IDS.values()) {
      assertThat(run.out()).contains(", \"" + id + "\"");
    }
  }

  @Test
  void compileEscapesQuotesAndBackslashesOfValues() throws IOException {
    Path file =
        write(
            "quoted.yaml",
            """
            exclusions:
              - id: quoted
                name: Quoted
                description: Values with quotes.
                filter: process.command_line == "a\\"b\\\\c | take 0" and process.parent_process_name == "x'y"
            """);
    Run run =
        huntboard(
            "exclusions", "compile", "--rule", RULE.toString(), "--exclusions", file.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("InitiatingProcessCommandLine == \"a\\\"b\\\\c | take 0\"")
        .contains("InitiatingProcessParentFileName == \"x'y\"");
  }

  @Test
  void plainFormDropsTheExcludedRowsWithoutATag() {
    Run run =
        huntboard(
            "exclusions",
            "compile",
            "--plain",
            "--rule",
            RULE.toString(),
            "--exclusions",
            TEMPLATES.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("| where not((InitiatingProcessParentFileName == \"task scheduler\"")
        .doesNotContain("HuntboardExclusion");
  }

  @Test
  void malformedExclusionsFileIsExitTwoWithLineAndColumn() throws IOException {
    Path file =
        write(
            "bad.yaml",
            """
            exclusions:
              - id: bad
                name: Bad
                description: A filter with a typo.
                filter: process.command_line === "x"
            """);
    Run run =
        huntboard(
            "exclusions", "compile", "--rule", RULE.toString(), "--exclusions", file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(file + ":5:36: expected a quoted string or a number after '=='")
        .contains("                                   ^");
  }

  @Test
  void lintOfTheTigerVncTemplatesWarnsAboutAttackerTextAndPasses() {
    Run run =
        huntboard(
            "exclusions", "lint", "--rule", RULE.toString(), "--exclusions", TEMPLATES.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains(
            TEMPLATES
                + ":29:13: warning: exclusion admin-task-execution uses 'contains' on"
                + " process.command_line")
        .contains("[EXCL-ATTACKER-CONTROLLED]")
        .contains("5 exclusions: 0 errors");
  }

  @Test
  void lintWithDataFailsAnExclusionThatHidesATruePositiveFixture() throws IOException {
    Path file =
        write(
            "hides.yaml",
            """
            exclusions:
              - id: hides-tp
                name: Hides a true positive
                description: Suppresses the TigerVNC server started as a service.
                filter: process.parent_process_name == "services.exe" and process.name == "winvnc4.exe"
            """);
    Run run =
        huntboard(
            "exclusions",
            "lint",
            "--rule",
            RULE.toString(),
            "--exclusions",
            file.toString(),
            "--data",
            tenant.toString(),
            "--now",
            NOW);
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file
                + ":5:13: error: exclusion hides-tp suppresses 1 of the rule's true positives"
                + " (DeviceId=4f1c9e2a7b3d48c0a1e5f6b7c8d9e0f1a2b3c4d5")
        .contains("[EXCL-SUPPRESSES-TRUE-POSITIVE]");

    Run templates =
        huntboard(
            "exclusions",
            "lint",
            "--rule",
            RULE.toString(),
            "--exclusions",
            TEMPLATES.toString(),
            "--data",
            tenant.toString(),
            "--now",
            NOW);
    assertThat(templates.code()).as(templates.out() + templates.err()).isZero();
    assertThat(templates.out()).doesNotContain("EXCL-DEAD").contains("0 errors");
  }

  @Test
  void queryWithExclusionsTagsEachScenarioRowAndLeavesTruePositivesUntagged() throws IOException {
    Run run =
        huntboard(
            "query",
            "--data",
            tenant.toString(),
            "--now",
            NOW,
            "--format",
            "json",
            "--rule",
            RULE.toString(),
            "--exclusions",
            TEMPLATES.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    int tag = -1;
    for (int i = 0; i < result.path("columns").size(); i++) {
      if (result.path("columns").get(i).path("name").asText().equals("HuntboardExclusion")) {
        tag = i;
      }
    }
    assertThat(tag).isGreaterThanOrEqualTo(0);
    Map<String, String> actual = new HashMap<>();
    for (JsonNode row : result.path("rows")) {
      actual.put(key(row.get(0), row.get(1), row.get(2)), row.get(tag).asText());
    }
    Map<String, String> expected = new HashMap<>();
    JsonNode manifest = JSON.readTree(tenant.resolve("manifest.json").toFile());
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      if (p.path("inRuleWindow").asBoolean()) {
        String scenario = p.path("scenario").isNull() ? null : p.path("scenario").asText();
        expected.put(
            key(p.path("DeviceId"), p.path("DeviceName"), p.path("RemoteUrl")),
            scenario == null ? "" : SCENARIO_IDS.get(scenario));
      }
    }
    assertThat(expected.values()).contains("").containsAll(SCENARIO_IDS.values());
    assertThat(actual).isEqualTo(expected);

    Run plain =
        huntboard(
            "query",
            "--data",
            tenant.toString(),
            "--now",
            NOW,
            "--format",
            "json",
            "--rule",
            RULE.toString(),
            "--exclusions",
            TEMPLATES.toString(),
            "--plain");
    assertThat(plain.code()).as(plain.err()).isZero();
    long truePositives = expected.values().stream().filter(String::isEmpty).count();
    assertThat(JSON.readTree(plain.out()).path("rows").size()).isEqualTo((int) truePositives);
  }

  @Test
  void localConnectorAtTheSameNowReturnsWhatTheDirectRunReturns() {
    String[] common = {
      "--data",
      tenant.toString(),
      "--now",
      NOW,
      "--format",
      "csv",
      "--rule",
      RULE.toString(),
      "--exclusions",
      TEMPLATES.toString()
    };
    Run direct = huntboard(concat(new String[] {"query"}, common));
    Run local = huntboard(concat(new String[] {"query", "--connector", "local"}, common));
    assertThat(direct.code()).as(direct.err()).isZero();
    assertThat(local.code()).as(local.err()).isZero();
    assertThat(local.out().lines().sorted().toList())
        .isEqualTo(direct.out().lines().sorted().toList())
        .hasSizeGreaterThan(SCENARIO_IDS.size());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void exclusionsErrorInAQueryRunIsLocatedInTheExclusionsFile() throws IOException {
    Path file =
        write(
            "unknown.yaml",
            """
            exclusions:
              - id: unknown
                name: Unknown field
                description: A field no table has.
                filter: process.no_such_field == "x" and process.name == "y"
            """);
    Run run =
        huntboard(
            "query",
            "--data",
            tenant.toString(),
            "--now",
            NOW,
            "--rule",
            RULE.toString(),
            "--exclusions",
            file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(file + ":5:13:").contains("no_such_field");
  }

  private static String key(JsonNode device, JsonNode name, JsonNode url) {
    return device.asText() + "|" + name.asText() + "|" + url.asText();
  }
}
