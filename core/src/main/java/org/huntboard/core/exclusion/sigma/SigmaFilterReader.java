package org.huntboard.core.exclusion.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.condition.ComparisonOperator;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.condition.Condition.Field;
import org.huntboard.core.exclusion.condition.Condition.Value;
import org.huntboard.core.kql.syntax.Span;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a Sigma filter back into exclusion conditions: the inverse of {@link SigmaFilterExporter}
 * for the filters it writes (selections of field/modifier/value maps, a {@code condition} of {@code
 * not}, {@code and}, {@code or}, parentheses and selection names). The filter's condition says what
 * to keep, so the exclusion is its negation. A {@code not} of a single comparison reads back as the
 * negated operator ({@code not selection} of {@code a|cased: x} is {@code a != "x"}).
 */
public final class SigmaFilterReader {

  private final SigmaFields fields = SigmaFields.builtIn();
  private final Map<String, Condition> selections = new LinkedHashMap<>();

  private SigmaFilterReader() {}

  /** A read Sigma filter: what it applies to and the exclusion's conditions. */
  public record SigmaFilter(String title, String id, List<String> rules, Condition conditions) {
    public SigmaFilter {
      rules = List.copyOf(rules);
    }
  }

  /** Reads the filter in {@code yaml}, or throws an {@code EXCL-SIGMA} diagnostic. */
  @SuppressWarnings("unchecked")
  public static SigmaFilter read(String yaml) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw error("the Sigma filter is not valid YAML: " + e.getMessage());
    }
    if (!(loaded instanceof Map<?, ?> doc) || !(doc.get("filter") instanceof Map<?, ?> filter)) {
      throw error("a Sigma filter needs a 'filter:' mapping");
    }
    SigmaFilterReader reader = new SigmaFilterReader();
    List<String> rules = new ArrayList<>();
    if (filter.get("rules") instanceof List<?> list) {
      list.forEach(r -> rules.add(String.valueOf(r)));
    }
    for (Map.Entry<?, ?> e : filter.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("rules") || key.equals("condition")) {
        continue;
      }
      reader.selections.put(key, reader.selection(key, e.getValue()));
    }
    if (!(filter.get("condition") instanceof String condition)) {
      throw error("the Sigma filter has no 'condition'");
    }
    Condition keep = new ConditionParser(condition, reader.selections).parse();
    Condition exclusion = keep instanceof Condition.Not not ? not.operand() : reader.negate(keep);
    return new SigmaFilter(
        doc.get("title") == null ? null : String.valueOf(doc.get("title")),
        doc.get("id") == null ? null : String.valueOf(doc.get("id")),
        rules,
        exclusion);
  }

  private Condition selection(String name, Object body) {
    if (!(body instanceof Map<?, ?> map) || map.isEmpty()) {
      throw error("selection '" + name + "' must be a mapping of fields to values");
    }
    List<Condition> parts = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      parts.add(item(name, String.valueOf(e.getKey()), e.getValue()));
    }
    return parts.size() == 1 ? parts.get(0) : new Condition.And(parts, Span.NONE);
  }

  private Condition item(String selection, String key, Object rawValues) {
    String[] parts = key.split("\\|");
    String sigmaField = parts[0];
    List<String> modifiers = List.of(parts).subList(1, parts.length);
    boolean cased = modifiers.contains("cased");
    List<String> matchModifiers = modifiers.stream().filter(m -> !m.equals("cased")).toList();
    if (matchModifiers.size() > 1) {
      throw error(
          "selection '"
              + selection
              + "': '"
              + key
              + "' combines "
              + String.join(" and ", matchModifiers)
              + ", which an exclusion cannot say");
    }
    String modifier = matchModifiers.isEmpty() ? "" : matchModifiers.get(0);
    List<Object> raw = rawValues instanceof List<?> l ? new ArrayList<>(l) : List.of(rawValues);
    if (raw.isEmpty()) {
      throw error("selection '" + selection + "': '" + key + "' has no values");
    }
    boolean numeric = raw.stream().allMatch(v -> v instanceof Integer || v instanceof Long);
    List<String> texts = new ArrayList<>();
    for (Object v : raw) {
      if (v == null || v instanceof Map || v instanceof List) {
        throw error(
            "selection '"
                + selection
                + "': the values of '"
                + key
                + "' must be text or"
                + " numbers");
      }
      String s = String.valueOf(v);
      texts.add(modifier.equals("re") || numeric ? s : unescapeWildcards(s, selection, key));
    }
    List<SigmaFields.Entry> entries = fields.forSigma(sigmaField);
    Optional<SigmaFields.Entry> fileNameEntry =
        entries.stream().filter(SigmaFields.Entry::fileName).findFirst();
    Optional<SigmaFields.Entry> pathEntry = entries.stream().filter(e -> !e.fileName()).findFirst();
    String generic = sigmaField;
    boolean stripBackslash = false;
    boolean nameInPath =
        modifier.equals("endswith")
            && texts.stream()
                .allMatch(t -> t.startsWith("\\") && t.indexOf('\\', 1) < 0 && t.length() > 1);
    if (fileNameEntry.isPresent() && nameInPath) {
      generic = fileNameEntry.get().generic();
      stripBackslash = true;
      modifier = "";
    } else if (pathEntry.isPresent()) {
      generic = pathEntry.get().generic();
    } else if (fileNameEntry.isPresent()) {
      generic = fileNameEntry.get().generic();
      if (!modifier.equals("endswith")) {
        throw error(
            "selection '"
                + selection
                + "': "
                + sigmaField
                + "|"
                + modifier
                + " has no"
                + " exact form on the file name "
                + generic);
      }
    }
    boolean list = texts.size() > 1;
    ComparisonOperator op;
    switch (modifier) {
      case "" ->
          op =
              numeric || cased
                  ? (list ? ComparisonOperator.IN : ComparisonOperator.EQUAL)
                  : (list
                      ? ComparisonOperator.IN_IGNORE_CASE
                      : ComparisonOperator.EQUAL_IGNORE_CASE);
      case "contains" -> op = ComparisonOperator.CONTAINS;
      case "startswith" -> op = ComparisonOperator.STARTSWITH;
      case "endswith" -> op = ComparisonOperator.ENDSWITH;
      case "re" -> op = ComparisonOperator.MATCHES_REGEX;
      default ->
          throw error(
              "selection '"
                  + selection
                  + "': the modifier '"
                  + modifier
                  + "' has no exclusion operator");
    }
    if (cased && !modifier.isEmpty()) {
      throw error(
          "selection '"
              + selection
              + "': "
              + modifier
              + "|cased has no exclusion operator;"
              + " "
              + modifier
              + " ignores case");
    }
    Field field = new Field(generic, Span.NONE);
    List<Value> values = new ArrayList<>();
    for (String t : texts) {
      String text = stripBackslash ? t.substring(1) : t;
      values.add(numeric ? new Value(Value.Kind.NUMBER, text, Span.NONE) : Value.string(text));
    }
    if (op.takesList() || values.size() == 1) {
      return new Comparison(field, op, values, Span.NONE);
    }
    List<Condition> alternatives = new ArrayList<>();
    for (Value v : values) {
      alternatives.add(new Comparison(field, op, List.of(v), Span.NONE));
    }
    return new Condition.Or(alternatives, Span.NONE);
  }

  private Condition negate(Condition c) {
    if (c instanceof Comparison cmp && cmp.operator() != ComparisonOperator.MATCHES_REGEX) {
      return new Comparison(cmp.field(), cmp.operator().negation(), cmp.values(), cmp.span());
    }
    if (c instanceof Condition.Not not) {
      return not.operand();
    }
    return new Condition.Not(c, Span.NONE);
  }

  /** Sigma's escapes: {@code \*}, {@code \?} and {@code \\}; any other backslash is itself. */
  static String unescapeWildcards(String s, String selection, String key) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == '*' || n == '?' || n == '\\') {
          out.append(n);
          i++;
          continue;
        }
      } else if (c == '*' || c == '?') {
        throw error(
            "selection '"
                + selection
                + "': '"
                + key
                + "' uses the wildcard "
                + c
                + "; an exclusion value is literal (use contains, startswith or endswith)");
      }
      out.append(c);
    }
    return out.toString();
  }

  private static DiagnosticException error(String message) {
    return new DiagnosticException(
        new Diagnostic(Diagnostic.Severity.ERROR, SigmaFilterExporter.CODE, message, null, null));
  }

  /** The condition grammar of a Sigma filter, restricted to names, not, and, or, parentheses. */
  private static final class ConditionParser {
    private final String text;
    private final Map<String, Condition> selections;
    private int pos;

    ConditionParser(String text, Map<String, Condition> selections) {
      this.text = text;
      this.selections = selections;
    }

    Condition parse() {
      Condition c = or();
      skip();
      if (pos < text.length()) {
        throw error("unexpected '" + text.substring(pos) + "' in the condition '" + text + "'");
      }
      return c;
    }

    private Condition or() {
      List<Condition> parts = new ArrayList<>(List.of(and()));
      while (keyword("or")) {
        parts.add(and());
      }
      return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts, Span.NONE);
    }

    private Condition and() {
      List<Condition> parts = new ArrayList<>(List.of(unary()));
      while (keyword("and")) {
        parts.add(unary());
      }
      return parts.size() == 1 ? parts.get(0) : new Condition.And(parts, Span.NONE);
    }

    private Condition unary() {
      skip();
      if (keyword("not")) {
        Condition inner = unary();
        if (inner instanceof Comparison cmp && cmp.operator() != ComparisonOperator.MATCHES_REGEX) {
          return new Comparison(cmp.field(), cmp.operator().negation(), cmp.values(), Span.NONE);
        }
        return new Condition.Not(inner, Span.NONE);
      }
      if (pos < text.length() && text.charAt(pos) == '(') {
        pos++;
        Condition inner = or();
        skip();
        if (pos >= text.length() || text.charAt(pos) != ')') {
          throw error("the condition '" + text + "' misses a ')'");
        }
        pos++;
        return inner;
      }
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      String name = text.substring(start, pos);
      Condition c = selections.get(name);
      if (c == null) {
        throw error(
            "the condition '"
                + text
                + "' names '"
                + name
                + "', which is no selection"
                + " of this filter (the exclusion reader supports names, not, and, or, parentheses)");
      }
      return c;
    }

    private boolean keyword(String k) {
      skip();
      if (text.startsWith(k, pos)
          && (pos + k.length() >= text.length()
              || !Character.isLetterOrDigit(text.charAt(pos + k.length())))) {
        pos += k.length();
        return true;
      }
      return false;
    }

    private void skip() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }
  }
}
