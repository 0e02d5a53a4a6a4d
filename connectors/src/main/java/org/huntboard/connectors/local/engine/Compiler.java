package org.huntboard.connectors.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.FunctionParameter;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;

/**
 * Compiles scalar expressions of the syntax tree into {@link Expr}s bound to one relation's
 * columns, resolving names (parameters, columns, let-bound values) and typing every node. Constant
 * subexpressions are computed once here, so {@code ago(1d)} costs nothing per row.
 */
final class Compiler {

  final Evaluator evaluator;
  final QueryContext ctx;
  final Env env;
  final Relation relation;

  Compiler(Evaluator evaluator, Env env, Relation relation) {
    this.evaluator = evaluator;
    this.ctx = evaluator.ctx;
    this.env = env;
    this.relation = relation;
  }

  Compiler withEnv(Env e) {
    return new Compiler(evaluator, e, relation);
  }

  Expr compile(Expression e) {
    if (e instanceof Expression.Literal l) {
      return new Expr.Const(l.type(), Values.fromLiteral(l.value()));
    }
    if (e instanceof Expression.Parenthesized p) {
      return compile(p.inner());
    }
    if (e instanceof Expression.NameReference n) {
      return name(n);
    }
    if (e instanceof Expression.Path p) {
      return path(p);
    }
    if (e instanceof Expression.Element el) {
      return element(el);
    }
    if (e instanceof Expression.Unary u) {
      return unary(u);
    }
    if (e instanceof Expression.Binary b) {
      return binary(b);
    }
    if (e instanceof Expression.In in) {
      return in(in);
    }
    if (e instanceof Expression.HasAny h) {
      return hasAny(h);
    }
    if (e instanceof Expression.Between b) {
      return between(b);
    }
    if (e instanceof Expression.FunctionCall f) {
      return call(f);
    }
    if (e instanceof Expression.Star s) {
      throw ctx.error("KQL-SYNTAX", "'*' is not a value here", s.span());
    }
    if (e instanceof Expression.NamePattern p) {
      throw ctx.error("KQL-SYNTAX", "a name pattern is not a value here", p.span());
    }
    throw ctx.error(
        "KQL-TYPE",
        "a tabular expression cannot be used as a scalar value; wrap it in toscalar()",
        e.span());
  }

  /** Folds a call whose arguments are all constant into a constant. */
  static Expr fold(Expr e) {
    if (e instanceof Expr.Call c) {
      for (Expr a : c.args) {
        if (!a.isConstant()) {
          return e;
        }
      }
      return new Expr.Const(e.type, e.eval(0));
    }
    return e;
  }

  private Expr name(Expression.NameReference n) {
    Env.Binding b = env.lookup(n.name());
    if (b instanceof Env.Inline inline) {
      return inline.expr();
    }
    if (relation != null) {
      int i = relation.indexOf(n.name());
      if (i >= 0) {
        return new Expr.ColumnRef(n.name(), i, relation.columns[i], relation.selections[i]);
      }
    }
    if (b instanceof Env.Scalar s) {
      return new Expr.Const(s.type(), s.value());
    }
    if (b instanceof Env.Tabular) {
      throw ctx.error(
          "KQL-TYPE",
          "'" + n.name() + "' is tabular and cannot be used as a scalar value; use toscalar()",
          n.span());
    }
    if (b instanceof Env.Function) {
      throw ctx.error("KQL-TYPE", "'" + n.name() + "' is a function; call it with ( )", n.span());
    }
    throw unknownName(n.name(), n.span());
  }

  RuntimeException unknownName(String name, Span span) {
    return ctx.error(
        "KQL-UNKNOWN-NAME",
        "The name '" + name + "' does not refer to any known column, table, variable or function.",
        span);
  }

  private Expr path(Expression.Path p) {
    if (p.target() instanceof Expression.NameReference n
        && (n.name().equals("$left") || n.name().equals("$right"))) {
      throw ctx.error(
          "KQL-SYNTAX", n.name() + " can only be used in the 'on' clause of a join", p.span());
    }
    Expr target = compile(p.target());
    requireDynamic(target, p.span());
    String member = p.member();
    return fold(
        new Expr.Call(
            "." + member,
            ScalarType.DYNAMIC,
            new Expr[] {target},
            (a, pos) -> member(a[0].eval(pos), member)));
  }

  private void requireDynamic(Expr target, Span span) {
    if (target.type != ScalarType.DYNAMIC) {
      throw ctx.error(
          "KQL-TYPE",
          "member access needs a dynamic value, not " + target.type + "; use parse_json() first",
          span);
    }
  }

  static Object member(Object target, String member) {
    if (target instanceof JsonNode n && n.isObject()) {
      JsonNode v = n.get(member);
      return v == null || v.isNull() ? null : v;
    }
    return null;
  }

  private Expr element(Expression.Element el) {
    Expr target = compile(el.target());
    requireDynamic(target, el.span());
    Expr index = compile(el.index());
    return fold(
        new Expr.Call(
            "[]",
            ScalarType.DYNAMIC,
            new Expr[] {target, index},
            (a, pos) -> elementOf(a[0].eval(pos), Values.unwrap(a[1].eval(pos)))));
  }

  static Object elementOf(Object target, Object index) {
    if (!(target instanceof JsonNode n) || index == null) {
      return null;
    }
    JsonNode v = null;
    if (index instanceof String key) {
      v = n.isObject() ? n.get(key) : null;
    } else if (index instanceof Long i && n.isArray()) {
      long k = i < 0 ? n.size() + i : i;
      v = k >= 0 && k < n.size() ? n.get((int) k) : null;
    }
    return v == null || v.isNull() ? null : v;
  }

  private Expr unary(Expression.Unary u) {
    Expr x = compile(u.operand());
    if (u.operator() == Expression.Unary.UnaryOperator.PLUS) {
      return x;
    }
    ScalarType t = x.type == ScalarType.INT ? ScalarType.LONG : x.type;
    if (!(t == ScalarType.LONG
        || t == ScalarType.REAL
        || t == ScalarType.TIMESPAN
        || t == ScalarType.DYNAMIC)) {
      throw ctx.error("KQL-TYPE", "unary '-' cannot be applied to " + x.type, u.span());
    }
    return fold(
        new Expr.Call(
            "-",
            t,
            new Expr[] {x},
            (a, pos) -> {
              Object v = Values.unwrap(a[0].eval(pos));
              if (v instanceof Long l) {
                return -l;
              }
              if (v instanceof Double d) {
                return -d;
              }
              return null;
            }));
  }

  // ---- binary operators ------------------------------------------------------------------

  private Expr binary(Expression.Binary b) {
    BinaryOperator op = b.operator();
    if (op == BinaryOperator.AND || op == BinaryOperator.OR) {
      Expr l = compile(b.left());
      Expr r = compile(b.right());
      boolean and = op == BinaryOperator.AND;
      // Kusto treats a null operand as false in and/or (logical-operators.md).
      return fold(
          new Expr.Call(
              op.text(),
              ScalarType.BOOL,
              new Expr[] {l, r},
              and
                  ? (a, pos) ->
                      Boolean.TRUE.equals(a[0].eval(pos)) && Boolean.TRUE.equals(a[1].eval(pos))
                  : (a, pos) ->
                      Boolean.TRUE.equals(a[0].eval(pos)) || Boolean.TRUE.equals(a[1].eval(pos))));
    }
    if (op.precedence() == 3) {
      return stringOperator(b);
    }
    Expr l = compile(b.left());
    Expr r = compile(b.right());
    return switch (op) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> Arithmetic.compile(this, op, l, r, b.span());
      case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> compare(op, l, r);
      case EQUAL -> equality(l, r, false);
      case NOT_EQUAL, LESS_GREATER -> equality(l, r, true);
      default ->
          throw ctx.error(
              "KQL-UNSUPPORTED", "operator " + op.text() + " is not supported", b.span());
    };
  }

  private Expr compare(BinaryOperator op, Expr l, Expr r) {
    return fold(
        new Expr.Call(
            op.text(),
            ScalarType.BOOL,
            new Expr[] {l, r},
            (a, pos) -> {
              Object x = a[0].eval(pos);
              Object y = a[1].eval(pos);
              if (x == null || y == null) {
                return null;
              }
              int c = Values.compare(x, y);
              if (c == Integer.MIN_VALUE) {
                return null;
              }
              return switch (op) {
                case LESS -> c < 0;
                case LESS_OR_EQUAL -> c <= 0;
                case GREATER -> c > 0;
                default -> c >= 0;
              };
            }));
  }

  private Expr equality(Expr l, Expr r, boolean negated) {
    return fold(
        new Expr.Call(
            negated ? "!=" : "==",
            ScalarType.BOOL,
            new Expr[] {l, r},
            (a, pos) -> {
              Object x = a[0].eval(pos);
              Object y = a[1].eval(pos);
              // null-values.md: null vs null is null; null vs a value is false for ==, true for !=.
              if (x == null && y == null) {
                return null;
              }
              if (x == null || y == null) {
                return negated;
              }
              return Values.equal(x, y) != negated;
            }));
  }

  private Expr stringOperator(Expression.Binary b) {
    BinaryOperator op = b.operator();
    Expr l = compile(b.left());
    Expr r = compile(b.right());
    if (op == BinaryOperator.MATCHES_REGEX) {
      return regex(l, r, b.span());
    }
    StringOps.Op sop;
    boolean cs;
    boolean negated;
    switch (op) {
      case EQUAL_TILDE -> {
        sop = StringOps.Op.EQUALS_CI;
        cs = false;
        negated = false;
      }
      case BANG_TILDE -> {
        sop = StringOps.Op.EQUALS_CI;
        cs = false;
        negated = true;
      }
      default -> {
        String text = op.text();
        negated = text.startsWith("!");
        String base = negated ? text.substring(1) : text;
        cs = base.endsWith("_cs");
        if (cs) {
          base = base.substring(0, base.length() - 3);
        }
        sop =
            switch (base) {
              case "has" -> StringOps.Op.HAS;
              case "hasprefix" -> StringOps.Op.HASPREFIX;
              case "hassuffix" -> StringOps.Op.HASSUFFIX;
              case "contains" -> StringOps.Op.CONTAINS;
              case "startswith" -> StringOps.Op.STARTSWITH;
              case "endswith" -> StringOps.Op.ENDSWITH;
              default ->
                  throw ctx.error(
                      "KQL-UNSUPPORTED", "operator " + text + " is not supported", b.span());
            };
      }
    }
    return stringPredicate(op.text(), sop, cs, negated, l, r);
  }

  Expr stringPredicate(String name, StringOps.Op sop, boolean cs, boolean negated, Expr l, Expr r) {
    ScalarType lt = l.type;
    ScalarType rt = r.type;
    if (r.isConstant()) {
      String needle = StringOps.prepare(Values.toKqlString(r.eval(0), rt), cs);
      return fold(
          new Expr.Call(
              name,
              ScalarType.BOOL,
              new Expr[] {l},
              (a, pos) -> {
                Object v = a[0].eval(pos);
                String s = v instanceof String str ? str : Values.toKqlString(v, lt);
                return StringOps.apply(sop, s, needle, cs) != negated;
              }));
    }
    return fold(
        new Expr.Call(
            name,
            ScalarType.BOOL,
            new Expr[] {l, r},
            (a, pos) -> {
              Object v = a[0].eval(pos);
              String s = v instanceof String str ? str : Values.toKqlString(v, lt);
              String needle = StringOps.prepare(Values.toKqlString(a[1].eval(pos), rt), cs);
              return StringOps.apply(sop, s, needle, cs) != negated;
            }));
  }

  private Expr regex(Expr l, Expr r, Span span) {
    ScalarType lt = l.type;
    if (r.isConstant()) {
      Pattern p = compilePattern(Values.toKqlString(r.eval(0), r.type), span);
      return fold(
          new Expr.Call(
              "matches regex",
              ScalarType.BOOL,
              new Expr[] {l},
              (a, pos) -> {
                Object v = a[0].eval(pos);
                return p.matcher(v instanceof String s ? s : Values.toKqlString(v, lt)).find();
              }));
    }
    return fold(
        new Expr.Call(
            "matches regex",
            ScalarType.BOOL,
            new Expr[] {l, r},
            (a, pos) -> {
              Object v = a[0].eval(pos);
              Pattern p = compilePattern(Values.toKqlString(a[1].eval(pos), r.type), span);
              return p.matcher(v instanceof String s ? s : Values.toKqlString(v, lt)).find();
            }));
  }

  Pattern compilePattern(String regex, Span span) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw ctx.error(
          "KQL-REGEX", "invalid regular expression '" + regex + "': " + e.getDescription(), span);
    }
  }

  // ---- list operators --------------------------------------------------------------------

  /** The values of an {@code in}/{@code has_any} list: scalars, flattened arrays, or a subquery. */
  List<Object> listValues(List<Expression> values, boolean[] allConstant, List<Expr> perRow) {
    List<Object> out = new ArrayList<>();
    allConstant[0] = true;
    if (values.size() == 1 && evaluator.isTabular(values.get(0), env)) {
      Relation sub = evaluator.evalTabular(values.get(0), env);
      if (sub.width() == 0) {
        return out;
      }
      for (int i = 0; i < sub.count; i++) {
        int row = sub.row(0, i);
        Object v = row < 0 ? null : Values.read(sub.columns[0], row);
        addFlattened(out, v);
      }
      return out;
    }
    for (Expression v : values) {
      Expr e = compile(v);
      if (e.isConstant()) {
        addFlattened(out, e.eval(0));
      } else {
        allConstant[0] = false;
        perRow.add(e);
      }
    }
    return out;
  }

  private static void addFlattened(List<Object> out, Object v) {
    if (v instanceof JsonNode n && n.isArray()) {
      for (JsonNode x : n) {
        out.add(Values.unwrap(x));
      }
    } else {
      out.add(Values.unwrap(v));
    }
  }

  private Expr in(Expression.In in) {
    Expr l = compile(in.left());
    boolean cs = in.operator().caseSensitive();
    boolean negated = in.operator().negated();
    boolean[] allConstant = new boolean[1];
    List<Expr> perRow = new ArrayList<>();
    List<Object> constants = listValues(in.values(), allConstant, perRow);
    Set<Object> set = new HashSet<>();
    for (Object v : constants) {
      if (v != null) {
        set.add(inKey(v, cs));
      }
    }
    ScalarType lt = l.type;
    Expr[] args = new Expr[1 + perRow.size()];
    args[0] = l;
    for (int i = 0; i < perRow.size(); i++) {
      args[i + 1] = perRow.get(i);
    }
    return fold(
        new Expr.Call(
            in.operator().text(),
            ScalarType.BOOL,
            args,
            (a, pos) -> {
              Object v = a[0].eval(pos);
              if (v == null) {
                // in is an OR of ==, !in an AND of !=; a null never equals a value.
                return negated;
              }
              boolean found = set.contains(inKey(v, cs));
              for (int i = 1; i < a.length && !found; i++) {
                Object w = Values.unwrap(a[i].eval(pos));
                if (w != null) {
                  found = inKey(v, cs).equals(inKey(w, cs));
                }
              }
              return found != negated;
            }));
  }

  private static Object inKey(Object v, boolean cs) {
    Object k = Values.key(v);
    if (!cs && k instanceof String s) {
      return StringOps.foldAscii(s);
    }
    if (k instanceof JsonNode n) {
      return n.toString();
    }
    return k;
  }

  private Expr hasAny(Expression.HasAny h) {
    Expr l = compile(h.left());
    boolean[] allConstant = new boolean[1];
    List<Expr> perRow = new ArrayList<>();
    List<Object> constants = listValues(h.values(), allConstant, perRow);
    if (!allConstant[0]) {
      throw ctx.error(
          "KQL-TYPE", h.operatorText() + " needs constant values or a subquery", h.span());
    }
    String[] needles = new String[constants.size()];
    for (int i = 0; i < needles.length; i++) {
      needles[i] = StringOps.foldAscii(Values.toKqlString(constants.get(i), ScalarType.DYNAMIC));
    }
    boolean all = h.all();
    ScalarType lt = l.type;
    TermMatcher matcher = new TermMatcher(needles, false);
    return fold(
        new Expr.Call(
            h.operatorText(),
            ScalarType.BOOL,
            new Expr[] {l},
            (a, pos) -> {
              Object v = a[0].eval(pos);
              String s = v instanceof String str ? str : Values.toKqlString(v, lt);
              return matcher.matches(s, all);
            }));
  }

  static boolean hasAnyOf(String s, String[] needles, boolean all) {
    if (all) {
      for (String n : needles) {
        if (!StringOps.termSearch(s, n, false, true, true)) {
          return false;
        }
      }
      return true;
    }
    for (String n : needles) {
      if (StringOps.termSearch(s, n, false, true, true)) {
        return true;
      }
    }
    return false;
  }

  private Expr between(Expression.Between b) {
    Expr l = compile(b.left());
    Expr lo = compile(b.low());
    Expr hi = compile(b.high());
    boolean spanHigh = l.type == ScalarType.DATETIME && hi.type == ScalarType.TIMESPAN;
    boolean negated = b.negated();
    return fold(
        new Expr.Call(
            negated ? "!between" : "between",
            ScalarType.BOOL,
            new Expr[] {l, lo, hi},
            (a, pos) -> {
              Object v = a[0].eval(pos);
              Object x = a[1].eval(pos);
              Object y = a[2].eval(pos);
              if (v == null || x == null || y == null) {
                return null;
              }
              if (spanHigh) {
                y = (Long) x + (Long) y;
              }
              int c1 = Values.compare(v, x);
              int c2 = Values.compare(v, y);
              if (c1 == Integer.MIN_VALUE || c2 == Integer.MIN_VALUE) {
                return null;
              }
              return (c1 >= 0 && c2 <= 0) != negated;
            }));
  }

  /** The bounds of {@code between} on a datetime column with a timespan as its high end. */
  static long[] betweenBounds(Expr l, Expr lo, Expr hi) {
    long low = (Long) lo.eval(0);
    long high = (Long) hi.eval(0);
    if (l.type == ScalarType.DATETIME && hi.type == ScalarType.TIMESPAN) {
      high = low + high;
    }
    return new long[] {low, high};
  }

  // ---- function calls --------------------------------------------------------------------

  private Expr call(Expression.FunctionCall f) {
    Env.Binding b = env.lookup(f.name());
    if (b instanceof Env.Function fn) {
      return userFunction(f, fn);
    }
    if (f.name().equals("toscalar")) {
      if (f.arguments().size() != 1) {
        throw ctx.error("KQL-ARGUMENTS", "toscalar() takes one argument", f.span());
      }
      Relation r = evaluator.evalTabular(f.arguments().get(0), env);
      if (r.width() == 0) {
        return new Expr.Const(ScalarType.DYNAMIC, null);
      }
      Column c = r.columns[0];
      Object v = r.count == 0 || r.row(0, 0) < 0 ? null : Values.read(c, r.row(0, 0));
      return new Expr.Const(c.type(), v);
    }
    if (Aggregates.isAggregate(f.name())) {
      throw ctx.error(
          "KQL-AGGREGATE",
          "the aggregate function " + f.name() + "() can only be used in summarize",
          f.span());
    }
    List<Expr> args = new ArrayList<>(f.arguments().size());
    for (Expression a : f.arguments()) {
      if (a instanceof Expression.FunctionCall t
          && t.name().equals("typeof")
          && t.arguments().size() == 1
          && t.arguments().get(0) instanceof Expression.NameReference type) {
        // typeof(long) names a type; the function that takes it reads the syntax.
        args.add(new Expr.Const(ScalarType.STRING, type.name()));
      } else {
        args.add(compile(a));
      }
    }
    Expr e = Builtins.compile(this, f, args);
    return Builtins.isDeterministic(f.name()) ? fold(e) : e;
  }

  private Expr userFunction(Expression.FunctionCall f, Env.Function fn) {
    Expression.FunctionDefinition def = fn.definition();
    Env fenv = bindArguments(f, def, fn.closure(), true);
    Compiler body = new Compiler(evaluator, fenv, relation);
    Expression result = null;
    for (Statement s : def.body()) {
      if (s instanceof Statement.LetStatement let) {
        evaluator.bindLet(let, fenv, body);
      } else if (s instanceof Statement.ExpressionStatement es) {
        result = es.expression();
      }
    }
    if (result == null) {
      throw ctx.error("KQL-SYNTAX", "function " + f.name() + " has no result", f.span());
    }
    return body.compile(result);
  }

  /** A scope for a call of a let-bound function with its arguments bound to its parameters. */
  Env bindArguments(
      Expression.FunctionCall f, Expression.FunctionDefinition def, Env closure, boolean inline) {
    List<FunctionParameter> params = def.parameters();
    if (f.arguments().size() > params.size()) {
      throw ctx.error(
          "KQL-ARGUMENTS",
          f.name() + " takes " + params.size() + " arguments, not " + f.arguments().size(),
          f.span());
    }
    Env fenv = new Env(closure);
    for (int i = 0; i < params.size(); i++) {
      FunctionParameter p = params.get(i);
      Expression arg = i < f.arguments().size() ? f.arguments().get(i) : p.defaultValue();
      if (arg == null) {
        throw ctx.error(
            "KQL-ARGUMENTS", f.name() + " needs a value for parameter " + p.name(), f.span());
      }
      if (p.isTabular()) {
        Relation r = evaluator.evalTabular(arg, env);
        fenv.bind(p.name(), Env.Tabular.of(r));
      } else {
        Expr e = compile(arg);
        if (e.isConstant()) {
          fenv.bind(p.name(), new Env.Scalar(e.eval(0), e.type));
        } else if (inline) {
          fenv.bind(p.name(), new Env.Inline(e));
        } else {
          throw ctx.error(
              "KQL-TYPE",
              "argument " + p.name() + " of " + f.name() + " must be constant",
              arg.span());
        }
      }
    }
    return fenv;
  }

  /** Whether a column of the relation is a dictionary-encoded string column. */
  boolean isStringColumn(int i) {
    return relation.columns[i] instanceof StringColumn;
  }

  static long ticksOf(Object v) {
    return v instanceof Long l ? l : Ticks.fromInstant((java.time.Instant) v);
  }
}
