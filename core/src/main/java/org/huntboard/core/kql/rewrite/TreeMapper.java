package org.huntboard.core.kql.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.FunctionParameter;
import org.huntboard.core.kql.syntax.MvExpandItem;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Statement;

/**
 * Rebuilds a syntax tree with some expressions replaced. The hook sees every expression top down;
 * when it returns a different node, that node takes the place of the old one (and is not visited
 * further). Nodes whose subtree did not change are kept as they are, the very same objects with
 * their spans; a node rebuilt because a descendant changed keeps its own span, since it still
 * stands for the same place in the text.
 */
final class TreeMapper {

  private final UnaryOperator<Expression> hook;

  TreeMapper(UnaryOperator<Expression> hook) {
    this.hook = hook;
  }

  /** Visits every expression of the query without changing anything. */
  static void visit(Query query, java.util.function.Consumer<Expression> visitor) {
    new TreeMapper(
            e -> {
              visitor.accept(e);
              return e;
            })
        .query(query);
  }

  Query query(Query q) {
    List<Statement> statements = statements(q.statements());
    return statements == q.statements() ? q : new Query(statements, q.span());
  }

  private List<Statement> statements(List<Statement> list) {
    List<Statement> out = new ArrayList<>(list.size());
    boolean changed = false;
    for (Statement s : list) {
      Statement m = statement(s);
      changed |= m != s;
      out.add(m);
    }
    return changed ? out : list;
  }

  private Statement statement(Statement s) {
    if (s instanceof Statement.LetStatement let) {
      Expression v = expr(let.value());
      return v == let.value() ? let : new Statement.LetStatement(let.name(), v, let.span());
    }
    if (s instanceof Statement.ExpressionStatement es) {
      Expression v = expr(es.expression());
      return v == es.expression() ? es : new Statement.ExpressionStatement(v, es.span());
    }
    Statement.SetOptionStatement set = (Statement.SetOptionStatement) s;
    if (set.value() == null) {
      return set;
    }
    Expression v = expr(set.value());
    return v == set.value() ? set : new Statement.SetOptionStatement(set.name(), v, set.span());
  }

  Expression expr(Expression e) {
    if (e == null) {
      return null;
    }
    Expression replaced = hook.apply(e);
    if (replaced != e) {
      return replaced;
    }
    if (e instanceof Expression.Literal
        || e instanceof Expression.NameReference
        || e instanceof Expression.NamePattern
        || e instanceof Expression.Star) {
      return e;
    }
    if (e instanceof Expression.Path p) {
      Expression t = expr(p.target());
      return t == p.target() ? p : new Expression.Path(t, p.member(), p.span());
    }
    if (e instanceof Expression.Element el) {
      Expression t = expr(el.target());
      Expression i = expr(el.index());
      return t == el.target() && i == el.index() ? el : new Expression.Element(t, i, el.span());
    }
    if (e instanceof Expression.FunctionCall f) {
      List<Expression> args = exprs(f.arguments());
      return args == f.arguments() ? f : new Expression.FunctionCall(f.name(), args, f.span());
    }
    if (e instanceof Expression.Parenthesized p) {
      Expression i = expr(p.inner());
      return i == p.inner() ? p : new Expression.Parenthesized(i, p.span());
    }
    if (e instanceof Expression.Unary u) {
      Expression o = expr(u.operand());
      return o == u.operand() ? u : new Expression.Unary(u.operator(), o, u.span());
    }
    if (e instanceof Expression.Binary b) {
      Expression l = expr(b.left());
      Expression r = expr(b.right());
      return l == b.left() && r == b.right()
          ? b
          : new Expression.Binary(b.operator(), l, r, b.span());
    }
    if (e instanceof Expression.In in) {
      Expression l = expr(in.left());
      List<Expression> v = exprs(in.values());
      return l == in.left() && v == in.values()
          ? in
          : new Expression.In(in.operator(), l, v, in.span());
    }
    if (e instanceof Expression.HasAny h) {
      Expression l = expr(h.left());
      List<Expression> v = exprs(h.values());
      return l == h.left() && v == h.values() ? h : new Expression.HasAny(h.all(), l, v, h.span());
    }
    if (e instanceof Expression.Between b) {
      Expression l = expr(b.left());
      Expression lo = expr(b.low());
      Expression hi = expr(b.high());
      return l == b.left() && lo == b.low() && hi == b.high()
          ? b
          : new Expression.Between(b.negated(), l, lo, hi, b.span());
    }
    if (e instanceof Expression.Pipe p) {
      Expression s = expr(p.source());
      QueryOperator o = operator(p.operator());
      return s == p.source() && o == p.operator() ? p : new Expression.Pipe(s, o, p.span());
    }
    if (e instanceof Expression.DataTable d) {
      List<Expression> v = exprs(d.values());
      return v == d.values() ? d : new Expression.DataTable(d.columns(), v, d.span());
    }
    if (e instanceof Expression.OperatorSource o) {
      QueryOperator op = operator(o.operator());
      return op == o.operator() ? o : new Expression.OperatorSource(op, o.span());
    }
    Expression.FunctionDefinition def = (Expression.FunctionDefinition) e;
    List<FunctionParameter> params = new ArrayList<>();
    boolean changed = false;
    for (FunctionParameter p : def.parameters()) {
      Expression d = expr(p.defaultValue());
      changed |= d != p.defaultValue();
      params.add(
          d == p.defaultValue()
              ? p
              : new FunctionParameter(p.name(), p.type(), p.tabularColumns(), d, p.span()));
    }
    List<Statement> body = statements(def.body());
    return !changed && body == def.body()
        ? def
        : new Expression.FunctionDefinition(
            def.view(), changed ? params : def.parameters(), body, def.span());
  }

  private List<Expression> exprs(List<Expression> list) {
    List<Expression> out = new ArrayList<>(list.size());
    boolean changed = false;
    for (Expression e : list) {
      Expression m = expr(e);
      changed |= m != e;
      out.add(m);
    }
    return changed ? out : list;
  }

  private NamedExpression named(NamedExpression n) {
    Expression e = expr(n.expression());
    return e == n.expression() ? n : new NamedExpression(n.names(), e, n.span());
  }

  private List<NamedExpression> nameds(List<NamedExpression> list) {
    List<NamedExpression> out = new ArrayList<>(list.size());
    boolean changed = false;
    for (NamedExpression n : list) {
      NamedExpression m = named(n);
      changed |= m != n;
      out.add(m);
    }
    return changed ? out : list;
  }

  private SortKey key(SortKey k) {
    Expression e = expr(k.expression());
    return e == k.expression() ? k : new SortKey(e, k.direction(), k.nulls(), k.span());
  }

  private List<SortKey> keys(List<SortKey> list) {
    List<SortKey> out = new ArrayList<>(list.size());
    boolean changed = false;
    for (SortKey k : list) {
      SortKey m = key(k);
      changed |= m != k;
      out.add(m);
    }
    return changed ? out : list;
  }

  private QueryOperator operator(QueryOperator op) {
    if (op instanceof QueryOperator.Where w) {
      Expression p = expr(w.predicate());
      return p == w.predicate() ? w : new QueryOperator.Where(w.keyword(), p, w.span());
    }
    if (op instanceof QueryOperator.Project p) {
      List<NamedExpression> c = nameds(p.columns());
      return c == p.columns() ? p : new QueryOperator.Project(c, p.span());
    }
    if (op instanceof QueryOperator.ProjectAway p) {
      List<Expression> c = exprs(p.columns());
      return c == p.columns() ? p : new QueryOperator.ProjectAway(c, p.span());
    }
    if (op instanceof QueryOperator.ProjectKeep p) {
      List<Expression> c = exprs(p.columns());
      return c == p.columns() ? p : new QueryOperator.ProjectKeep(c, p.span());
    }
    if (op instanceof QueryOperator.ProjectRename p) {
      List<NamedExpression> c = nameds(p.renames());
      return c == p.renames() ? p : new QueryOperator.ProjectRename(c, p.span());
    }
    if (op instanceof QueryOperator.ProjectReorder p) {
      List<SortKey> c = keys(p.columns());
      return c == p.columns() ? p : new QueryOperator.ProjectReorder(c, p.span());
    }
    if (op instanceof QueryOperator.Extend x) {
      List<NamedExpression> c = nameds(x.columns());
      return c == x.columns() ? x : new QueryOperator.Extend(c, x.span());
    }
    if (op instanceof QueryOperator.Summarize s) {
      List<NamedExpression> a = nameds(s.aggregates());
      List<NamedExpression> b = nameds(s.by());
      return a == s.aggregates() && b == s.by()
          ? s
          : new QueryOperator.Summarize(s.parameters(), a, b, s.span());
    }
    if (op instanceof QueryOperator.Distinct d) {
      List<Expression> c = exprs(d.columns());
      return c == d.columns() ? d : new QueryOperator.Distinct(c, d.span());
    }
    if (op instanceof QueryOperator.Sort s) {
      List<SortKey> k = keys(s.keys());
      return k == s.keys() ? s : new QueryOperator.Sort(s.keyword(), k, s.span());
    }
    if (op instanceof QueryOperator.Top t) {
      Expression c = expr(t.count());
      SortKey k = key(t.by());
      return c == t.count() && k == t.by() ? t : new QueryOperator.Top(c, k, t.span());
    }
    if (op instanceof QueryOperator.Take t) {
      Expression c = expr(t.count());
      return c == t.count() ? t : new QueryOperator.Take(t.keyword(), c, t.span());
    }
    if (op instanceof QueryOperator.Join j) {
      Expression r = expr(j.right());
      List<Expression> on = exprs(j.on());
      return r == j.right() && on == j.on()
          ? j
          : new QueryOperator.Join(j.parameters(), r, on, j.span());
    }
    if (op instanceof QueryOperator.Lookup l) {
      Expression r = expr(l.right());
      List<Expression> on = exprs(l.on());
      return r == l.right() && on == l.on()
          ? l
          : new QueryOperator.Lookup(l.parameters(), r, on, l.span());
    }
    if (op instanceof QueryOperator.Union u) {
      List<Expression> legs = exprs(u.legs());
      return legs == u.legs() ? u : new QueryOperator.Union(u.parameters(), legs, u.span());
    }
    if (op instanceof QueryOperator.MvExpand m) {
      List<MvExpandItem> items = new ArrayList<>();
      boolean changed = false;
      for (MvExpandItem item : m.items()) {
        NamedExpression c = named(item.column());
        changed |= c != item.column();
        items.add(c == item.column() ? item : new MvExpandItem(c, item.toType(), item.span()));
      }
      Expression limit = expr(m.limit());
      return !changed && limit == m.limit()
          ? m
          : new QueryOperator.MvExpand(
              m.parameters(), changed ? items : m.items(), limit, m.span());
    }
    if (op instanceof QueryOperator.Parse p) {
      Expression s = expr(p.source());
      return s == p.source()
          ? p
          : new QueryOperator.Parse(p.where(), p.parameters(), s, p.pattern(), p.span());
    }
    if (op instanceof QueryOperator.Print p) {
      List<NamedExpression> c = nameds(p.columns());
      return c == p.columns() ? p : new QueryOperator.Print(c, p.span());
    }
    if (op instanceof QueryOperator.Range r) {
      Expression from = expr(r.from());
      Expression to = expr(r.to());
      Expression step = expr(r.step());
      return from == r.from() && to == r.to() && step == r.step()
          ? r
          : new QueryOperator.Range(r.column(), from, to, step, r.span());
    }
    // Count and As hold no expressions.
    return op;
  }
}
