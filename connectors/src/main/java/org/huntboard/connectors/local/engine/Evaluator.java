package org.huntboard.connectors.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.kql.syntax.ColumnDeclaration;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.MvExpandItem;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.ParsePatternPart;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Statement;

/** Evaluates tabular expressions and query operators of one query over relations. */
final class Evaluator {

  final QueryContext ctx;

  Evaluator(QueryContext ctx) {
    this.ctx = ctx;
  }

  // ---- let and names ----------------------------------------------------------------------

  /** Binds a let statement in {@code env}; scalar values compile with {@code compiler}. */
  void bindLet(Statement.LetStatement let, Env env, Compiler compiler) {
    Expression v = let.value();
    if (v instanceof Expression.FunctionDefinition def) {
      env.bind(let.name(), new Env.Function(def, env));
    } else if (isTabular(v, env)) {
      Env scope = env;
      env.bind(let.name(), new Env.Tabular(() -> evalTabular(v, scope)));
    } else {
      Expr e = compiler.withEnv(env).compile(v);
      if (e.isConstant()) {
        env.bind(let.name(), new Env.Scalar(e.eval(0), e.type));
      } else {
        env.bind(let.name(), new Env.Inline(e));
      }
    }
  }

  /** Whether an expression denotes a table rather than a scalar. */
  boolean isTabular(Expression e, Env env) {
    Expression x = Filters.strip(e);
    if (x instanceof Expression.Pipe
        || x instanceof Expression.DataTable
        || x instanceof Expression.OperatorSource) {
      return true;
    }
    if (x instanceof Expression.NameReference n) {
      Env.Binding b = env.lookup(n.name());
      if (b != null) {
        return b instanceof Env.Tabular || (b instanceof Env.Function f && f.definition().view());
      }
      return ctx.database.table(n.name()).isPresent();
    }
    if (x instanceof Expression.FunctionCall f) {
      if (f.name().equals("materialize") || f.name().equals("table") || f.name().equals("view")) {
        return true;
      }
      if (env.lookup(f.name()) instanceof Env.Function fn) {
        Env scope = new Env(fn.closure());
        for (var p : fn.definition().parameters()) {
          if (p.isTabular()) {
            scope.bind(p.name(), Env.Tabular.of(Relation.dense(List.of(), List.of(), 0)));
          } else {
            scope.bind(p.name(), new Env.Scalar(null, p.type()));
          }
        }
        for (Statement s : fn.definition().body()) {
          if (s instanceof Statement.LetStatement let) {
            if (let.value() instanceof Expression.FunctionDefinition def) {
              scope.bind(let.name(), new Env.Function(def, scope));
            } else if (isTabular(let.value(), scope)) {
              scope.bind(let.name(), Env.Tabular.of(Relation.dense(List.of(), List.of(), 0)));
            } else {
              scope.bind(let.name(), new Env.Scalar(null, ScalarType.DYNAMIC));
            }
          }
        }
        for (int i = fn.definition().body().size() - 1; i >= 0; i--) {
          if (fn.definition().body().get(i) instanceof Statement.ExpressionStatement es) {
            return isTabular(es.expression(), scope);
          }
        }
      }
    }
    return false;
  }

  Relation evalTabular(Expression e, Env env) {
    ctx.check();
    if (e instanceof Expression.Parenthesized p) {
      return evalTabular(p.inner(), env);
    }
    if (e instanceof Expression.Pipe p) {
      Relation in = evalTabular(p.source(), env);
      return apply(in, p.operator(), env);
    }
    if (e instanceof Expression.NameReference n) {
      Env.Binding b = env.lookup(n.name());
      if (b instanceof Env.Tabular t) {
        return t.get();
      }
      if (b instanceof Env.Function f && f.definition().view()) {
        return invoke(new Expression.FunctionCall(n.name(), List.of(), n.span()), f, env);
      }
      Table t = ctx.database.table(n.name()).orElse(null);
      if (t == null) {
        if (b != null) {
          throw ctx.error("KQL-TYPE", "'" + n.name() + "' is not tabular", n.span());
        }
        throw ctx.error(
            "KQL-UNKNOWN-TABLE",
            "The name '"
                + n.name()
                + "' does not refer to any known table, tabular variable or"
                + " function.",
            n.span());
      }
      ctx.rowsScanned += t.rowCount();
      return Relation.stored(t);
    }
    if (e instanceof Expression.DataTable d) {
      return dataTable(d, env);
    }
    if (e instanceof Expression.OperatorSource s) {
      QueryOperator op = s.operator();
      if (op instanceof QueryOperator.Union u) {
        return Unions.union(this, env, null, u);
      }
      if (op instanceof QueryOperator.Print p) {
        return print(p, env);
      }
      if (op instanceof QueryOperator.Range r) {
        return range(r, env);
      }
      throw ctx.error("KQL-SYNTAX", "this operator needs an input", s.span());
    }
    if (e instanceof Expression.FunctionCall f) {
      if (f.name().equals("materialize") && f.arguments().size() == 1) {
        return evalTabular(f.arguments().get(0), env);
      }
      if (f.name().equals("table") && f.arguments().size() == 1) {
        Expr name = new Compiler(this, env, null).compile(f.arguments().get(0));
        Object v = name.isConstant() ? name.eval(0) : null;
        return evalTabular(new Expression.NameReference(String.valueOf(v), f.span()), env);
      }
      Env.Binding b = env.lookup(f.name());
      if (b instanceof Env.Function fn) {
        return invoke(f, fn, env);
      }
      throw ctx.error(
          "KQL-UNKNOWN-FUNCTION",
          "'" + f.name() + "' is not a function that returns a table",
          f.span());
    }
    throw ctx.error("KQL-TYPE", "a tabular expression is expected here", e.span());
  }

  private Relation invoke(Expression.FunctionCall f, Env.Function fn, Env env) {
    Compiler caller = new Compiler(this, env, null);
    Env fenv = caller.bindArguments(f, fn.definition(), fn.closure(), false);
    Compiler body = new Compiler(this, fenv, null);
    Expression result = null;
    for (Statement s : fn.definition().body()) {
      if (s instanceof Statement.LetStatement let) {
        bindLet(let, fenv, body);
      } else if (s instanceof Statement.ExpressionStatement es) {
        result = es.expression();
      }
    }
    if (result == null) {
      throw ctx.error("KQL-SYNTAX", "function " + f.name() + " has no result", f.span());
    }
    return evalTabular(result, fenv);
  }

  // ---- operators -------------------------------------------------------------------------------

  Relation apply(Relation in, QueryOperator op, Env env) {
    ctx.check();
    if (op instanceof QueryOperator.Where w) {
      Selection s = Filters.select(this, env, in, w.predicate(), Selection.all(in.count));
      return s.count() == in.count ? in : in.select(s.toArray(), s.count(), ctx);
    }
    if (op instanceof QueryOperator.Project p) {
      return project(in, p, env);
    }
    if (op instanceof QueryOperator.Extend x) {
      return extend(in, x, env);
    }
    if (op instanceof QueryOperator.ProjectAway a) {
      return projectAway(in, a.columns(), false);
    }
    if (op instanceof QueryOperator.ProjectKeep k) {
      return projectAway(in, k.columns(), true);
    }
    if (op instanceof QueryOperator.ProjectRename r) {
      return rename(in, r);
    }
    if (op instanceof QueryOperator.ProjectReorder r) {
      return reorder(in, r);
    }
    if (op instanceof QueryOperator.Summarize s) {
      return Summarizer.summarize(this, env, in, s);
    }
    if (op instanceof QueryOperator.Distinct d) {
      return distinct(in, d, env);
    }
    if (op instanceof QueryOperator.Sort s) {
      return Sorter.sort(this, env, in, s.keys(), Integer.MAX_VALUE);
    }
    if (op instanceof QueryOperator.Top t) {
      int n = constantCount(t.count(), env);
      return Sorter.sort(this, env, in, List.of(t.by()), n);
    }
    if (op instanceof QueryOperator.Take t) {
      return in.head(constantCount(t.count(), env), ctx);
    }
    if (op instanceof QueryOperator.Count) {
      return Relation.dense(List.of("Count"), List.of(LongColumn.of(ScalarType.LONG, in.count)), 1);
    }
    if (op instanceof QueryOperator.Join j) {
      Relation right = evalTabular(j.right(), env);
      return Joins.join(this, env, in, right, j.parameters(), j.on(), false, j.span());
    }
    if (op instanceof QueryOperator.Lookup l) {
      Relation right = evalTabular(l.right(), env);
      return Joins.join(this, env, in, right, l.parameters(), l.on(), true, l.span());
    }
    if (op instanceof QueryOperator.Union u) {
      return Unions.union(this, env, in, u);
    }
    if (op instanceof QueryOperator.MvExpand m) {
      return mvExpand(in, m, env);
    }
    if (op instanceof QueryOperator.Parse p) {
      return parse(in, p, env);
    }
    if (op instanceof QueryOperator.As a) {
      env.bind(a.name(), Env.Tabular.of(in));
      return in;
    }
    throw ctx.error("KQL-SYNTAX", "this operator cannot follow '|'", op.span());
  }

  int constantCount(Expression e, Env env) {
    Expr x = new Compiler(this, env, null).compile(e);
    Long n = x.isConstant() ? Values.toLong(x.eval(0)) : null;
    if (n == null || n < 0) {
      throw ctx.error("KQL-ARGUMENTS", "a constant, non-negative row count is expected", e.span());
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /**
   * The name Kusto gives an unnamed expression: a column's own name, {@code a_b} for {@code a.b} or
   * {@code a["b"]}; null when it is a computation (which gets {@code Column1}...).
   */
  static String defaultName(Expression e) {
    Expression x = Filters.strip(e);
    if (x instanceof Expression.NameReference n) {
      return n.name();
    }
    if (x instanceof Expression.Path p) {
      String t = defaultName(p.target());
      return t == null ? null : t + "_" + p.member();
    }
    if (x instanceof Expression.Element el
        && el.index() instanceof Expression.Literal l
        && l.value() instanceof String key) {
      String t = defaultName(el.target());
      return t == null ? null : t + "_" + key;
    }
    return null;
  }

  /** The next free {@code ColumnN}. */
  static String nextColumnName(int[] counter, java.util.function.Predicate<String> taken) {
    String n;
    do {
      n = "Column" + (++counter[0]);
    } while (taken.test(n));
    return n;
  }

  private Relation project(Relation in, QueryOperator.Project p, Env env) {
    Relation.Builder out = new Relation.Builder();
    Compiler comp = new Compiler(this, env, in);
    int[] counter = {0};
    for (NamedExpression ne : p.columns()) {
      if (ne.names().size() > 1) {
        throw ctx.error("KQL-UNSUPPORTED", "project (a, b) = ... is not supported", ne.span());
      }
      Expr e = comp.compile(ne.expression());
      String name = ne.name().orElse(defaultName(ne.expression()));
      if (name == null) {
        name = nextColumnName(counter, n -> out.indexOf(n) >= 0 || in.indexOf(n) >= 0);
      }
      if (out.indexOf(name) >= 0) {
        throw ctx.error(
            "KQL-DUPLICATE-COLUMN", "column '" + name + "' is projected twice", ne.span());
      }
      addExpr(out, name, e, in.count);
    }
    return out.build(in.count);
  }

  private void addExpr(Relation.Builder out, String name, Expr e, int count) {
    if (e instanceof Expr.ColumnRef ref) {
      out.add(name, ref.column, ref.selection);
    } else if (e.isConstant()) {
      out.add(name, constantColumn(e, count), null);
    } else {
      out.add(name, Expr.materialize(e, count, ctx), null);
    }
  }

  private Column constantColumn(Expr e, int count) {
    ctx.reserve(8L * count);
    ColumnBuilder b = ColumnBuilder.forType(e.type, count);
    Object v = e.eval(0);
    for (int i = 0; i < count; i++) {
      Values.append(b, v);
    }
    return b.build();
  }

  private Relation extend(Relation in, QueryOperator.Extend x, Env env) {
    Relation current = in;
    int[] counter = {0};
    for (NamedExpression ne : x.columns()) {
      if (ne.names().size() > 1) {
        throw ctx.error("KQL-UNSUPPORTED", "extend (a, b) = ... is not supported", ne.span());
      }
      Compiler comp = new Compiler(this, env, current);
      Expr e = comp.compile(ne.expression());
      Relation cur = current;
      String name = ne.name().orElse(defaultName(ne.expression()));
      if (name == null) {
        name = nextColumnName(counter, n -> cur.indexOf(n) >= 0);
      }
      Relation.Builder out = new Relation.Builder();
      for (int c = 0; c < current.width(); c++) {
        if (!current.names.get(c).equals(name)) {
          out.addFrom(current, c, current.names.get(c));
        }
      }
      // A redefined column is removed and appended, as the extend documentation says.
      addExpr(out, name, e, current.count);
      current = out.build(current.count);
    }
    return current;
  }

  static boolean matches(String pattern, String name) {
    if (!pattern.contains("*")) {
      return pattern.equals(name);
    }
    String[] parts = pattern.split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(parts[i]));
    }
    return name.matches(re.toString());
  }

  private static String patternOf(Expression e) {
    if (e instanceof Expression.NameReference n) {
      return n.name();
    }
    if (e instanceof Expression.NamePattern p) {
      return p.pattern();
    }
    if (e instanceof Expression.Star) {
      return "*";
    }
    return null;
  }

  private Relation projectAway(Relation in, List<Expression> columns, boolean keep) {
    boolean[] hit = new boolean[in.width()];
    for (Expression e : columns) {
      String pattern = patternOf(e);
      if (pattern == null) {
        throw ctx.error("KQL-SYNTAX", "a column name or pattern is expected", e.span());
      }
      boolean any = false;
      for (int c = 0; c < in.width(); c++) {
        if (matches(pattern, in.names.get(c))) {
          hit[c] = true;
          any = true;
        }
      }
      if (!any && !pattern.contains("*")) {
        throw unknownColumn(pattern, e);
      }
    }
    Relation.Builder out = new Relation.Builder();
    for (int c = 0; c < in.width(); c++) {
      if (hit[c] == keep) {
        out.addFrom(in, c, in.names.get(c));
      }
    }
    return out.build(in.count);
  }

  private RuntimeException unknownColumn(String name, Expression e) {
    return ctx.error(
        "KQL-UNKNOWN-NAME",
        "The name '" + name + "' does not refer to any known column, table, variable or function.",
        e.span());
  }

  private Relation rename(Relation in, QueryOperator.ProjectRename r) {
    List<String> names = new ArrayList<>(in.names);
    for (NamedExpression ne : r.renames()) {
      String old = defaultName(ne.expression());
      int c = old == null ? -1 : in.indexOf(old);
      if (c < 0) {
        throw unknownColumn(String.valueOf(old), ne.expression());
      }
      names.set(c, ne.name().orElseThrow());
    }
    int[] idx = new int[in.width()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    if (new java.util.HashSet<>(names).size() != names.size()) {
      throw ctx.error(
          "KQL-DUPLICATE-COLUMN", "project-rename gives two columns one name", r.span());
    }
    return in.project(idx, names);
  }

  private Relation reorder(Relation in, QueryOperator.ProjectReorder r) {
    List<Integer> order = new ArrayList<>();
    boolean[] used = new boolean[in.width()];
    for (SortKey k : r.columns()) {
      String pattern = patternOf(k.expression());
      List<Integer> hits = new ArrayList<>();
      for (int c = 0; c < in.width(); c++) {
        if (!used[c] && pattern != null && matches(pattern, in.names.get(c))) {
          hits.add(c);
        }
      }
      if (k.direction() != null) {
        Comparator<Integer> byName = Comparator.comparing(in.names::get);
        hits.sort(k.direction() == SortKey.Direction.ASC ? byName : byName.reversed());
      }
      for (int c : hits) {
        used[c] = true;
        order.add(c);
      }
    }
    for (int c = 0; c < in.width(); c++) {
      if (!used[c]) {
        order.add(c);
      }
    }
    int[] idx = order.stream().mapToInt(Integer::intValue).toArray();
    List<String> names = new ArrayList<>();
    for (int c : idx) {
      names.add(in.names.get(c));
    }
    return in.project(idx, names);
  }

  private Relation distinct(Relation in, QueryOperator.Distinct d, Env env) {
    List<Expression> cols = d.columns();
    Relation source = in;
    if (cols.size() == 1 && cols.get(0) instanceof Expression.Star) {
      List<Expression> all = new ArrayList<>();
      for (String n : in.names) {
        all.add(new Expression.NameReference(n, d.span()));
      }
      cols = all;
    }
    List<NamedExpression> keys = new ArrayList<>();
    for (Expression e : cols) {
      keys.add(NamedExpression.of(e));
    }
    return Summarizer.group(this, env, source, keys, List.of());
  }

  // ---- sources -------------------------------------------------------------------------------

  private Relation dataTable(Expression.DataTable d, Env env) {
    List<ColumnDeclaration> cols = d.columns();
    if (cols.isEmpty() || d.values().size() % cols.size() != 0) {
      throw ctx.error(
          "KQL-ARGUMENTS",
          "datatable has " + d.values().size() + " values for " + cols.size() + " columns",
          d.span());
    }
    int rows = d.values().size() / cols.size();
    List<ColumnBuilder> builders = new ArrayList<>();
    for (ColumnDeclaration c : cols) {
      builders.add(ColumnBuilder.forType(c.type(), rows));
    }
    Compiler comp = new Compiler(this, env, null);
    for (int i = 0; i < d.values().size(); i++) {
      ColumnDeclaration c = cols.get(i % cols.size());
      Expression ve = d.values().get(i);
      Expr v = comp.compile(ve);
      if (!v.isConstant()) {
        throw ctx.error("KQL-ARGUMENTS", "datatable values must be constants", ve.span());
      }
      Object value = v.eval(0);
      ScalarType want = Values.normalize(c.type());
      if (value != null
          && v.type != want
          && !(want == ScalarType.DYNAMIC)
          && !(v.type.isNumeric() && want.isNumeric())) {
        throw ctx.error(
            "KQL-TYPE",
            "value of type " + v.type + " in datatable column " + c.name() + " of type " + c.type(),
            ve.span());
      }
      Values.append(
          builders.get(i % cols.size()),
          want == ScalarType.DYNAMIC ? Values.toJson(value, v.type) : value);
    }
    List<String> names = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      names.add(cols.get(i).name());
      columns.add(builders.get(i).build());
    }
    return Relation.dense(names, columns, rows);
  }

  private Relation print(QueryOperator.Print p, Env env) {
    Relation.Builder out = new Relation.Builder();
    Compiler comp = new Compiler(this, env, null);
    for (int i = 0; i < p.columns().size(); i++) {
      NamedExpression ne = p.columns().get(i);
      Expr e = comp.compile(ne.expression());
      String name = ne.name().orElse("print_" + i);
      ColumnBuilder b = ColumnBuilder.forType(e.type, 1);
      Values.append(b, e.eval(0));
      out.add(name, b.build(), null);
    }
    return out.build(1);
  }

  private Relation range(QueryOperator.Range r, Env env) {
    Compiler comp = new Compiler(this, env, null);
    Expr from = comp.compile(r.from());
    Expr to = comp.compile(r.to());
    Expr step = comp.compile(r.step());
    if (!from.isConstant() || !to.isConstant() || !step.isConstant()) {
      throw ctx.error("KQL-ARGUMENTS", "range needs constant bounds and step", r.span());
    }
    ScalarType t = from.type == ScalarType.INT ? ScalarType.LONG : from.type;
    ColumnBuilder b = ColumnBuilder.forType(t, 16);
    Object f = from.eval(0);
    Object e = to.eval(0);
    Object s = step.eval(0);
    if (f == null || e == null || s == null) {
      return Relation.dense(List.of(r.column()), List.of(b.build()), 0);
    }
    if (t == ScalarType.REAL) {
      double x = ((Number) f).doubleValue();
      double end = ((Number) e).doubleValue();
      double st = ((Number) s).doubleValue();
      if (st == 0) {
        throw ctx.error("KQL-ARGUMENTS", "range step cannot be 0", r.span());
      }
      for (; st > 0 ? x <= end : x >= end; x += st) {
        guardRange(b.size(), r);
        Values.append(b, x);
      }
    } else {
      long x = (Long) f;
      long end = (Long) e;
      long st = ((Number) s).longValue();
      if (st == 0) {
        throw ctx.error("KQL-ARGUMENTS", "range step cannot be 0", r.span());
      }
      for (; st > 0 ? x <= end : x >= end; x += st) {
        guardRange(b.size(), r);
        Values.append(b, x);
      }
    }
    Column c = b.build();
    return Relation.dense(List.of(r.column()), List.of(c), c.size());
  }

  private void guardRange(int size, QueryOperator.Range r) {
    if ((size & 0xFFFF) == 0) {
      ctx.check();
      ctx.reserve(8L * 0x10000);
    }
  }

  // ---- mv-expand, parse ------------------------------------------------------------------------

  private Relation mvExpand(Relation in, QueryOperator.MvExpand m, Env env) {
    boolean bagAsArray = false;
    String indexColumn = null;
    for (OperatorParameter p : m.parameters()) {
      switch (p.name()) {
        case "kind", "bagexpansion" -> bagAsArray = p.valueText().equals("array");
        case "with_itemindex" -> indexColumn = p.valueText();
        default -> {}
      }
    }
    long limit = m.limit() == null ? Integer.MAX_VALUE : constantCount(m.limit(), env);
    Compiler comp = new Compiler(this, env, in);
    int items = m.items().size();
    Expr[] exprs = new Expr[items];
    String[] names = new String[items];
    ScalarType[] types = new ScalarType[items];
    for (int i = 0; i < items; i++) {
      MvExpandItem item = m.items().get(i);
      exprs[i] = comp.compile(item.column().expression());
      String n = item.column().name().orElse(defaultName(item.column().expression()));
      if (n == null) {
        throw ctx.error("KQL-SYNTAX", "mv-expand of an expression needs a name", item.span());
      }
      names[i] = n;
      types[i] = item.toType() == null ? ScalarType.DYNAMIC : Values.normalize(item.toType());
    }
    List<Integer> positions = new ArrayList<>();
    List<List<Object>> values = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      values.add(new ArrayList<>());
    }
    List<Long> indexes = new ArrayList<>();
    for (int pos = 0; pos < in.count; pos++) {
      if ((pos & 0xFFF) == 0) {
        ctx.check();
      }
      List<List<Object>> expanded = new ArrayList<>();
      int rows = 0;
      for (int i = 0; i < items; i++) {
        List<Object> vs = expand(exprs[i].eval(pos), bagAsArray);
        expanded.add(vs);
        rows = Math.max(rows, vs.size());
      }
      rows = (int) Math.min(rows, limit);
      for (int r = 0; r < rows; r++) {
        positions.add(pos);
        indexes.add((long) r);
        for (int i = 0; i < items; i++) {
          List<Object> vs = expanded.get(i);
          values.get(i).add(r < vs.size() ? vs.get(r) : null);
        }
      }
    }
    ctx.reserve(16L * positions.size() * (in.width() + items));
    int[] p = positions.stream().mapToInt(Integer::intValue).toArray();
    Relation base = in.select(p, p.length, ctx);
    Relation.Builder out = new Relation.Builder();
    for (int c = 0; c < base.width(); c++) {
      out.addFrom(base, c, base.names.get(c));
    }
    for (int i = 0; i < items; i++) {
      ColumnBuilder b = ColumnBuilder.forType(types[i], p.length);
      for (Object v : values.get(i)) {
        Values.append(b, types[i] == ScalarType.DYNAMIC ? v : castElement(v, types[i]));
      }
      int existing = out.indexOf(names[i]);
      if (existing >= 0) {
        out.columns.set(existing, b.build());
        out.selections.set(existing, null);
      } else {
        out.add(names[i], b.build(), null);
      }
    }
    if (indexColumn != null) {
      long[] idx = indexes.stream().mapToLong(Long::longValue).toArray();
      out.add(indexColumn, LongColumn.of(ScalarType.LONG, idx), null);
    }
    return out.build(p.length);
  }

  private static List<Object> expand(Object v, boolean bagAsArray) {
    List<Object> out = new ArrayList<>();
    if (v instanceof JsonNode j && j.isArray()) {
      for (JsonNode e : j) {
        out.add(e.isNull() ? null : e);
      }
    } else if (v instanceof JsonNode j && j.isObject()) {
      for (var it = j.fields(); it.hasNext(); ) {
        var e = it.next();
        if (bagAsArray) {
          out.add(Values.NODES.arrayNode().add(e.getKey()).add(e.getValue()));
        } else {
          out.add(Values.NODES.objectNode().set(e.getKey(), e.getValue()));
        }
      }
    } else {
      // A null expands to one row with null; a scalar to itself.
      out.add(v);
    }
    return out;
  }

  /** {@code to typeof(T)} casts without parsing: an element of another type becomes null. */
  private static Object castElement(Object v, ScalarType t) {
    Object u = Values.unwrap(v);
    if (u == null) {
      return null;
    }
    return switch (t) {
      case STRING -> u instanceof String ? u : Values.toKqlString(v, ScalarType.DYNAMIC);
      case LONG, INT -> u instanceof Long ? u : null;
      case REAL -> u instanceof Number n ? n.doubleValue() : null;
      case BOOL -> u instanceof Boolean ? u : null;
      case DATETIME -> u instanceof String s ? Values.toDatetime(s, ScalarType.STRING) : null;
      case TIMESPAN -> u instanceof String s ? Values.toTimespan(s, ScalarType.STRING) : null;
      case GUID -> Values.toGuid(u);
      default -> v;
    };
  }

  private Relation parse(Relation in, QueryOperator.Parse p, Env env) {
    boolean regexKind = false;
    for (OperatorParameter param : p.parameters()) {
      if (param.name().equals("kind")) {
        regexKind = param.valueText().equals("regex");
      }
    }
    List<ParsePatternPart> parts = p.pattern();
    StringBuilder re = new StringBuilder(regexKind ? "" : "^");
    List<String> names = new ArrayList<>();
    List<ScalarType> types = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      ParsePatternPart part = parts.get(i);
      boolean last = i == parts.size() - 1;
      switch (part.kind()) {
        case LITERAL -> re.append(regexKind ? part.text() : Pattern.quote(part.text()));
        case STAR -> re.append(last ? ".*" : ".*?");
        case COLUMN -> {
          ScalarType t = part.type() == null ? ScalarType.STRING : Values.normalize(part.type());
          names.add(part.text());
          types.add(t);
          re.append(
              switch (t) {
                case LONG, INT -> "([-+]?\\d+)";
                case REAL -> "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
                default -> last ? "(.*)" : "(.*?)";
              });
        }
      }
    }
    Pattern pattern = new Compiler(this, env, in).compilePattern(re.toString(), p.span());
    Expr source = new Compiler(this, env, in).compile(p.source());
    List<ColumnBuilder> builders = new ArrayList<>();
    for (ScalarType t : types) {
      builders.add(ColumnBuilder.forType(t, in.count));
    }
    int[] kept = new int[in.count];
    int k = 0;
    for (int pos = 0; pos < in.count; pos++) {
      if ((pos & 0xFFF) == 0) {
        ctx.check();
      }
      Matcher m = pattern.matcher(Values.toKqlString(source.eval(pos), source.type));
      boolean found = m.find() && m.groupCount() >= names.size();
      if (!found && p.where()) {
        continue;
      }
      kept[k++] = pos;
      for (int i = 0; i < names.size(); i++) {
        String g = found ? m.group(i + 1) : null;
        ScalarType t = types.get(i);
        Values.append(
            builders.get(i), g == null ? null : Builtins.convert(g, ScalarType.STRING, t));
      }
    }
    Relation base = k == in.count ? in : in.select(kept, k, ctx);
    Relation.Builder out = new Relation.Builder();
    Map<String, Column> parsed = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      parsed.put(names.get(i), builders.get(i).build());
    }
    for (int c = 0; c < base.width(); c++) {
      if (!parsed.containsKey(base.names.get(c))) {
        out.addFrom(base, c, base.names.get(c));
      }
    }
    parsed.forEach((n, col) -> out.add(n, col, null));
    return out.build(k);
  }

  static <K, V> Map<K, V> newMap() {
    return new HashMap<>();
  }
}
