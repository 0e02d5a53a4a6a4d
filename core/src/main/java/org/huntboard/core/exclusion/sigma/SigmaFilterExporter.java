package org.huntboard.core.exclusion.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.condition.ComparisonOperator;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.condition.Condition.Value;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes an exclusion as a Sigma filter (Sigma filters specification, v2): {@code title}, {@code
 * id}, {@code logsource}, and {@code filter:} with the {@code rules} it applies to, one selection
 * per comparison and a {@code condition} of the form {@code not (...)} — a Sigma filter says which
 * events to keep, an exclusion which to drop.
 *
 * <p>Fields take Sigma's names where {@link SigmaFields} has one ({@code CommandLine}, {@code
 * ParentImage}, ...); others keep their generic name. Operators become modifiers: {@code ==} is
 * {@code |cased} (Sigma compares ignoring case unless told), {@code =~} is a plain value, {@code
 * contains}/{@code startswith}/{@code endswith} keep their names, {@code matches regex} is {@code
 * |re}, lists are Sigma value lists, negated operators become {@code not} in the condition. A file
 * name compared to a Sigma path field ({@code process.parent_process_name == "x.exe"}) becomes
 * {@code ParentImage|endswith|cased: '\x.exe'}. What Sigma cannot say exactly — {@code has}, a
 * {@code contains} on a file name — is refused with a located {@code EXCL-SIGMA} error rather than
 * exported as something broader.
 */
public final class SigmaFilterExporter {

  /** The diagnostic code of an exclusion that has no exact Sigma form. */
  public static final String CODE = "EXCL-SIGMA";

  private final SigmaFields fields;
  private final SourceText source;
  private final Map<String, Object> selections = new LinkedHashMap<>();
  private final List<Diagnostic> problems = new ArrayList<>();

  private SigmaFilterExporter(SigmaFields fields, SourceText source) {
    this.fields = fields;
    this.source = source;
  }

  /**
   * The Sigma filter of {@code exclusion} as YAML text.
   *
   * @param title the filter's title (the scenario's name)
   * @param description why the excluded events are benign
   * @param table the table the rule queries, for the log source
   * @param ruleIds the rules it applies to
   * @param source the text the conditions were parsed from, to locate errors; may be null
   */
  public static String export(
      ExclusionFilter exclusion,
      String title,
      String description,
      String table,
      List<String> ruleIds,
      SourceText source) {
    SigmaFilterExporter exporter = new SigmaFilterExporter(SigmaFields.builtIn(), source);
    String inner = exporter.condition(exclusion.conditions(), 0);
    if (!exporter.problems.isEmpty()) {
      throw new DiagnosticException(exporter.problems);
    }
    // A single selection would be named plainly, as in the specification's examples.
    if (exporter.selections.size() == 1) {
      Object only = exporter.selections.remove("selection_1");
      exporter.selections.put("selection", only);
      inner = inner.replace("selection_1", "selection");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", title);
    doc.put("id", sigmaId(exclusion.id()).toString());
    if (description != null) {
      doc.put("description", description);
    }
    Map<String, Object> logsource = new LinkedHashMap<>();
    logsource.put("product", "windows");
    exporter.fields.category(table).ifPresent(c -> logsource.put("category", c));
    doc.put("logsource", logsource);
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("rules", List.copyOf(ruleIds));
    filter.putAll(exporter.selections);
    filter.put(
        "condition",
        "not "
            + (inner.startsWith("selection") && !inner.contains(" ") ? inner : "(" + inner + ")"));
    doc.put("filter", filter);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setAllowUnicode(true);
    options.setWidth(Integer.MAX_VALUE);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(options).dump(doc);
  }

  /** The Sigma id of an exclusion: a name-based UUID, so re-exporting gives the same id. */
  public static UUID sigmaId(String exclusionId) {
    return UUID.nameUUIDFromBytes(
        ("huntboard-exclusion:" + exclusionId).getBytes(StandardCharsets.UTF_8));
  }

  // Levels: 0 = or operand, 1 = and operand.
  private String condition(Condition c, int level) {
    if (c instanceof Comparison cmp) {
      String name = selection(cmp);
      return cmp.operator().negated() ? "not " + name : name;
    }
    if (c instanceof Condition.Not not) {
      String inner = condition(not.operand(), 0);
      return inner.matches("selection_\\d+") ? "not " + inner : "not (" + inner + ")";
    }
    if (c instanceof Condition.And and) {
      List<String> parts = new ArrayList<>();
      for (Condition o : and.operands()) {
        String p = condition(o, 1);
        parts.add(o instanceof Condition.And ? "(" + p + ")" : p);
      }
      return String.join(" and ", parts);
    }
    Condition.Or or = (Condition.Or) c;
    List<String> parts = new ArrayList<>();
    for (Condition o : or.operands()) {
      String p = condition(o, 0);
      parts.add(o instanceof Condition.Or ? "(" + p + ")" : p);
    }
    String joined = String.join(" or ", parts);
    return level > 0 ? "(" + joined + ")" : joined;
  }

  private String selection(Comparison cmp) {
    String name = "selection_" + (selections.size() + 1);
    ComparisonOperator op = cmp.operator().positive();
    String generic = cmp.field().name();
    Optional<SigmaFields.Entry> entry = fields.forGeneric(generic);
    String field = entry.map(SigmaFields.Entry::sigma).orElse(generic);
    boolean fileName = entry.map(SigmaFields.Entry::fileName).orElse(false);
    boolean numeric = cmp.values().stream().allMatch(v -> v.kind() == Value.Kind.NUMBER);
    List<String> modifiers = new ArrayList<>();
    boolean prefixBackslash = false;
    switch (op) {
      case EQUAL, IN -> {
        if (fileName) {
          modifiers.add("endswith");
          prefixBackslash = true;
        }
        if (!numeric) {
          modifiers.add("cased");
        }
      }
      case EQUAL_IGNORE_CASE, IN_IGNORE_CASE -> {
        if (fileName) {
          modifiers.add("endswith");
          prefixBackslash = true;
        }
      }
      case CONTAINS -> modifiers.add("contains");
      case STARTSWITH -> modifiers.add("startswith");
      case ENDSWITH -> modifiers.add("endswith");
      case MATCHES_REGEX -> modifiers.add("re");
      case HAS -> {
        refuse(
            cmp,
            "'has' matches whole terms, which Sigma cannot say exactly; write contains or =="
                + " to export this exclusion");
        return name;
      }
      default -> throw new IllegalStateException("not a positive operator: " + op);
    }
    if (fileName
        && (op == ComparisonOperator.CONTAINS
            || op == ComparisonOperator.STARTSWITH
            || op == ComparisonOperator.MATCHES_REGEX)) {
      refuse(
          cmp,
          "'"
              + op.text()
              + "' on the file name "
              + generic
              + " has no exact Sigma form:"
              + " "
              + field
              + " is a full path; use ==, =~ or endswith");
      return name;
    }
    if (fileName && cmp.values().stream().anyMatch(v -> v.text().contains("\\"))) {
      refuse(cmp, generic + " is a file name and cannot contain '\\'");
      return name;
    }
    List<Object> values = new ArrayList<>();
    for (Value v : cmp.values()) {
      if (v.kind() == Value.Kind.NUMBER) {
        values.add(Long.parseLong(v.text()));
      } else if (op == ComparisonOperator.MATCHES_REGEX) {
        values.add(v.text());
      } else {
        values.add(escapeWildcards((prefixBackslash ? "\\" : "") + v.text()));
      }
    }
    String key = field + (modifiers.isEmpty() ? "" : "|" + String.join("|", modifiers));
    Map<String, Object> selection = new LinkedHashMap<>();
    selection.put(key, values.size() == 1 && !op.takesList() ? values.get(0) : values);
    selections.put(name, selection);
    return name;
  }

  /**
   * Escapes Sigma's wildcards {@code *} and {@code ?} with a backslash; a backslash is doubled only
   * where Sigma would otherwise read it as an escape (before a wildcard or a backslash).
   */
  static String escapeWildcards(String s) {
    StringBuilder out = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?') {
        out.append('\\').append(c);
      } else if (c == '\\') {
        char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        out.append(next == '*' || next == '?' || next == '\\' ? "\\\\" : "\\");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private void refuse(Comparison cmp, String message) {
    SourceLocation location = null;
    String excerpt = null;
    if (source != null && cmp.span().isKnown()) {
      location = source.location(cmp.span().start());
      excerpt = source.caretExcerpt(cmp.span().start());
    }
    problems.add(new Diagnostic(Diagnostic.Severity.ERROR, CODE, message, location, excerpt));
  }
}
