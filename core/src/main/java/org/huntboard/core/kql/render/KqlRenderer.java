package org.huntboard.core.kql.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.huntboard.core.kql.parse.LiteralText;
import org.huntboard.core.kql.parse.SyntaxKind;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.ColumnDeclaration;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.FunctionParameter;
import org.huntboard.core.kql.syntax.MvExpandItem;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.ParsePatternPart;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.kql.syntax.SyntaxNode;

/**
 * Renders a syntax tree back to KQL text that Kusto's parser accepts: one pipeline operator per
 * line, strings as escaped double-quoted literals, names that are not plain identifiers (or are
 * keywords) bracketed as {@code ['...']}, and parentheses wherever precedence needs them in a tree
 * built by code. {@code KqlParser.parse(render(ast))} equals {@code ast} for parsed trees.
 */
public final class KqlRenderer {

  private static final String INDENT = "    ";
  private static final int ONE_LINE_WIDTH = 80;
  private static final Pattern LINE_BREAK = Pattern.compile("\n\\s*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_]*");

  /** Levels of the non-binary expressions; binary operators use their own precedence. */
  private static final int PRIMARY = 1;

  private static final int UNARY = 2;
  private static final int EQUALITY = 7;
  private static final int TABULAR = 10;

  private static final long NANOS_PER_TICK = 100;
  private static final long READABLE_COUNT = 10_000;
  private static final Map.Entry<String, Long>[] UNITS = units();

  private KqlRenderer() {}

  @SuppressWarnings("unchecked")
  private static Map.Entry<String, Long>[] units() {
    return new Map.Entry[] {
      Map.entry("d", 86_400_000_000_000L),
      Map.entry("h", 3_600_000_000_000L),
      Map.entry("m", 60_000_000_000L),
      Map.entry("s", 1_000_000_000L),
      Map.entry("ms", 1_000_000L),
      Map.entry("micros", 1_000L),
      Map.entry("ticks", NANOS_PER_TICK),
      Map.entry("nanos", 1L)
    };
  }

  /** KQL text for any node. */
  public static String render(SyntaxNode node) {
    if (node instanceof Query q) {
      return statements(q.statements());
    }
    if (node instanceof Statement s) {
      return statement(s);
    }
    if (node instanceof Expression e) {
      return tabular(e);
    }
    if (node instanceof QueryOperator op) {
      return operator(op);
    }
    if (node instanceof NamedExpression n) {
      return named(n);
    }
    if (node instanceof SortKey k) {
      return sortKey(k);
    }
    if (node instanceof OperatorParameter p) {
      return parameter(p);
    }
    if (node instanceof ColumnDeclaration c) {
      return column(c);
    }
    if (node instanceof FunctionParameter p) {
      return functionParameter(p);
    }
    if (node instanceof MvExpandItem i) {
      return mvExpandItem(i);
    }
    if (node instanceof ParsePatternPart p) {
      return patternPart(p);
    }
    throw new IllegalArgumentException("unknown syntax node " + node.getClass().getName());
  }

  // ---------------------------------------------------------------- statements

  private static String statements(List<Statement> statements) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      out.append(statement(s));
      boolean last = i == statements.size() - 1;
      if (!last || !(s instanceof Statement.ExpressionStatement)) {
        out.append(';');
      }
      if (!last) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String statement(Statement s) {
    if (s instanceof Statement.LetStatement let) {
      return "let " + name(let.name()) + " = " + tabular(let.value());
    }
    if (s instanceof Statement.SetOptionStatement set) {
      return "set " + set.name() + (set.value() == null ? "" : " = " + expr(set.value()));
    }
    if (s instanceof Statement.ExpressionStatement e) {
      return tabular(e.expression());
    }
    throw new IllegalArgumentException("unknown statement " + s.getClass().getName());
  }

  // ---------------------------------------------------------------- expressions

  private static int level(Expression e) {
    if (e instanceof Expression.Binary b) {
      return b.operator().precedence();
    }
    if (e instanceof Expression.In
        || e instanceof Expression.HasAny
        || e instanceof Expression.Between) {
      return EQUALITY;
    }
    if (e instanceof Expression.Unary) {
      return UNARY;
    }
    if (e instanceof Expression.Pipe
        || e instanceof Expression.OperatorSource
        || e instanceof Expression.FunctionDefinition) {
      return TABULAR;
    }
    return PRIMARY;
  }

  /** An expression where a pipeline may stand as it is (statement, parentheses, arguments). */
  private static String tabular(Expression e) {
    if (e instanceof Expression.Pipe p) {
      return tabular(p.source()) + "\n| " + operator(p.operator());
    }
    if (e instanceof Expression.OperatorSource s) {
      return operator(s.operator());
    }
    if (e instanceof Expression.FunctionDefinition f) {
      return functionDefinition(f);
    }
    return scalar(e);
  }

  /** A tabular expression nested inside brackets: continuation lines are indented. */
  private static String nested(Expression e) {
    String text = tabular(e);
    if (text.indexOf('\n') < 0) {
      return text;
    }
    // Rendered strings never hold a raw line break, so every one here is layout.
    String oneLine = LINE_BREAK.matcher(text).replaceAll(" ");
    return oneLine.length() <= ONE_LINE_WIDTH ? oneLine : text.replace("\n", "\n" + INDENT);
  }

  /** An expression in a place that takes no pipeline without parentheses. */
  private static String expr(Expression e) {
    return operand(e, TABULAR - 1);
  }

  /** {@code e} as an operand that must bind at least as tightly as {@code maxLevel}. */
  private static String operand(Expression e, int maxLevel) {
    if (level(e) > maxLevel) {
      return "(" + nested(e) + ")";
    }
    return scalar(e);
  }

  private static String scalar(Expression e) {
    if (e instanceof Expression.Literal l) {
      return literal(l);
    }
    if (e instanceof Expression.NameReference n) {
      return name(n.name());
    }
    if (e instanceof Expression.NamePattern p) {
      return p.pattern();
    }
    if (e instanceof Expression.Star) {
      return "*";
    }
    if (e instanceof Expression.Path p) {
      return operand(p.target(), PRIMARY) + "." + member(p.member());
    }
    if (e instanceof Expression.Element el) {
      return operand(el.target(), PRIMARY) + "[" + expr(el.index()) + "]";
    }
    if (e instanceof Expression.FunctionCall c) {
      return c.name()
          + "("
          + c.arguments().stream().map(KqlRenderer::nested).collect(Collectors.joining(", "))
          + ")";
    }
    if (e instanceof Expression.Parenthesized p) {
      return "(" + nested(p.inner()) + ")";
    }
    if (e instanceof Expression.Unary u) {
      // Kusto takes no prefix operator directly on another: "-(-x)".
      return u.operator().text() + operand(u.operand(), PRIMARY);
    }
    if (e instanceof Expression.Binary b) {
      return binary(b);
    }
    if (e instanceof Expression.In in) {
      return operand(in.left(), EQUALITY - 1)
          + " "
          + in.operator().text()
          + " "
          + valueList(in.values());
    }
    if (e instanceof Expression.HasAny h) {
      return operand(h.left(), EQUALITY - 1) + " " + h.operatorText() + " " + valueList(h.values());
    }
    if (e instanceof Expression.Between b) {
      return operand(b.left(), EQUALITY - 1)
          + (b.negated() ? " !between (" : " between (")
          + expr(b.low())
          + " .. "
          + expr(b.high())
          + ")";
    }
    if (e instanceof Expression.DataTable d) {
      return dataTable(d);
    }
    if (e instanceof Expression.Pipe
        || e instanceof Expression.OperatorSource
        || e instanceof Expression.FunctionDefinition) {
      return "(" + nested(e) + ")";
    }
    throw new IllegalArgumentException("unknown expression " + e.getClass().getName());
  }

  private static String binary(Expression.Binary b) {
    BinaryOperator op = b.operator();
    int level = op.precedence();
    // Left-associative operators take a same-level left operand bare; the others take none.
    String left = operand(b.left(), op.isLeftAssociative() ? level : level - 1);
    String right = operand(b.right(), level - 1);
    return left + " " + op.text() + " " + right;
  }

  private static String valueList(List<Expression> values) {
    return "(" + values.stream().map(KqlRenderer::nested).collect(Collectors.joining(", ")) + ")";
  }

  private static String dataTable(Expression.DataTable d) {
    StringBuilder out = new StringBuilder("datatable(");
    out.append(d.columns().stream().map(KqlRenderer::column).collect(Collectors.joining(", ")));
    out.append(")[");
    int width = Math.max(1, d.columns().size());
    List<Expression> values = d.values();
    for (int i = 0; i < values.size(); i++) {
      if (i % width == 0) {
        out.append("\n").append(INDENT);
      } else {
        out.append(' ');
      }
      out.append(expr(values.get(i)));
      if (i < values.size() - 1) {
        out.append(',');
      }
    }
    if (!values.isEmpty()) {
      out.append('\n');
    }
    return out.append(']').toString();
  }

  private static String functionDefinition(Expression.FunctionDefinition f) {
    String params =
        f.parameters().stream()
            .map(KqlRenderer::functionParameter)
            .collect(Collectors.joining(", "));
    String body = statements(f.body()).replace("\n", "\n" + INDENT);
    return (f.view() ? "view " : "") + "(" + params + ") {\n" + INDENT + body + "\n}";
  }

  private static String functionParameter(FunctionParameter p) {
    if (p.isTabular()) {
      String columns =
          p.tabularColumns().isEmpty()
              ? "*"
              : p.tabularColumns().stream()
                  .map(KqlRenderer::column)
                  .collect(Collectors.joining(", "));
      return name(p.name()) + ":(" + columns + ")";
    }
    return name(p.name())
        + ":"
        + p.type().kqlName()
        + (p.defaultValue() == null ? "" : " = " + expr(p.defaultValue()));
  }

  private static String column(ColumnDeclaration c) {
    return name(c.name()) + ":" + c.type().kqlName();
  }

  // ---------------------------------------------------------------- operators

  private static String operator(QueryOperator op) {
    if (op instanceof QueryOperator.Where w) {
      return w.keyword() + " " + expr(w.predicate());
    }
    if (op instanceof QueryOperator.Project p) {
      return "project " + namedList(p.columns());
    }
    if (op instanceof QueryOperator.ProjectAway p) {
      return ("project-away " + exprList(p.columns())).stripTrailing();
    }
    if (op instanceof QueryOperator.ProjectKeep p) {
      return ("project-keep " + exprList(p.columns())).stripTrailing();
    }
    if (op instanceof QueryOperator.ProjectRename p) {
      return "project-rename " + namedList(p.renames());
    }
    if (op instanceof QueryOperator.ProjectReorder p) {
      return "project-reorder "
          + p.columns().stream().map(KqlRenderer::sortKey).collect(Collectors.joining(", "));
    }
    if (op instanceof QueryOperator.Extend x) {
      return "extend " + namedList(x.columns());
    }
    if (op instanceof QueryOperator.Summarize s) {
      StringBuilder out = new StringBuilder("summarize");
      out.append(parameters(s.parameters()));
      if (!s.aggregates().isEmpty()) {
        out.append(' ').append(namedList(s.aggregates()));
      }
      if (!s.by().isEmpty()) {
        out.append(" by ").append(namedList(s.by()));
      }
      return out.toString();
    }
    if (op instanceof QueryOperator.Distinct d) {
      return "distinct " + exprList(d.columns());
    }
    if (op instanceof QueryOperator.Sort s) {
      return s.keyword()
          + " by "
          + s.keys().stream().map(KqlRenderer::sortKey).collect(Collectors.joining(", "));
    }
    if (op instanceof QueryOperator.Top t) {
      return "top " + expr(t.count()) + " by " + sortKey(t.by());
    }
    if (op instanceof QueryOperator.Take t) {
      return t.keyword() + " " + expr(t.count());
    }
    if (op instanceof QueryOperator.Count) {
      return "count";
    }
    if (op instanceof QueryOperator.Join j) {
      return "join"
          + parameters(j.parameters())
          + " "
          + rightSide(j.right())
          + " on "
          + exprList(j.on());
    }
    if (op instanceof QueryOperator.Lookup l) {
      return "lookup"
          + parameters(l.parameters())
          + " "
          + rightSide(l.right())
          + " on "
          + exprList(l.on());
    }
    if (op instanceof QueryOperator.Union u) {
      List<String> legs = new ArrayList<>();
      for (Expression leg : u.legs()) {
        legs.add(
            leg instanceof Expression.NameReference || leg instanceof Expression.NamePattern
                ? scalar(leg)
                : "(" + nested(leg) + ")");
      }
      return "union" + parameters(u.parameters()) + " " + String.join(", ", legs);
    }
    if (op instanceof QueryOperator.MvExpand m) {
      return "mv-expand"
          + parameters(m.parameters())
          + " "
          + m.items().stream().map(KqlRenderer::mvExpandItem).collect(Collectors.joining(", "))
          + (m.limit() == null ? "" : " limit " + expr(m.limit()));
    }
    if (op instanceof QueryOperator.Parse p) {
      return (p.where() ? "parse-where" : "parse")
          + parameters(p.parameters())
          + " "
          + expr(p.source())
          + (" with "
                  + p.pattern().stream()
                      .map(KqlRenderer::patternPart)
                      .collect(Collectors.joining(" ")))
              .stripTrailing();
    }
    if (op instanceof QueryOperator.As a) {
      return "as" + parameters(a.parameters()) + " " + name(a.name());
    }
    if (op instanceof QueryOperator.Print p) {
      return "print " + namedList(p.columns());
    }
    if (op instanceof QueryOperator.Range r) {
      return "range "
          + name(r.column())
          + " from "
          + expr(r.from())
          + " to "
          + expr(r.to())
          + " step "
          + expr(r.step());
    }
    throw new IllegalArgumentException("unknown operator " + op.getClass().getName());
  }

  private static String rightSide(Expression right) {
    return "(" + nested(right) + ")";
  }

  private static String parameters(List<OperatorParameter> parameters) {
    StringBuilder out = new StringBuilder();
    for (OperatorParameter p : parameters) {
      out.append(' ').append(parameter(p));
    }
    return out.toString();
  }

  private static String parameter(OperatorParameter p) {
    String value = p.value() instanceof Expression.NameReference n ? n.name() : expr(p.value());
    return p.name() + "=" + value;
  }

  private static String namedList(List<NamedExpression> list) {
    return list.stream().map(KqlRenderer::named).collect(Collectors.joining(", "));
  }

  private static String exprList(List<Expression> list) {
    return list.stream().map(KqlRenderer::expr).collect(Collectors.joining(", "));
  }

  private static String named(NamedExpression n) {
    String value = expr(n.expression());
    if (n.names().isEmpty()) {
      return value;
    }
    if (n.names().size() == 1) {
      return name(n.names().get(0)) + " = " + value;
    }
    return "("
        + n.names().stream().map(KqlRenderer::name).collect(Collectors.joining(", "))
        + ") = "
        + value;
  }

  private static String sortKey(SortKey k) {
    StringBuilder out = new StringBuilder(expr(k.expression()));
    if (k.direction() != null) {
      out.append(k.direction() == SortKey.Direction.ASC ? " asc" : " desc");
    }
    if (k.nulls() != null) {
      out.append(k.nulls() == SortKey.Nulls.FIRST ? " nulls first" : " nulls last");
    }
    return out.toString();
  }

  private static String mvExpandItem(MvExpandItem i) {
    return named(i.column())
        + (i.toType() == null ? "" : " to typeof(" + i.toType().kqlName() + ")");
  }

  private static String patternPart(ParsePatternPart p) {
    switch (p.kind()) {
      case LITERAL:
        return quote(p.text());
      case STAR:
        return "*";
      default:
        return name(p.text()) + (p.type() == null ? "" : ":" + p.type().kqlName());
    }
  }

  // ---------------------------------------------------------------- names and literals

  /**
   * A name as KQL must write it: bare when a plain identifier that is no keyword, else {@code
   * ['...']}.
   */
  public static String name(String name) {
    if (IDENTIFIER.matcher(name).matches()
        && name.indexOf('$', 1) < 0
        && SyntaxKind.keyword(name) == null
        && !name.equals("true")
        && !name.equals("false")) {
      return name;
    }
    return "[" + quote(name, '\'') + "]";
  }

  private static String member(String member) {
    return IDENTIFIER.matcher(member).matches() && member.indexOf('$') < 0
        ? member
        : "[" + quote(member, '\'') + "]";
  }

  /** A double-quoted KQL string literal for {@code value}, every special character escaped. */
  public static String quote(String value) {
    return quote(value, '"');
  }

  private static String quote(String value, char quote) {
    StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c == quote) {
            out.append('\\').append(c);
          } else if (isPrintable(value, i)) {
            out.append(c);
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return out.append(quote).toString();
  }

  private static boolean isPrintable(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20 || c >= 0x7f && c < 0xa0) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
    int type = Character.getType(c);
    return type != Character.CONTROL
            && type != Character.FORMAT
            && type != Character.UNASSIGNED
            && type != Character.PRIVATE_USE
            && type != Character.LINE_SEPARATOR
            && type != Character.PARAGRAPH_SEPARATOR
            && type != Character.SPACE_SEPARATOR
        || c == ' ';
  }

  private static String literal(Expression.Literal l) {
    Object v = l.value();
    switch (l.type()) {
      case STRING:
        return quote(v == null ? "" : v.toString());
      case BOOL:
        return v == null ? "bool(null)" : v.toString();
      case LONG:
        {
          if (v == null) {
            return "long(null)";
          }
          long n = ((Number) v).longValue();
          return n < 0 ? "long(" + n + ")" : Long.toString(n);
        }
      case INT:
        return "int(" + (v == null ? "null" : Integer.toString(((Number) v).intValue())) + ")";
      case REAL:
        {
          if (v == null) {
            return "real(null)";
          }
          double d = ((Number) v).doubleValue();
          if (Double.isNaN(d)) {
            return "real(nan)";
          }
          if (Double.isInfinite(d)) {
            return d > 0 ? "real(+inf)" : "real(-inf)";
          }
          String text = realText(d);
          return d < 0 || text.startsWith("-") ? "real(" + text + ")" : text;
        }
      case DECIMAL:
        return "decimal(" + (v == null ? "null" : ((BigDecimal) v).toPlainString()) + ")";
      case GUID:
        return "guid(" + (v == null ? "null" : ((UUID) v).toString()) + ")";
      case DATETIME:
        return "datetime(" + (v == null ? "null" : LiteralText.dateTimeText((Instant) v)) + ")";
      case TIMESPAN:
        return v == null ? "timespan(null)" : timespan((Duration) v);
      case DYNAMIC:
        return "dynamic(" + json(v == null ? null : (JsonNode) v) + ")";
      default:
        throw new IllegalArgumentException("unknown literal type " + l.type());
    }
  }

  private static String realText(double d) {
    return Double.toString(d).replace('E', 'e');
  }

  /** The shortest exact literal for a timespan: {@code 5d}, {@code 90m}, {@code 1500ms}. */
  private static String timespan(Duration d) {
    if (d.isNegative()) {
      return "time(" + LiteralText.timespanClockText(d) + ")";
    }
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      return "time(" + LiteralText.timespanClockText(d) + ")";
    }
    if (nanos == 0) {
      return "0s";
    }
    for (Map.Entry<String, Long> unit : UNITS) {
      if (nanos % unit.getValue() == 0) {
        long count = nanos / unit.getValue();
        if (count >= READABLE_COUNT && nanos % NANOS_PER_TICK == 0) {
          // 93784500ms reads better as time(1.02:03:04.5000000).
          return "time(" + LiteralText.timespanClockText(d) + ")";
        }
        String suffix = unit.getKey();
        return count + (count == 1 && suffix.equals("ticks") ? "tick" : suffix);
      }
    }
    throw new IllegalStateException("unreachable: every duration is a whole number of nanos");
  }

  private static String json(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(json(item)));
      return "[" + String.join(", ", items) + "]";
    }
    if (node.isObject()) {
      List<String> fields = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.add(quote(field.getKey()) + ": " + json(field.getValue()));
      }
      return "{" + String.join(", ", fields) + "}";
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isBigDecimal()) {
      return "decimal(" + node.decimalValue().toPlainString() + ")";
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      if (Double.isNaN(d)) {
        return "real(nan)";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "real(+inf)" : "real(-inf)";
      }
      return realText(d);
    }
    return quote(node.asText());
  }
}
