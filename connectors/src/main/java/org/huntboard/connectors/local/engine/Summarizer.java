package org.huntboard.connectors.local.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.QueryOperator;

/**
 * {@code summarize} (and {@code distinct}): group ids from the key columns by {@link KeyEncoder},
 * then each aggregate runs over the whole column with the group id array. Groups come out in the
 * order of their first row.
 */
final class Summarizer {

  private Summarizer() {}

  static Relation summarize(Evaluator ev, Env env, Relation in, QueryOperator.Summarize s) {
    return group(ev, env, in, s.by(), s.aggregates());
  }

  static Relation group(
      Evaluator ev,
      Env env,
      Relation in,
      List<NamedExpression> by,
      List<NamedExpression> aggregates) {
    QueryContext ctx = ev.ctx;
    Compiler comp = new Compiler(ev, env, in);
    int[] counter = {0};
    Set<String> taken = new HashSet<>();
    List<String> keyNames = new ArrayList<>();
    Expr[] keys = new Expr[by.size()];
    for (int i = 0; i < by.size(); i++) {
      NamedExpression ne = by.get(i);
      keys[i] = comp.compile(ne.expression());
      String name = ne.name().orElse(keyName(ne.expression()));
      if (name == null) {
        name = Evaluator.nextColumnName(counter, taken::contains);
      }
      if (!taken.add(name)) {
        throw ctx.error("KQL-DUPLICATE-COLUMN", "column '" + name + "' appears twice", ne.span());
      }
      keyNames.add(name);
    }
    List<String> plainKeyColumns = new ArrayList<>();
    for (int i = 0; i < by.size(); i++) {
      if (keys[i] instanceof Expr.ColumnRef ref) {
        plainKeyColumns.add(ref.name);
      }
    }
    List<Aggregates.Aggregator> aggs = new ArrayList<>();
    for (NamedExpression ne : aggregates) {
      Expression e = Filters.strip(ne.expression());
      if (!(e instanceof Expression.FunctionCall f) || !Aggregates.isAggregate(f.name())) {
        throw ctx.error(
            "KQL-AGGREGATE", "summarize needs an aggregate function such as count()", ne.span());
      }
      aggs.add(Aggregates.compile(ev, env, in, f, plainKeyColumns, ne.name().orElse(null)));
    }
    int count = in.count;
    int groupCount;
    int[] groups;
    int[] first;
    if (keys.length == 0) {
      groups = new int[count];
      groupCount = 1;
      first = new int[] {count > 0 ? 0 : -1};
    } else {
      KeyEncoder enc = new KeyEncoder(keys.length, true, true, ctx);
      groups = enc.encode(keys, count);
      groupCount = enc.size();
      ctx.reserve(4L * groupCount);
      first = new int[groupCount];
      java.util.Arrays.fill(first, -1);
      for (int i = 0; i < count; i++) {
        if (first[groups[i]] < 0) {
          first[groups[i]] = i;
        }
      }
    }
    ctx.check();
    Relation.Builder out = new Relation.Builder();
    for (int i = 0; i < keys.length; i++) {
      Expr k = keys[i];
      if (k instanceof Expr.ColumnRef ref) {
        int[] rows = new int[groupCount];
        for (int g = 0; g < groupCount; g++) {
          rows[g] = ref.row(first[g]);
        }
        out.add(keyNames.get(i), ref.column.gather(rows, groupCount), null);
      } else {
        ColumnBuilder b = ColumnBuilder.forType(k.type, groupCount);
        for (int g = 0; g < groupCount; g++) {
          Values.append(b, k.eval(first[g]));
        }
        out.add(keyNames.get(i), b.build(), null);
      }
    }
    for (int a = 0; a < aggs.size(); a++) {
      Aggregates.Aggregator agg = aggs.get(a);
      ctx.check();
      agg.accumulate(groups, count, groupCount);
      List<Column> cols = agg.results(groupCount);
      NamedExpression ne = aggregates.get(a);
      for (int c = 0; c < cols.size(); c++) {
        String name =
            ne.names().size() > c
                ? ne.names().get(c)
                : ne.names().size() == 1 && cols.size() == 1 ? ne.names().get(0) : agg.names.get(c);
        name = unique(name, taken);
        out.add(name, cols.get(c), null);
      }
    }
    return out.build(groupCount);
  }

  /** {@code by bin(Timestamp, 1h)} keeps the name {@code Timestamp}. */
  private static String keyName(Expression e) {
    Expression x = Filters.strip(e);
    if (x instanceof Expression.FunctionCall f
        && (f.name().equals("bin") || f.name().equals("floor"))
        && f.arguments().size() == 2) {
      return Evaluator.defaultName(f.arguments().get(0));
    }
    return Evaluator.defaultName(x);
  }

  static String unique(String name, Set<String> taken) {
    String n = name;
    if (taken.contains(n)) {
      int i = 1;
      while (taken.contains(name + i)) {
        i++;
      }
      n = name + i;
    }
    taken.add(n);
    return n;
  }
}
