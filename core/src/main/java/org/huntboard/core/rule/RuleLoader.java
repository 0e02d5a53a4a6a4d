package org.huntboard.core.rule;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads hunting rules from Azure-Sentinel hunting-query YAML files: a rule per file, its fields at
 * the top level ({@code id}, {@code name}, {@code description}, {@code requiredDataConnectors},
 * {@code tactics}, {@code relevantTechniques}, {@code query}, optionally {@code queryFrequency} and
 * {@code queryPeriod}; other fields are ignored).
 *
 * <p>It reads the YAML's node tree rather than building objects, so that every field keeps its line
 * and column; a file that is not YAML, or whose fields have the wrong shape, gives located
 * problems, never an exception. {@code tactics} and {@code relevantTechniques} may be a single
 * value (as in the original RMM repository) or a list (as in Azure-Sentinel). Durations may be ISO
 * 8601 ({@code PT1H}, {@code P5D}) or Sentinel's short form ({@code 1h}, {@code 5d}, {@code 30m}).
 * Whether the values make sense (ATT&CK names, known tables, schedule bounds, the query) is {@link
 * RuleValidator}'s job.
 */
public final class RuleLoader {

  /** The name of the false-positive scenarios file that may sit beside a rule: not a rule. */
  public static final String FALSE_POSITIVES_FILE = "false-positives.yaml";

  /** The name of the exclusion templates file that may sit beside a rule: not a rule. */
  public static final String EXCLUSIONS_FILE = "exclusions.yaml";

  /** The folder beside a rule holding its fixtures: no rules inside. */
  public static final String FIXTURES_FOLDER = "fixtures";

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([mhd])");
  private static final Pattern WEEKS = Pattern.compile("P(\\d+)W");
  private static final Pattern BLOCK_HEADER = Pattern.compile("[|>]([1-9])?[+-]?([1-9])?");

  /** Loads one rule file; a file that cannot be read is a located problem too. */
  public RuleFile load(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      SourceText empty = new SourceText(name, "");
      return new RuleFile(
          name,
          empty,
          Optional.empty(),
          List.of(
              RuleDiagnostics.error(
                  empty,
                  new SourceLocation(name, 1, 1),
                  "RULE-FILE",
                  "cannot read the rule file: " + e.getMessage())),
          Map.of());
    }
    return load(name, bytes);
  }

  /** Loads every rule file under {@code root}, sorted by path (see {@link #isRuleFile}). */
  public List<RuleFile> loadTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> isRuleFile(root, p)).sorted().map(this::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing rule files under " + root, e);
    }
  }

  /**
   * Whether {@code file} is a rule: a {@code .yaml} or {@code .yml} file that is neither a {@value
   * #FALSE_POSITIVES_FILE} nor an {@value #EXCLUSIONS_FILE} nor inside a {@value #FIXTURES_FOLDER}
   * folder.
   */
  public static boolean isRuleFile(Path root, Path file) {
    String name = file.getFileName().toString();
    if (!Files.isRegularFile(file) || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
      return false;
    }
    if (name.equals(FALSE_POSITIVES_FILE) || name.equals(EXCLUSIONS_FILE)) {
      return false;
    }
    for (Path part : root.relativize(file)) {
      if (part.toString().equals(FIXTURES_FOLDER)) {
        return false;
      }
    }
    return true;
  }

  /** Loads a rule from a file's bytes; {@code name} is the path shown in problems. */
  public RuleFile load(String name, byte[] bytes) {
    return new Reading(name, bytes).read();
  }

  /** The state of reading one file: its text, the problems and places found so far. */
  private static final class Reading {
    private final String name;
    private final byte[] bytes;
    private SourceText source;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final Map<String, SourceLocation> places = new LinkedHashMap<>();

    Reading(String name, byte[] bytes) {
      this.name = name;
      this.bytes = bytes;
    }

    RuleFile read() {
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        source = new SourceText(name, "");
        problem(at(1, 1), "RULE-YAML", "the rule file is not UTF-8 text");
        return result(Optional.empty());
      }
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      source = new SourceText(name, text);
      Node root;
      try {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(20);
        root = new Yaml(options).compose(new StringReader(text));
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String message = yamlMessage(e);
        problem(
            mark == null ? at(1, 1) : at(mark.getLine() + 1, mark.getColumn() + 1),
            "RULE-YAML",
            "not valid YAML: " + message);
        return result(Optional.empty());
      } catch (YAMLException e) {
        problem(at(1, 1), "RULE-YAML", "not valid YAML: " + e.getMessage());
        return result(Optional.empty());
      }
      if (root == null) {
        problem(at(1, 1), "RULE-YAML", "the rule file is empty");
        return result(Optional.empty());
      }
      if (!(root instanceof MappingNode mapping)) {
        problem(
            place(root), "RULE-YAML", "a rule file must be a mapping of fields (id, name, ...)");
        return result(Optional.empty());
      }
      return result(rule(fields(mapping)));
    }

    private Map<String, NodeTuple> fields(MappingNode mapping) {
      Map<String, NodeTuple> fields = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          problem(place(tuple.getKeyNode()), "RULE-YAML", "a field name must be plain text");
          continue;
        }
        NodeTuple first = fields.putIfAbsent(key.getValue(), tuple);
        if (first != null) {
          problem(
              place(key),
              "RULE-FIELD",
              "field '"
                  + key.getValue()
                  + "' appears twice (first at line "
                  + place(first.getKeyNode()).line()
                  + ")");
        }
      }
      return fields;
    }

    private Optional<HuntingRule> rule(Map<String, NodeTuple> fields) {
      Optional<UUID> id = text(fields, "id", true).flatMap(this::uuid);
      Optional<String> ruleName = text(fields, "name", true).map(ScalarNode::getValue);
      Optional<String> description = text(fields, "description", true).map(ScalarNode::getValue);
      List<DataConnector> connectors = connectors(fields);
      List<String> tactics = values(fields, "tactics");
      List<String> techniques = values(fields, "relevantTechniques");
      Optional<RuleQuery> query = text(fields, "query", true).map(this::query);
      Optional<Duration> frequency = duration(fields, "queryFrequency");
      Optional<Duration> period = duration(fields, "queryPeriod");
      if (id.isEmpty() || ruleName.isEmpty() || description.isEmpty() || query.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new HuntingRule(
              id.get(),
              ruleName.get(),
              description.get(),
              connectors,
              tactics,
              techniques,
              query.get(),
              frequency,
              period,
              sha256(bytes),
              name));
    }

    /** A scalar field; a missing required field is a problem at the file's first line. */
    private Optional<ScalarNode> text(
        Map<String, NodeTuple> fields, String field, boolean required) {
      NodeTuple tuple = fields.get(field);
      if (tuple == null || isNull(tuple.getValueNode())) {
        if (required) {
          problem(
              tuple == null ? at(1, 1) : place(tuple.getKeyNode()),
              "RULE-FIELD",
              "the rule has no '" + field + "'");
        }
        return Optional.empty();
      }
      Node value = tuple.getValueNode();
      places.put(field, place(value));
      if (!(value instanceof ScalarNode scalar)) {
        problem(place(value), "RULE-FIELD", "'" + field + "' must be a text, not a " + kind(value));
        return Optional.empty();
      }
      return Optional.of(scalar);
    }

    private Optional<UUID> uuid(ScalarNode node) {
      String value = node.getValue().trim();
      if (!value.matches(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
        problem(
            place(node),
            "RULE-ID",
            "the id '" + value + "' is not a UUID (like dc1950c0-efeb-4695-aa95-74198df5dab8)");
        return Optional.empty();
      }
      return Optional.of(UUID.fromString(value));
    }

    /** A field holding one text or a list of texts; each value's place is kept as field[i]. */
    private List<String> values(Map<String, NodeTuple> fields, String field) {
      NodeTuple tuple = fields.get(field);
      if (tuple == null || isNull(tuple.getValueNode())) {
        return List.of();
      }
      return values(tuple.getValueNode(), field);
    }

    private List<String> values(Node node, String path) {
      places.put(path, place(node));
      List<String> values = new ArrayList<>();
      if (node instanceof ScalarNode scalar) {
        places.put(path + "[0]", place(scalar));
        values.add(scalar.getValue().trim());
      } else if (node instanceof SequenceNode sequence) {
        int i = 0;
        for (Node item : sequence.getValue()) {
          if (item instanceof ScalarNode scalar) {
            places.put(path + "[" + i + "]", place(scalar));
            values.add(scalar.getValue().trim());
            i++;
          } else {
            problem(place(item), "RULE-FIELD", "each of '" + path + "' must be a text");
          }
        }
      } else {
        problem(place(node), "RULE-FIELD", "'" + path + "' must be a text or a list of texts");
      }
      return values;
    }

    private List<DataConnector> connectors(Map<String, NodeTuple> fields) {
      NodeTuple tuple = fields.get("requiredDataConnectors");
      if (tuple == null || isNull(tuple.getValueNode())) {
        return List.of();
      }
      Node node = tuple.getValueNode();
      places.put("requiredDataConnectors", place(node));
      if (!(node instanceof SequenceNode sequence)) {
        problem(
            place(node),
            "RULE-FIELD",
            "'requiredDataConnectors' must be a list of {connectorId, dataTypes}");
        return List.of();
      }
      List<DataConnector> connectors = new ArrayList<>();
      int i = 0;
      for (Node item : sequence.getValue()) {
        String path = "requiredDataConnectors[" + i++ + "]";
        if (!(item instanceof MappingNode mapping)) {
          problem(
              place(item), "RULE-FIELD", "each data connector must be {connectorId, dataTypes}");
          continue;
        }
        places.put(path, place(item));
        Map<String, NodeTuple> entry = fields(mapping);
        String connectorId = "";
        NodeTuple id = entry.get("connectorId");
        if (id != null && id.getValueNode() instanceof ScalarNode scalar) {
          connectorId = scalar.getValue().trim();
          places.put(path + ".connectorId", place(scalar));
        } else {
          problem(
              id == null ? place(item) : place(id.getValueNode()),
              "RULE-FIELD",
              "a data connector needs a 'connectorId' text");
        }
        NodeTuple types = entry.get("dataTypes");
        List<String> dataTypes = List.of();
        if (types == null || isNull(types.getValueNode())) {
          problem(place(item), "RULE-FIELD", "a data connector needs 'dataTypes' (its tables)");
        } else {
          dataTypes = values(types.getValueNode(), path + ".dataTypes");
        }
        connectors.add(new DataConnector(connectorId, dataTypes));
      }
      return connectors;
    }

    private RuleQuery query(ScalarNode node) {
      Mark start = node.getStartMark();
      ScalarStyle style = node.getScalarStyle();
      if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
        int headerLine = start.getLine() + 1;
        int contentLine = headerLine + 1;
        int indent = blockIndent(start, headerLine);
        places.put("query", at(contentLine, indent + 1));
        return new RuleQuery(
            node.getValue(), contentLine, indent + 1, style == ScalarStyle.LITERAL);
      }
      int quote = style == ScalarStyle.PLAIN ? 0 : 1;
      return new RuleQuery(
          node.getValue(), start.getLine() + 1, start.getColumn() + 1 + quote, false);
    }

    /**
     * The indentation of a block scalar's content: the explicit indicator of its header ({@code
     * |2}) added to the key's indentation, or else the leading spaces of its first non-blank line.
     */
    private int blockIndent(Mark start, int headerLine) {
      String header = source.lineText(headerLine).substring(start.getColumn()).trim();
      Matcher indicator = BLOCK_HEADER.matcher(header.split("\\s+#", 2)[0].trim());
      if (indicator.matches() && (indicator.group(1) != null || indicator.group(2) != null)) {
        String digits = indicator.group(1) != null ? indicator.group(1) : indicator.group(2);
        return leadingSpaces(source.lineText(headerLine)) + Integer.parseInt(digits);
      }
      int lines = source.line(source.text().length());
      for (int line = headerLine + 1; line <= lines; line++) {
        String text = source.lineText(line);
        if (!text.isBlank()) {
          return leadingSpaces(text);
        }
      }
      return 0;
    }

    private Optional<Duration> duration(Map<String, NodeTuple> fields, String field) {
      Optional<ScalarNode> node = text(fields, field, false);
      if (node.isEmpty()) {
        return Optional.empty();
      }
      String value = node.get().getValue().trim();
      Matcher shortForm = SHORT_DURATION.matcher(value);
      if (shortForm.matches()) {
        long amount = Long.parseLong(shortForm.group(1));
        return Optional.of(
            switch (shortForm.group(2)) {
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            });
      }
      Matcher weeks = WEEKS.matcher(value.toUpperCase(Locale.ROOT));
      if (weeks.matches()) {
        return Optional.of(Duration.ofDays(7 * Long.parseLong(weeks.group(1))));
      }
      try {
        return Optional.of(Duration.parse(value));
      } catch (DateTimeParseException e) {
        problem(
            place(node.get()),
            "RULE-SCHEDULE",
            "'"
                + field
                + "' is not a duration: '"
                + value
                + "' (write ISO 8601 like PT1H or P5D, or 1h, 5d, 30m)");
        return Optional.empty();
      }
    }

    private RuleFile result(Optional<HuntingRule> rule) {
      return new RuleFile(name, source, rule, problems, places);
    }

    private void problem(SourceLocation where, String code, String message) {
      problems.add(RuleDiagnostics.error(source, where, code, message));
    }

    private SourceLocation at(int line, int column) {
      return new SourceLocation(name, line, column);
    }

    private SourceLocation place(Node node) {
      Mark mark = node.getStartMark();
      return at(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode scalar
          && (Tag.NULL.equals(scalar.getTag()) || scalar.getValue().isEmpty())
          && scalar.getScalarStyle() == ScalarStyle.PLAIN;
    }

    private static String kind(Node node) {
      return node instanceof SequenceNode
          ? "list"
          : node instanceof MappingNode ? "mapping" : "text";
    }

    private static int leadingSpaces(String line) {
      int n = 0;
      while (n < line.length() && line.charAt(n) == ' ') {
        n++;
      }
      return n;
    }

    /** SnakeYAML's problem, without the excerpt it appends (the diagnostic has its own). */
    private static String yamlMessage(MarkedYAMLException e) {
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext();
      String message = context == null ? problem : context + ", " + problem;
      // SnakeYAML's wording for a line indented unlike its block (as in the original RMM files,
      // where dataTypes sits at the level of the list item above it) names tokens, not the cause.
      if (problem != null && problem.startsWith("expected <block end>")) {
        return "this line is not indented like the block it belongs to (" + message + ")";
      }
      return message;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
