package org.huntboard.core.exclusion.evaluate;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.huntboard.core.exclusion.condition.ComparisonOperator;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.condition.Condition.Value;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.exclusion.mapping.FieldResolution;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.schema.ColumnSchema;

/**
 * Decides whether an exclusion's conditions match one event, with the semantics the compiled KQL
 * has in Kusto: {@code ==}/{@code in} case-sensitive; {@code =~}, {@code contains}, {@code
 * startswith}, {@code endswith} ignoring case; {@code has} a whole-term match (terms are maximal
 * runs of letters and digits, ASCII case folding); {@code matches regex} an unanchored find. A
 * missing string is the empty string (Kusto strings have no null); a missing number matches no
 * comparison but its negation. Used to check exclusions against fixture events without a query
 * engine.
 */
public final class ConditionEvaluator {

  private final FieldMappingProfile profile;

  public ConditionEvaluator(FieldMappingProfile profile) {
    this.profile = profile;
  }

  /**
   * Whether {@code condition} holds for {@code event} (column name to value, as read from a JSON
   * row). A field that does not resolve in the profile makes the comparison false.
   */
  public boolean matches(Condition condition, Map<String, ?> event) {
    if (condition instanceof Comparison c) {
      return comparison(c, event);
    }
    if (condition instanceof Condition.Not n) {
      return !matches(n.operand(), event);
    }
    if (condition instanceof Condition.And a) {
      return a.operands().stream().allMatch(o -> matches(o, event));
    }
    return ((Condition.Or) condition).operands().stream().anyMatch(o -> matches(o, event));
  }

  private boolean comparison(Comparison c, Map<String, ?> event) {
    if (!(profile.resolve(c.field().name()) instanceof FieldResolution.Resolved r)) {
      return false;
    }
    ColumnSchema column = r.column();
    Object raw = event.get(column.name());
    ComparisonOperator op = c.operator();
    ComparisonOperator positive = op.positive();
    boolean equality =
        positive == ComparisonOperator.EQUAL
            || positive == ComparisonOperator.EQUAL_IGNORE_CASE
            || positive == ComparisonOperator.IN
            || positive == ComparisonOperator.IN_IGNORE_CASE;
    if (column.type().isNumeric() && equality) {
      if (raw == null || raw.toString().isEmpty()) {
        return op.negated();
      }
      BigDecimal actual = new BigDecimal(raw.toString());
      boolean any =
          c.values().stream().anyMatch(v -> number(v) != null && number(v).compareTo(actual) == 0);
      return any != op.negated();
    }
    String text = raw == null ? "" : raw.toString();
    if (raw == null && column.type() != ScalarType.STRING) {
      // tostring(null) is the empty string in Kusto too.
      text = "";
    }
    final String subject = text;
    boolean any = c.values().stream().anyMatch(v -> positiveMatch(positive, subject, v.text()));
    if (op == ComparisonOperator.MATCHES_REGEX) {
      return any;
    }
    return any != op.negated();
  }

  private static BigDecimal number(Value v) {
    try {
      return new BigDecimal(v.text().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean positiveMatch(ComparisonOperator op, String s, String v) {
    return switch (op) {
      case EQUAL, IN -> s.equals(v);
      case EQUAL_IGNORE_CASE, IN_IGNORE_CASE -> s.equalsIgnoreCase(v);
      case CONTAINS -> fold(s).contains(fold(v));
      case STARTSWITH -> fold(s).startsWith(fold(v));
      case ENDSWITH -> fold(s).endsWith(fold(v));
      case HAS -> has(s, v);
      case MATCHES_REGEX -> regex(s, v);
      default -> throw new IllegalStateException("not a positive operator: " + op);
    };
  }

  private static boolean regex(String s, String pattern) {
    try {
      return Pattern.compile(pattern).matcher(s).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /**
   * Kusto's {@code has}: the value occurs ignoring ASCII case, and where it starts or ends with a
   * letter or digit, the match does not start or end inside a longer run of them.
   */
  static boolean has(String s, String v) {
    if (v.isEmpty()) {
      return true;
    }
    String hay = asciiFold(s);
    String needle = asciiFold(v);
    boolean startAlnum = Character.isLetterOrDigit(needle.charAt(0));
    boolean endAlnum = Character.isLetterOrDigit(needle.charAt(needle.length() - 1));
    for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      int end = i + needle.length();
      boolean startOk = !startAlnum || i == 0 || !Character.isLetterOrDigit(hay.charAt(i - 1));
      boolean endOk =
          !endAlnum || end == hay.length() || !Character.isLetterOrDigit(hay.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static String fold(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  private static String asciiFold(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return b.toString();
  }
}
