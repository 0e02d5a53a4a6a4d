package org.huntboard.core.exclusion.file;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.condition.FilterText;
import org.huntboard.core.exclusion.mapping.Suggestions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an exclusions file: YAML in the seed's shape — a list of entries with {@code name}, {@code
 * description} and {@code filter}, either at the top level or under {@code scenarios:} or {@code
 * exclusions:} — extended with the model's optional fields {@code id}, {@code tenant}, {@code
 * rules}, {@code ticket}, {@code proposer}, {@code expires} (ISO-8601 instant) and {@code renews}.
 *
 * <p>Every problem is reported at {@code file:line:column}, filter syntax errors included (the
 * filter's characters are mapped back through YAML's quoting); all problems of a file are collected
 * and thrown together as one {@link DiagnosticException} with code {@code EXCL-FILE} or {@code
 * EXCL-SYNTAX}.
 */
public final class ExclusionFileLoader {

  /** The diagnostic code of a structural problem in the file. */
  public static final String FILE = "EXCL-FILE";

  private static final List<String> KEYS =
      List.of(
          "id",
          "name",
          "description",
          "filter",
          "tenant",
          "rules",
          "ticket",
          "proposer",
          "expires",
          "renews");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final SourceText source;
  private final List<Diagnostic> problems = new ArrayList<>();
  private String rule;

  private ExclusionFileLoader(SourceText source) {
    this.source = source;
  }

  /** Reads the file at {@code path}; locations name the path as given. */
  public static ExclusionFile load(Path path) throws IOException {
    return load(new SourceText(path.toString(), Files.readString(path, StandardCharsets.UTF_8)));
  }

  /** Reads an exclusions file, or throws every problem found in it. */
  public static ExclusionFile load(SourceText source) {
    ExclusionFileLoader loader = new ExclusionFileLoader(source);
    List<ExclusionDefinition> entries = loader.read();
    if (!loader.problems.isEmpty()) {
      throw new DiagnosticException(loader.problems);
    }
    return new ExclusionFile(source, loader.rule, entries);
  }

  private List<ExclusionDefinition> read() {
    Node root;
    try {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      root = yaml.compose(new StringReader(source.text()));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      problems.add(at(offset(mark), "this is not valid YAML: " + problem));
      return List.of();
    } catch (YAMLException e) {
      problems.add(at(0, "this is not valid YAML: " + e.getMessage()));
      return List.of();
    }
    if (root == null) {
      problems.add(at(0, "the file is empty; expected a list of exclusions"));
      return List.of();
    }
    Node list = root;
    if (root instanceof MappingNode map) {
      list = null;
      for (NodeTuple t : map.getValue()) {
        String key = scalar(t.getKeyNode());
        if ("scenarios".equals(key) || "exclusions".equals(key)) {
          list = t.getValueNode();
        } else if ("rule".equals(key) && scalar(t.getValueNode()) != null) {
          rule = scalar(t.getValueNode());
        } else {
          problems.add(
              at(
                  start(t.getKeyNode()),
                  "unknown top-level key '"
                      + key
                      + "'; an exclusions file is a list, or has it"
                      + " under 'exclusions:' or 'scenarios:' (with an optional 'rule:' id)"));
        }
      }
      if (list == null) {
        if (problems.isEmpty()) {
          problems.add(at(start(root), "expected a list of exclusions under 'exclusions:'"));
        }
        return List.of();
      }
    }
    if (!(list instanceof SequenceNode seq)) {
      problems.add(at(start(list), "expected a list of exclusions (entries starting with '- ')"));
      return List.of();
    }
    List<ExclusionDefinition> out = new ArrayList<>();
    Map<String, Node> ids = new HashMap<>();
    for (Node item : seq.getValue()) {
      ExclusionDefinition d = entry(item);
      if (d == null) {
        continue;
      }
      Node previous = ids.putIfAbsent(d.id(), item);
      if (previous != null) {
        problems.add(
            at(
                start(item),
                "the id '"
                    + d.id()
                    + "' is already used by the entry at line "
                    + source.line(start(previous))
                    + "; give this one its own 'id:'"));
        continue;
      }
      out.add(d);
    }
    return out;
  }

  private ExclusionDefinition entry(Node item) {
    if (!(item instanceof MappingNode map)) {
      problems.add(at(start(item), "an exclusion is a mapping with name, description and filter"));
      return null;
    }
    int before = problems.size();
    Map<String, NodeTuple> fields = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String key = scalar(t.getKeyNode());
      if (key == null) {
        problems.add(at(start(t.getKeyNode()), "a key must be a plain name"));
        continue;
      }
      if (!KEYS.contains(key)) {
        List<String> close = Suggestions.closest(key, KEYS);
        problems.add(
            at(
                start(t.getKeyNode()),
                "unknown key '"
                    + key
                    + "'"
                    + (close.isEmpty()
                        ? "; the keys are " + String.join(", ", KEYS)
                        : "; did you mean " + String.join(" or ", close) + "?")));
        continue;
      }
      if (fields.put(key, t) != null) {
        problems.add(at(start(t.getKeyNode()), "'" + key + "' is given twice in this exclusion"));
      }
    }
    String name = requiredText(fields, "name", map);
    String description = requiredText(fields, "description", map);
    NodeTuple filterTuple = fields.get("filter");
    Condition condition = null;
    FilterText filterText = null;
    if (filterTuple == null) {
      problems.add(at(start(map), "this exclusion has no 'filter'"));
    } else if (!(filterTuple.getValueNode() instanceof ScalarNode filterNode)) {
      problems.add(at(start(filterTuple.getValueNode()), "'filter' must be text"));
    } else {
      filterText =
          FilterText.embedded(filterNode.getValue(), source, start(filterNode), end(filterNode));
      try {
        condition = FilterParser.parse(filterText);
      } catch (DiagnosticException e) {
        problems.addAll(e.diagnostics());
      }
    }
    String id = optionalText(fields, "id");
    if (id == null && name != null) {
      id = slug(name);
    }
    if (id != null && !ID.matcher(id).matches()) {
      Node where = fields.containsKey("id") ? fields.get("id").getValueNode() : map;
      problems.add(
          at(
              start(where),
              "the id '"
                  + id
                  + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with"
                  + " a letter or digit"));
    }
    String tenant = optionalText(fields, "tenant");
    List<String> rules = textList(fields, "rules");
    String ticket = optionalText(fields, "ticket");
    String proposer = optionalText(fields, "proposer");
    String renews = optionalText(fields, "renews");
    Instant expires = null;
    String expiresText = optionalText(fields, "expires");
    if (expiresText != null) {
      try {
        expires = Instant.parse(expiresText);
      } catch (DateTimeParseException e) {
        problems.add(
            at(
                start(fields.get("expires").getValueNode()),
                "'expires' must be an ISO-8601 instant such as 2026-06-30T00:00:00Z, not '"
                    + expiresText
                    + "'"));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new ExclusionDefinition(
        id,
        name,
        description,
        condition,
        filterText,
        source.location(start(map)),
        tenant,
        rules,
        ticket,
        proposer,
        expires,
        renews);
  }

  private String requiredText(Map<String, NodeTuple> fields, String key, Node entry) {
    NodeTuple t = fields.get(key);
    if (t == null) {
      problems.add(at(start(entry), "this exclusion has no '" + key + "'"));
      return null;
    }
    String value = scalar(t.getValueNode());
    if (value == null || value.isBlank()) {
      problems.add(at(start(t.getValueNode()), "'" + key + "' must be non-empty text"));
      return null;
    }
    return value;
  }

  private String optionalText(Map<String, NodeTuple> fields, String key) {
    NodeTuple t = fields.get(key);
    if (t == null) {
      return null;
    }
    String value = scalar(t.getValueNode());
    if (value == null || value.isBlank()) {
      problems.add(at(start(t.getValueNode()), "'" + key + "' must be non-empty text"));
      return null;
    }
    return value;
  }

  private List<String> textList(Map<String, NodeTuple> fields, String key) {
    NodeTuple t = fields.get(key);
    if (t == null) {
      return List.of();
    }
    Node value = t.getValueNode();
    if (value instanceof ScalarNode s) {
      return List.of(s.getValue());
    }
    if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      problems.add(at(start(value), "'" + key + "' must be a rule id or a list of rule ids"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Node n : seq.getValue()) {
      String s = scalar(n);
      if (s == null || s.isBlank()) {
        problems.add(at(start(n), "each of '" + key + "' must be a rule id"));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The id derived from a name: lower case, runs of other characters as one '-'. */
  static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    return s.length() > 64 ? s.substring(0, 64).replaceAll("-+$", "") : s;
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }

  private int start(Node n) {
    return offset(n.getStartMark());
  }

  private int end(Node n) {
    return offset(n.getEndMark());
  }

  /** SnakeYAML counts columns in code points; SourceText counts UTF-16 characters. */
  private int offset(Mark mark) {
    if (mark == null) {
      return 0;
    }
    String text = source.text();
    int line = 0;
    int i = 0;
    while (line < mark.getLine() && i < text.length()) {
      if (text.charAt(i++) == '\n') {
        line++;
      }
    }
    int col = 0;
    while (col < mark.getColumn() && i < text.length() && text.charAt(i) != '\n') {
      i += Character.charCount(text.codePointAt(i));
      col++;
    }
    return i;
  }

  private Diagnostic at(int offset, String message) {
    SourceLocation location = source.location(offset);
    return new Diagnostic(
        Diagnostic.Severity.ERROR, FILE, message, location, source.caretExcerpt(offset));
  }
}
