package org.huntboard.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuntboardCliTest {

  static final String NOW = "2026-03-06T12:00:00Z";
  static final Path RULE =
      Path.of("../rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path tenant;

  /** What one command line did. */
  record Run(int code, String out, String err) {}

  static Run withInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Huntboard.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run huntboard(String... args) {
    return withInput("", args);
  }

  @BeforeAll
  static void generateTenant() {
    tenant = dir.resolve("tenant");
    Run run =
        huntboard(
            "generate",
            "--out",
            tenant.toString(),
            "--devices",
            "25",
            "--days",
            "7",
            "--seed",
            "11",
            "--now",
            NOW,
            "--rate",
            "80");
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void everyCommandHasHelpAndNoArgumentsIsAUsageError() {
    for (String[] cmd :
        List.of(
            new String[] {"--help"},
            new String[] {"query", "--help"},
            new String[] {"generate", "--help"},
            new String[] {"rules", "--help"},
            new String[] {"rules", "test", "--help"},
            new String[] {"exclusions", "--help"},
            new String[] {"exclusions", "lint", "--help"},
            new String[] {"check", "--help"})) {
      Run run = huntboard(cmd);
      assertThat(run.code()).as(String.join(" ", cmd)).isZero();
      assertThat(run.out()).contains("Usage:").contains("huntboard ");
    }
    assertThat(huntboard().code()).isEqualTo(Huntboard.USAGE);
  }

  @Test
  void badOptionsAreUsageErrorsThatPointToHelp() {
    Run unknown = huntboard("query", "--data", tenant.toString(), "--bogus", "-");
    assertThat(unknown.code()).isEqualTo(Huntboard.USAGE);
    assertThat(unknown.err())
        .contains("huntboard query : unknown option --bogus")
        .contains("See: huntboard query --help");

    Run missing = huntboard("query", "--data");
    assertThat(missing.err()).contains("--data needs a value");

    Run twoSources = huntboard("query", "--data", tenant.toString(), "--query", "a.kql", "-");
    assertThat(twoSources.err()).contains("give exactly one of --query FILE, --rule FILE or -");

    Run badNumber =
        huntboard("generate", "--out", "x", "--devices", "many", "--days", "1", "--seed", "1");
    assertThat(badNumber.err()).contains("--devices must be a positive whole number, not many");

    Run badFormat = huntboard("query", "--data", tenant.toString(), "--format", "xml", "-");
    assertThat(badFormat.err()).contains("--format must be table, json or csv, not xml");

    assertThat(huntboard("frobnicate").err()).contains("unknown command frobnicate");
  }

  @Test
  void syntaxErrorIsExitTwoWithLineAndColumn() {
    Run run =
        withInput(
            "DeviceNetworkEvents\n| where RemotePort ==\n",
            "query",
            "--data",
            tenant.toString(),
            "-");
    assertThat(run.code()).isEqualTo(Huntboard.QUERY_ERROR);
    assertThat(run.err()).matches("(?s)^\\d+:\\d+: .*");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unknownColumnInAQueryFileIsLocatedInThatFile() throws IOException {
    Path query = dir.resolve("bad.kql");
    Files.writeString(query, "DeviceNetworkEvents\n| project DeviceName, AccountUpn\n");
    Run run = huntboard("query", "--data", tenant.toString(), "--query", query.toString());
    assertThat(run.code()).isEqualTo(Huntboard.QUERY_ERROR);
    assertThat(run.err()).startsWith(query + ":2:").contains("AccountUpn");
  }

  @Test
  void telemetryThatDoesNotLoadIsExitThreeWithFileAndLine() throws IOException {
    Path data = dir.resolve("broken");
    Files.createDirectories(data);
    Files.writeString(
        data.resolve("DeviceNetworkEvents.jsonl"),
        "{\"DeviceName\":\"a\",\"RemotePort\":1}\n{\"DeviceName\":\"b\",\"RemotePort\":\"x\"}\n");
    Run run = withInput("DeviceNetworkEvents | count", "query", "--data", data.toString(), "-");
    assertThat(run.code()).isEqualTo(Huntboard.DATA_ERROR);
    assertThat(run.err())
        .startsWith(data.resolve("DeviceNetworkEvents.jsonl") + ":2:")
        .contains("column RemotePort");

    Run lenient =
        withInput(
            "DeviceNetworkEvents | count",
            "query",
            "--data",
            data.toString(),
            "--lenient",
            "--format",
            "csv",
            "-");
    assertThat(lenient.code()).isZero();
    assertThat(lenient.out()).isEqualTo("Count\r\n1\r\n");
    assertThat(lenient.err()).contains("1 rows into DeviceNetworkEvents (json lines), 1 rejected");
  }

  @Test
  void truncatedResultIsPrintedWithExitFourAndTheReason() throws IOException {
    Run run =
        withInput(
            "DeviceNetworkEvents | project DeviceName, Timestamp",
            "query",
            "--data",
            tenant.toString(),
            "--max-rows",
            "5",
            "--format",
            "json",
            "-");
    assertThat(run.code()).isEqualTo(Huntboard.LIMITED);
    assertThat(JSON.readTree(run.out()).path("rows").size()).isEqualTo(5);
    assertThat(run.err()).contains("result truncated");
  }

  @Test
  void jsonOutputHasTypedColumnsIsoDatetimesAndDynamicAsJson() throws IOException {
    Run run =
        withInput(
            "DeviceNetworkEvents | take 1 | project Timestamp, RemotePort, IsInitiatingProcessRemoteSession, Set = pack_array(RemotePort, \"x\"), Name = DeviceName",
            "query",
            "--data",
            tenant.toString(),
            "--format",
            "json",
            "-");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.path("columns").toString())
        .isEqualTo(
            "[{\"name\":\"Timestamp\",\"type\":\"datetime\"},{\"name\":\"RemotePort\",\"type\":\"int\"},"
                + "{\"name\":\"IsInitiatingProcessRemoteSession\",\"type\":\"bool\"},"
                + "{\"name\":\"Set\",\"type\":\"dynamic\"},{\"name\":\"Name\",\"type\":\"string\"}]");
    JsonNode row = result.path("rows").get(0);
    assertThat(row.get(0).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
    assertThat(row.get(1).isInt()).isTrue();
    assertThat(row.get(2).isBoolean()).isTrue();
    assertThat(row.get(3).isArray()).isTrue();
    assertThat(row.get(3).get(1).asText()).isEqualTo("x");
  }

  @Test
  void tableOutputEscapesControlCharactersFromTelemetry() {
    assertThat(ResultWriter.escapeControls("evil\u001b[2Jname\r\n"))
        .isEqualTo("evil\\u001b[2Jname\\r\\n");
  }

  @Test
  void tigerVncRuleReturnsExactlyTheManifestPairs() throws IOException {
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
            RULE.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    List<String> names = new ArrayList<>();
    result.path("columns").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names)
        .containsExactly(
            "DeviceId", "DeviceName", "RemoteUrl", "FirstSeen", "LastSeen", "Report", "Count");

    Map<String, String> actual = new HashMap<>();
    for (JsonNode row : result.path("rows")) {
      Set<Long> report = new TreeSet<>();
      row.get(5).forEach(n -> report.add(n.asLong()));
      actual.put(
          row.get(0).asText() + "|" + row.get(1).asText() + "|" + row.get(2).asText(),
          row.get(3).asText()
              + " "
              + row.get(4).asText()
              + " "
              + report
              + " "
              + row.get(6).asLong());
    }
    JsonNode manifest = JSON.readTree(tenant.resolve("manifest.json").toFile());
    Map<String, String> expected = new HashMap<>();
    Set<String> kinds = new TreeSet<>();
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      if (!p.path("inRuleWindow").asBoolean()) {
        continue;
      }
      kinds.add(p.path("scenario").isNull() ? "true-positive" : p.path("scenario").asText());
      Set<Long> report = new TreeSet<>();
      p.path("ReportIds").forEach(n -> report.add(n.asLong()));
      expected.put(
          p.path("DeviceId").asText()
              + "|"
              + p.path("DeviceName").asText()
              + "|"
              + p.path("RemoteUrl").asText(),
          p.path("FirstSeen").asText()
              + " "
              + p.path("LastSeen").asText()
              + " "
              + report
              + " "
              + p.path("Count").asLong());
    }
    assertThat(kinds).hasSize(6);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void rulesValidateAndTestPassOnTheRepositoryRules() {
    Run validate = huntboard("rules", "validate", "../rules/hunting");
    assertThat(validate.code()).as(validate.err()).isZero();
    Run test = huntboard("rules", "test", "../rules/hunting");
    assertThat(test.code()).as(test.err()).isZero();
    assertThat(test.out())
        .contains("PASS Remote Management and Monitoring tool - TigerVNC - Network Connection");
  }

  @Test
  void failingFixtureRowIsReportedWithItsLine() throws IOException {
    Path copy = dir.resolve("rules/tigervnc");
    Files.createDirectories(copy.resolve("fixtures"));
    Files.copy(RULE, copy.resolve(RULE.getFileName()));
    Path original = RULE.resolveSibling("fixtures");
    Files.copy(original.resolve("fixtures.yaml"), copy.resolve("fixtures/fixtures.yaml"));
    List<String> matching = Files.readAllLines(original.resolve("must-match.jsonl"));
    Files.write(copy.resolve("fixtures/must-match.jsonl"), matching);
    // A row the rule detects, filed as one it must not detect.
    Files.write(copy.resolve("fixtures/must-not-match.jsonl"), List.of("", matching.get(0)));

    Run run = huntboard("rules", "test", copy.toString());
    assertThat(run.code()).isEqualTo(Huntboard.QUERY_ERROR);
    assertThat(run.out()).contains("FAIL Remote Management");
    assertThat(run.err())
        .contains(
            copy.resolve("fixtures/must-not-match.jsonl")
                + ":2:1: the rule detects this must-not-match row");
  }

  @Test
  void helpExamplesWorkAsWritten() throws IOException {
    Path demo = dir.resolve("demo");
    for (String help :
        List.of(
            GenerateCommand.HELP,
            QueryCommand.HELP,
            RulesCommand.HELP,
            ExclusionsCommand.HELP,
            CheckCommand.HELP)) {
      String examples = help.substring(help.indexOf("Examples:"));
      for (String line :
          examples.lines().skip(1).map(String::trim).filter(l -> !l.isEmpty()).toList()) {
        String stdin = "";
        String command = line.replace("/tmp/huntboard-demo", demo.toString());
        if (command.startsWith("echo '")) {
          int end = command.indexOf("' | ");
          stdin = command.substring(6, end);
          command = command.substring(end + 4);
        }
        if (command.contains("/tmp/huntboard-big")) {
          continue; // the large example only scales the first one up
        }
        if (command.startsWith("AZURE_")) {
          continue; // needs a real tenant; HuntboardConnectorCliTest runs these against a fake
        }
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        assertThat(words.remove(0)).isEqualTo("huntboard");
        words.replaceAll(w -> w.startsWith("rules/") ? "../" + w : w);
        if (words.equals(List.of("rules", "validate"))) {
          words.add("../rules/hunting");
        }
        Run run = withInput(stdin, words.toArray(String[]::new));
        assertThat(run.code()).as(line + "\n" + run.err()).isZero();
      }
    }
  }

  @Test
  void queryErrorInARuleIsLocatedInTheRuleFile() throws IOException {
    Path rule = dir.resolve("broken-rule.yaml");
    List<String> lines = new ArrayList<>(Files.readAllLines(RULE));
    int line = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("| summarize")) {
        lines.set(i, lines.get(i).replace("| summarize", "| summarise"));
        line = i + 1;
      }
    }
    assertThat(line).isPositive();
    Files.write(rule, lines);

    Run run =
        huntboard("query", "--data", tenant.toString(), "--now", NOW, "--rule", rule.toString());
    assertThat(run.code()).isEqualTo(Huntboard.QUERY_ERROR);
    assertThat(run.err()).startsWith(rule + ":" + line + ":");
  }
}
