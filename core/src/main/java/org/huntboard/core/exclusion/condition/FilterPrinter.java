package org.huntboard.core.exclusion.condition;

import java.util.stream.Collectors;
import org.huntboard.core.exclusion.condition.Condition.Value;

/**
 * Writes a {@link Condition} back in the filter language, so that {@code
 * FilterParser.parse(FilterPrinter.print(c)).equals(c)}. Strings are double-quoted with every
 * character that could end or bend them escaped.
 */
public final class FilterPrinter {

  private FilterPrinter() {}

  /** The filter text of {@code condition}. */
  public static String print(Condition condition) {
    StringBuilder out = new StringBuilder();
    print(condition, 0, out);
    return out.toString();
  }

  // Levels: 0 = top/or operand, 1 = and operand.
  private static void print(Condition c, int level, StringBuilder out) {
    if (c instanceof Condition.Comparison cmp) {
      out.append(cmp.field().name()).append(' ').append(cmp.operator().text()).append(' ');
      if (cmp.operator().takesList()) {
        out.append('(')
            .append(
                cmp.values().stream().map(FilterPrinter::value).collect(Collectors.joining(", ")))
            .append(')');
      } else {
        out.append(value(cmp.values().get(0)));
      }
    } else if (c instanceof Condition.And and) {
      for (int i = 0; i < and.operands().size(); i++) {
        if (i > 0) {
          out.append(" and ");
        }
        Condition operand = and.operands().get(i);
        if (operand instanceof Condition.And) {
          // A nested and would flatten on reparse; keep its grouping explicit.
          out.append('(');
          print(operand, 0, out);
          out.append(')');
        } else {
          print(operand, 1, out);
        }
      }
    } else if (c instanceof Condition.Or or) {
      if (level > 0) {
        out.append('(');
      }
      for (int i = 0; i < or.operands().size(); i++) {
        if (i > 0) {
          out.append(" or ");
        }
        Condition operand = or.operands().get(i);
        // A nested or would flatten on reparse; keep its grouping explicit.
        print(operand, operand instanceof Condition.Or ? 1 : 0, out);
      }
      if (level > 0) {
        out.append(')');
      }
    } else if (c instanceof Condition.Not not) {
      out.append("not(");
      print(not.operand(), 0, out);
      out.append(')');
    }
  }

  private static String value(Value v) {
    if (v.kind() == Value.Kind.NUMBER) {
      return v.text();
    }
    return quote(v.text());
  }

  /** A double-quoted string literal of the filter language for {@code s}. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> out.append("\\0");
        default -> {
          if (Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
