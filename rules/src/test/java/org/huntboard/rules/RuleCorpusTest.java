package org.huntboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.KqlQueryCheck;
import org.huntboard.core.rule.RuleFile;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.core.rule.RuleSetReport;
import org.huntboard.core.rule.RuleValidator;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks every rule file under {@code hunting/}: it loads and validates (schema, ATT&CK ids, the
 * query parses and binds against its tables in both dialects), ids are unique, the file is named
 * after the rule in kebab case, and a fixtures folder with rows of the rule's table sits beside it.
 */
class RuleCorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static List<RuleFile> files;

  @BeforeAll
  static void loadRules() {
    root = Path.of(System.getProperty("huntboard.rules.dir", "hunting"));
    files = new RuleLoader().loadTree(root);
  }

  @Test
  void findsTheRules() {
    assertThat(files)
        .extracting(f -> root.relativize(Path.of(f.path())).toString().replace('\\', '/'))
        .contains("rmm/tigervnc/tigervnc-network-connection.yaml");
  }

  @Test
  void everyRuleValidatesAgainstBothDialects() {
    for (Dialect dialect : Dialect.values()) {
      RuleSetReport report = new RuleValidator(KqlQueryCheck.builtIn(dialect)).validate(files);
      List<String> problems = report.all().stream().map(Diagnostic::format).toList();
      System.out.println(
          "rules validated ("
              + dialect.id()
              + "): "
              + report.validRules().size()
              + "/"
              + files.size());
      assertThat(problems).as("problems of the rule files (" + dialect + ")").isEmpty();
      assertThat(report.validRules()).hasSameSizeAs(files);
    }
  }

  @Test
  void everyFileIsNamedAfterItsRuleInKebabCase() {
    List<String> misnamed = new ArrayList<>();
    for (RuleFile file : files) {
      String fileName = Path.of(file.path()).getFileName().toString();
      String stem = fileName.replaceFirst("\\.yaml$", "");
      if (!fileName.endsWith(".yaml") || !stem.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
        misnamed.add(file.path() + ": not a kebab-case .yaml name");
        continue;
      }
      String name = file.rule().map(HuntingRule::name).orElse("");
      String kebab = "-" + kebab(name) + "-";
      if (!kebab.contains("-" + stem + "-")) {
        misnamed.add(file.path() + ": the name does not match the rule '" + name + "'");
      }
    }
    assertThat(misnamed).isEmpty();
  }

  @Test
  void everyRuleHasFixturesOfItsTable() throws IOException {
    List<String> problems = new ArrayList<>();
    for (RuleFile file : files) {
      Path fixtures = Path.of(file.path()).resolveSibling(RuleLoader.FIXTURES_FOLDER);
      if (!Files.isDirectory(fixtures)) {
        problems.add(file.path() + ": no fixtures folder beside the rule");
        continue;
      }
      Optional<HuntingRule> rule = file.rule();
      Map<String, Object> meta = yaml(fixtures.resolve("fixtures.yaml"));
      String table = String.valueOf(meta.get("table"));
      Optional<Dialect> dialect = Dialect.fromId(String.valueOf(meta.get("dialect")));
      if (rule.isEmpty() || !rule.get().dataTypes().contains(table) || dialect.isEmpty()) {
        problems.add(
            fixtures
                + "/fixtures.yaml: 'table' must be one of the rule's dataTypes"
                + " and 'dialect' defender or sentinel");
        continue;
      }
      try {
        Instant.parse(String.valueOf(meta.get("now")));
      } catch (DateTimeParseException e) {
        problems.add(fixtures + "/fixtures.yaml: 'now' is not an ISO 8601 instant");
      }
      TableSchema schema = SchemaCatalog.builtIn(dialect.get()).table(table).orElseThrow();
      for (String name : List.of("must-match.jsonl", "must-not-match.jsonl")) {
        problems.addAll(rowProblems(fixtures.resolve(name), schema));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void falsePositiveScenariosNameTheirRule() {
    List<String> problems = new ArrayList<>();
    for (RuleFile file : files) {
      Path scenarios = Path.of(file.path()).resolveSibling(RuleLoader.FALSE_POSITIVES_FILE);
      if (!Files.isRegularFile(scenarios) || file.rule().isEmpty()) {
        continue;
      }
      Map<String, Object> data = yaml(scenarios);
      if (!file.rule().get().id().equals(UUID.fromString(String.valueOf(data.get("rule"))))) {
        problems.add(scenarios + ": 'rule' is not the id of the rule beside it");
      }
      Object list = data.get("scenarios");
      if (!(list instanceof List<?> entries) || entries.isEmpty()) {
        problems.add(scenarios + ": no scenarios");
        continue;
      }
      for (Object entry : entries) {
        if (!(entry instanceof Map<?, ?> scenario)
            || !(scenario.get("name") instanceof String)
            || !(scenario.get("description") instanceof String)
            || !(scenario.get("filter") instanceof String)) {
          problems.add(scenarios + ": each scenario needs name, description and filter: " + entry);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theTigerVncRuleIsTheSeedByteForByte() throws IOException {
    String shared = System.getProperty("huntboard.shared.dir");
    Path seed = shared == null ? null : Path.of(shared, "data/seed");
    Assumptions.assumeTrue(
        seed != null && Files.isDirectory(seed),
        "the seed (huntboard.shared.dir/data/seed) is not here: " + shared);
    Path tigervnc = root.resolve("rmm/tigervnc");

    assertThat(Files.readAllBytes(tigervnc.resolve("tigervnc-network-connection.yaml")))
        .isEqualTo(Files.readAllBytes(seed.resolve("tigervnc-network-connection.yaml")));
    Map<String, Object> published = yaml(seed.resolve("tigervnc-false-positives.yaml"));
    Map<String, Object> ours = yaml(tigervnc.resolve(RuleLoader.FALSE_POSITIVES_FILE));
    assertThat(ours.get("scenarios")).isEqualTo(published.get("scenarios"));
  }

  private static List<String> rowProblems(Path rows, TableSchema schema) throws IOException {
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(rows)) {
      return List.of(rows + ": missing");
    }
    List<String> lines = Files.readAllLines(rows, StandardCharsets.UTF_8);
    if (lines.stream().allMatch(String::isBlank)) {
      return List.of(rows + ": no rows");
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String at = rows + ":" + (i + 1) + ": ";
      JsonNode row;
      try {
        row = JSON.readTree(lines.get(i));
      } catch (IOException e) {
        problems.add(at + "not JSON: " + e.getMessage());
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        var column = schema.column(field.getKey());
        if (column.isEmpty()) {
          problems.add(at + schema.name() + " has no column '" + field.getKey() + "'");
        } else if (!fits(field.getValue(), column.get().type().kqlName())) {
          problems.add(
              at
                  + field.getKey()
                  + " is not a "
                  + column.get().type().kqlName()
                  + ": "
                  + field.getValue());
        }
      }
    }
    return problems;
  }

  /** Whether a JSON value can be a cell of a column of this KQL type. */
  private static boolean fits(JsonNode value, String type) {
    if (value.isNull()) {
      return !type.equals("string");
    }
    switch (type) {
      case "string":
        return value.isTextual();
      case "int":
        return value.isInt();
      case "long":
        return value.isIntegralNumber();
      case "real":
      case "decimal":
        return value.isNumber();
      case "bool":
        return value.isBoolean();
      case "datetime":
        try {
          Instant.parse(value.asText());
          return value.isTextual();
        } catch (DateTimeParseException e) {
          return false;
        }
      case "guid":
        return value.isTextual()
            && value.asText().matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
      default:
        return true;
    }
  }

  private static String kebab(String name) {
    return name.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(Path file) {
    try {
      Object data = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
      return data instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
