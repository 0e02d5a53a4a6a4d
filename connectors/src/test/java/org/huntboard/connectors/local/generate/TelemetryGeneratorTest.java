package org.huntboard.connectors.local.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryGeneratorTest {

  static final Instant NOW = Instant.parse("2026-03-06T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path out;
  static JsonNode manifest;
  static TelemetryDatabase db;

  static Path rmmTools() {
    Path shared = Path.of(System.getProperty("huntboard.shared.dir", "../../shared"));
    Path csv = shared.resolve("data/corpus/rmm/tools.csv");
    return Files.isRegularFile(csv) ? csv : null;
  }

  static GeneratorOptions options(Path target, long seed) {
    return new GeneratorOptions(target, 30, 7, seed, NOW, 60, rmmTools());
  }

  @BeforeAll
  static void generate() throws IOException {
    out = dir.resolve("tenant");
    TelemetryGenerator.generate(options(out, 42));
    manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    db = TelemetryDatabase.load(out, SchemaCatalog.builtIn(Dialect.DEFENDER), LoadOptions.strict());
  }

  @Test
  void generatesMoreDevicesThanThereAreServerNamesEachNamedOnce(@TempDir Path big)
      throws IOException {
    // 10 roles x 40 numbers: 3,000 devices (about 450 servers) used to loop forever.
    Path target = big.resolve("tenant");
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> TelemetryGenerator.generate(new GeneratorOptions(target, 3000, 1, 7, NOW, 1, null)));
    Map<String, String> nameById = new HashMap<>();
    Map<String, String> idByName = new HashMap<>();
    try (var lines = Files.lines(target.resolve("DeviceProcessEvents.jsonl"))) {
      for (String line : (Iterable<String>) lines::iterator) {
        JsonNode row = JSON.readTree(line);
        String id = row.get("DeviceId").asText();
        String name = row.get("DeviceName").asText();
        assertThat(nameById.computeIfAbsent(id, k -> name)).isEqualTo(name);
        assertThat(idByName.computeIfAbsent(name, k -> id)).as(name).isEqualTo(id);
      }
    }
    assertThat(nameById).hasSizeGreaterThan(2700);
    assertThat(idByName.keySet()).anyMatch(n -> n.matches("srv-[a-z]+\\d{3,}\\..*"));
  }

  @Test
  void sameSeedGivesSameBytesAndOtherSeedDiffers() throws IOException {
    Path again = dir.resolve("again");
    Path other = dir.resolve("other");
    TelemetryGenerator.generate(options(again, 42));
    TelemetryGenerator.generate(options(other, 43));
    for (String f :
        List.of(
            "DeviceNetworkEvents.jsonl",
            "DeviceProcessEvents.jsonl",
            "DeviceFileCertificateInfo.jsonl",
            "manifest.json")) {
      assertThat(Files.readAllBytes(again.resolve(f)))
          .as(f)
          .isEqualTo(Files.readAllBytes(out.resolve(f)));
    }
    assertThat(Files.readAllBytes(other.resolve("DeviceNetworkEvents.jsonl")))
        .isNotEqualTo(Files.readAllBytes(out.resolve("DeviceNetworkEvents.jsonl")));
  }

  @Test
  void writesEveryDefenderColumnWithItsTypeAndLoadsStrictly() {
    SchemaCatalog catalog = SchemaCatalog.builtIn(Dialect.DEFENDER);
    for (String name :
        List.of("DeviceNetworkEvents", "DeviceProcessEvents", "DeviceFileCertificateInfo")) {
      TableSchema schema = catalog.table(name).orElseThrow();
      Table t = db.tables().get(name);
      assertThat(t.columnNames()).as(name).isEqualTo(schema.columnNames());
      assertThat(t.rowCount()).as(name).isPositive();
      assertThat(t.rowCount()).isEqualTo(manifest.path("rows").path(name).asInt());
    }
    assertThat(db.rejected()).isZero();
  }

  @Test
  void eventsFallInsideTheWindowAndReportIdIsUniquePerDevice() {
    Table t = db.tables().get("DeviceNetworkEvents");
    Instant start = NOW.minusSeconds(7 * 86400);
    Set<String> keys = new HashSet<>();
    for (int r = 0; r < t.rowCount(); r++) {
      Instant ts = (Instant) t.value(r, "Timestamp");
      assertThat(ts).isBetween(start, NOW);
      assertThat(keys.add(t.value(r, "DeviceName") + "|" + t.value(r, "ReportId"))).isTrue();
    }
  }

  @Test
  void manifestPairsAreExactlyTheTigerVncRowsOfTheNetworkTable() {
    Table t = db.tables().get("DeviceNetworkEvents");
    Map<String, List<Integer>> rowsByPair = new HashMap<>();
    for (int r = 0; r < t.rowCount(); r++) {
      if (has((String) t.value(r, "InitiatingProcessVersionInfoCompanyName"), "TigerVNC")
          && has((String) t.value(r, "InitiatingProcessVersionInfoProductName"), "TigerVNC")) {
        String key =
            t.value(r, "DeviceId") + "|" + t.value(r, "DeviceName") + "|" + t.value(r, "RemoteUrl");
        rowsByPair.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
    }
    Set<String> manifestKeys = new TreeSet<>();
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      String key =
          p.path("DeviceId").asText()
              + "|"
              + p.path("DeviceName").asText()
              + "|"
              + p.path("RemoteUrl").asText();
      manifestKeys.add(key);
      List<Integer> rows = rowsByPair.get(key);
      assertThat(rows).as(key).isNotNull();
      Set<Long> ids = new TreeSet<>();
      Instant first = Instant.MAX;
      Instant last = Instant.MIN;
      for (int r : rows) {
        ids.add((Long) t.value(r, "ReportId"));
        Instant ts = (Instant) t.value(r, "Timestamp");
        first = ts.isBefore(first) ? ts : first;
        last = ts.isAfter(last) ? ts : last;
      }
      Set<Long> manifestIds = new TreeSet<>();
      p.path("ReportIds").forEach(n -> manifestIds.add(n.asLong()));
      assertThat(manifestIds).as(key).isEqualTo(ids);
      assertThat(p.path("Count").asInt()).isEqualTo(rows.size());
      assertThat(Instant.parse(p.path("FirstSeen").asText())).isEqualTo(first);
      assertThat(Instant.parse(p.path("LastSeen").asText())).isEqualTo(last);
      Instant ruleStart = NOW.minusSeconds(5 * 86400);
      boolean inside = !first.isBefore(ruleStart) && !last.isAfter(NOW);
      boolean outside = last.isBefore(ruleStart);
      assertThat(p.path("inRuleWindow").asBoolean() ? inside : outside).as(key).isTrue();
    }
    assertThat(manifestKeys).isEqualTo(new TreeSet<>(rowsByPair.keySet()));
  }

  @Test
  void ruleWindowHoldsTruePositivesAndEveryScenarioAndOlderPairsOutsideIt() {
    Set<String> kinds = new HashSet<>();
    int outside = 0;
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      if (p.path("inRuleWindow").asBoolean()) {
        kinds.add(
            p.path("verdict").asText().equals("true-positive")
                ? "tp"
                : p.path("scenario").asText());
      } else {
        outside++;
      }
    }
    assertThat(kinds).contains("tp").containsAll(TigerVncPlan.SCENARIOS);
    assertThat(outside).as("7 days > the rule's 5-day look-back").isPositive();
  }

  /** The seed's five filters over the generic fields, as the exclusion language reads them. */
  static final Map<String, Predicate<String[]>> FILTERS =
      Map.of(
          TigerVncPlan.SCENARIOS.get(0),
          f -> f[0].equals("task scheduler") || contains(f[1], "schtasks"),
          TigerVncPlan.SCENARIOS.get(1),
          f -> f[0].equals("mstsc.exe") || contains(f[1], "mstsc"),
          TigerVncPlan.SCENARIOS.get(2),
          f -> contains(f[1], "patchmgr.exe") || f[0].equals("patchmgr.exe"),
          TigerVncPlan.SCENARIOS.get(3),
          f -> contains(f[1], "backup.exe") || f[0].equals("backupsvc"),
          TigerVncPlan.SCENARIOS.get(4),
          f -> contains(f[1], "powershell.exe") && f[0].equals("tigervnc.exe"));

  @Test
  void scenarioRowsMatchTheirOwnFilterOnlyAndTruePositivesMatchNone() {
    Table t = db.tables().get("DeviceNetworkEvents");
    Map<String, String> kindByPair = new HashMap<>();
    for (JsonNode p : manifest.path("tigerVnc").path("pairs")) {
      kindByPair.put(
          p.path("DeviceId").asText() + "|" + p.path("RemoteUrl").asText(),
          p.path("scenario").isNull() ? "tp" : p.path("scenario").asText());
    }
    int checked = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      String kind = kindByPair.get(t.value(r, "DeviceId") + "|" + t.value(r, "RemoteUrl"));
      if (kind == null) {
        continue;
      }
      String[] fields = {
        (String) t.value(r, "InitiatingProcessParentFileName"),
        (String) t.value(r, "InitiatingProcessCommandLine")
      };
      for (Map.Entry<String, Predicate<String[]>> f : FILTERS.entrySet()) {
        assertThat(f.getValue().test(fields))
            .as("%s row %d under filter of %s: %s", kind, r, f.getKey(), String.join(" | ", fields))
            .isEqualTo(f.getKey().equals(kind));
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void rmmToolsAppearWithTheirCompanyAndDomains() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        rmmTools() != null,
        "the RMM corpus tools.csv is not beside the repository (huntboard.shared.dir)");
    Table t = db.tables().get("DeviceNetworkEvents");
    JsonNode tools = manifest.path("rmmTools");
    assertThat(tools.size()).isPositive();
    for (JsonNode tool : tools) {
      Set<String> urls = new HashSet<>();
      tool.path("remoteUrls").forEach(u -> urls.add(u.asText()));
      boolean seen = false;
      for (int r = 0; r < t.rowCount() && !seen; r++) {
        seen =
            tool.path("company")
                    .asText()
                    .equals(t.value(r, "InitiatingProcessVersionInfoCompanyName"))
                && urls.contains((String) t.value(r, "RemoteUrl"));
      }
      assertThat(seen).as(tool.path("tool").asText()).isTrue();
    }
  }

  static boolean contains(String text, String part) {
    return text.toLowerCase(java.util.Locale.ROOT)
        .contains(part.toLowerCase(java.util.Locale.ROOT));
  }

  /** KQL {@code has} for an alphanumeric term: a case-insensitive match on term boundaries. */
  static boolean has(String text, String term) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    String t = term.toLowerCase(java.util.Locale.ROOT);
    for (int i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + 1)) {
      boolean before = i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1));
      int end = i + t.length();
      boolean after = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
      if (before && after) {
        return true;
      }
    }
    return false;
  }
}
