package org.huntboard.connectors.defender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.huntboard.connectors.spi.ResultRows;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.Statement;

/**
 * Whether a query's result over a window can be rebuilt from its results over the window's halves,
 * and how: rows concatenated (row-level pipelines), deduplicated ({@code distinct}), counts summed
 * ({@code count}), or groups merged by their by-keys ({@code summarize} whose aggregates are {@code
 * count}, {@code countif}, {@code sum}, {@code sumif}, {@code min}, {@code max}, {@code make_set},
 * {@code make_list}: sum of counts and sums, min of mins, max of maxes, union of sets,
 * concatenation of lists).
 *
 * <p>A query qualifies when its body is one table followed by row-level operators ({@code where},
 * {@code extend}, {@code project*}, {@code parse}, {@code mv-expand}) and at most one of those
 * final operators, and nothing in it depends on rows outside the current one: no sub-queries, no
 * {@code toscalar}, no row-order functions. Anything else ({@code take}, {@code top}, {@code join},
 * {@code avg}, {@code dcount}, ...) is not splittable, and a truncated result of it is reported
 * truncated.
 */
final class SplitPlan {

  enum Kind {
    CONCATENATE,
    DISTINCT,
    COUNT,
    SUMMARIZE,
    NONE
  }

  enum Merge {
    SUM,
    MIN,
    MAX,
    SET,
    LIST
  }

  private static final Set<String> ROW_ORDER_FUNCTIONS =
      Set.of(
          "row_number",
          "prev",
          "next",
          "row_cumsum",
          "row_window_session",
          "row_rank_dense",
          "row_rank_min",
          "toscalar",
          "materialize");

  private final Kind kind;
  private final String reason;
  private final int keyCount;
  private final List<Merge> merges;
  private final List<Integer> caps;

  private SplitPlan(
      Kind kind, String reason, int keyCount, List<Merge> merges, List<Integer> caps) {
    this.kind = kind;
    this.reason = reason;
    this.keyCount = keyCount;
    this.merges = merges;
    this.caps = caps;
  }

  static SplitPlan none(String reason) {
    return new SplitPlan(Kind.NONE, reason, 0, List.of(), List.of());
  }

  Kind kind() {
    return kind;
  }

  boolean isSplittable() {
    return kind != Kind.NONE;
  }

  /** Why the query cannot be split; empty when it can. */
  String reason() {
    return reason;
  }

  /** The plan for a parsed query. */
  static SplitPlan of(Query query) {
    Set<String> letFunctions = new HashSet<>();
    for (Statement.LetStatement let : query.lets()) {
      if (let.value() instanceof Expression.FunctionDefinition) {
        letFunctions.add(let.name());
      } else if (dependsOnOtherRows(let.value(), letFunctions)) {
        return none(
            "let " + let.name() + " is computed from a query, whose value differs per half");
      }
    }
    if (query.body().isEmpty()) {
      return none("the query has no tabular body");
    }
    List<QueryOperator> ops = new ArrayList<>();
    Expression e = query.body().get().expression();
    while (e instanceof Expression.Pipe p) {
      ops.add(0, p.operator());
      e = p.source();
    }
    if (!(e instanceof Expression.NameReference table)) {
      return none("the query does not start from a single table");
    }
    for (Statement.LetStatement let : query.lets()) {
      if (let.name().equals(table.name())) {
        return none("the query starts from the let-bound " + table.name());
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      QueryOperator op = ops.get(i);
      boolean last = i == ops.size() - 1;
      if (isRowLevel(op)) {
        if (operatorDependsOnOtherRows(op, letFunctions)) {
          return none("an operator uses a sub-query or a row-order function");
        }
        continue;
      }
      if (!last) {
        return none(operatorName(op) + " is followed by further operators");
      }
      if (op instanceof QueryOperator.Distinct) {
        return new SplitPlan(Kind.DISTINCT, "", 0, List.of(), List.of());
      }
      if (op instanceof QueryOperator.Count) {
        return new SplitPlan(Kind.COUNT, "", 0, List.of(Merge.SUM), List.of(0));
      }
      if (op instanceof QueryOperator.Summarize s) {
        return summarize(s, letFunctions);
      }
      return none(operatorName(op) + " cannot be merged across parts of a window");
    }
    return new SplitPlan(Kind.CONCATENATE, "", 0, List.of(), List.of());
  }

  private static SplitPlan summarize(QueryOperator.Summarize s, Set<String> letFunctions) {
    for (NamedExpression key : s.by()) {
      if (key.names().size() > 1 || dependsOnOtherRows(key.expression(), letFunctions)) {
        return none("a summarize key cannot be merged");
      }
    }
    List<Merge> merges = new ArrayList<>();
    List<Integer> caps = new ArrayList<>();
    for (NamedExpression agg : s.aggregates()) {
      if (agg.names().size() > 1 || !(agg.expression() instanceof Expression.FunctionCall f)) {
        return none("an aggregate is not a plain function call");
      }
      for (Expression arg : f.arguments()) {
        if (dependsOnOtherRows(arg, letFunctions)) {
          return none("an aggregate's argument uses a sub-query");
        }
      }
      String fn = f.name().toLowerCase(Locale.ROOT);
      Merge m =
          switch (fn) {
            case "count", "countif", "sum", "sumif" -> Merge.SUM;
            case "min" -> Merge.MIN;
            case "max" -> Merge.MAX;
            case "make_set", "makeset" -> Merge.SET;
            case "make_list", "makelist" -> Merge.LIST;
            case "make_set_if" -> Merge.SET;
            case "make_list_if" -> Merge.LIST;
            default -> null;
          };
      if (m == null) {
        return none(f.name() + "() cannot be merged across parts of a window");
      }
      caps.add(cap(fn, f.arguments()));
      merges.add(m);
    }
    return new SplitPlan(Kind.SUMMARIZE, "", s.by().size(), List.copyOf(merges), List.copyOf(caps));
  }

  /** The element cap of make_set/make_list ({@code max} argument), 0 when uncapped or unknown. */
  private static int cap(String fn, List<Expression> args) {
    int capIndex = fn.endsWith("_if") ? 2 : 1;
    if (fn.startsWith("make")
        && args.size() > capIndex
        && args.get(capIndex) instanceof Expression.Literal l
        && l.value() instanceof Number n) {
      return n.intValue();
    }
    return 0;
  }

  /** The merged rows of the parts (all with the same columns). */
  ResultRows merge(List<ResultRows> parts) {
    if (kind == Kind.NONE) {
      throw new IllegalStateException("not splittable: " + reason);
    }
    ResultRows first = parts.get(0);
    List<Object[]> all = new ArrayList<>();
    for (ResultRows p : parts) {
      if (!p.names().equals(first.names())) {
        throw new IllegalArgumentException(
            "parts have different columns: " + first.names() + " and " + p.names());
      }
      all.addAll(p.rows());
    }
    return switch (kind) {
      case CONCATENATE -> first.withRows(all);
      case DISTINCT -> first.withRows(distinct(all));
      case COUNT, SUMMARIZE -> first.withRows(mergeGroups(all, first.names().size()));
      case NONE -> throw new IllegalStateException();
    };
  }

  private static List<Object[]> distinct(List<Object[]> rows) {
    Map<List<Object>, Object[]> seen = new LinkedHashMap<>();
    for (Object[] r : rows) {
      seen.putIfAbsent(List.of(nullSafe(r)), r);
    }
    return new ArrayList<>(seen.values());
  }

  private List<Object[]> mergeGroups(List<Object[]> rows, int width) {
    if (keyCount + merges.size() != width) {
      throw new IllegalArgumentException(
          "the result has " + width + " columns, the summarize " + (keyCount + merges.size()));
    }
    Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
    for (Object[] r : rows) {
      List<Object> key = new ArrayList<>(keyCount);
      for (int i = 0; i < keyCount; i++) {
        key.add(r[i] == null ? NULL_KEY : r[i]);
      }
      Object[] acc = groups.get(key);
      if (acc == null) {
        groups.put(key, r.clone());
        continue;
      }
      for (int a = 0; a < merges.size(); a++) {
        int c = keyCount + a;
        acc[c] = combine(merges.get(a), caps.get(a), acc[c], r[c]);
      }
    }
    return new ArrayList<>(groups.values());
  }

  private static final Object NULL_KEY = new Object();

  private static Object[] nullSafe(Object[] r) {
    Object[] out = new Object[r.length];
    for (int i = 0; i < r.length; i++) {
      out[i] = r[i] == null ? NULL_KEY : r[i];
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object combine(Merge m, int cap, Object a, Object b) {
    if (a == null || (a instanceof JsonNode j && j.isNull())) {
      return b;
    }
    if (b == null || (b instanceof JsonNode j && j.isNull())) {
      return a;
    }
    return switch (m) {
      case SUM -> {
        if (a instanceof Long x && b instanceof Long y) {
          yield x + y;
        }
        if (a instanceof Integer x && b instanceof Integer y) {
          yield x + y;
        }
        yield ((Number) a).doubleValue() + ((Number) b).doubleValue();
      }
      case MIN -> ((Comparable) a).compareTo(b) <= 0 ? a : b;
      case MAX -> ((Comparable) a).compareTo(b) >= 0 ? a : b;
      case SET -> {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode n : concat((JsonNode) a, (JsonNode) b)) {
          if (seen.add(n) && (cap == 0 || out.size() < cap)) {
            out.add(n);
          }
        }
        yield out;
      }
      case LIST -> {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode n : concat((JsonNode) a, (JsonNode) b)) {
          if (cap == 0 || out.size() < cap) {
            out.add(n);
          }
        }
        yield out;
      }
    };
  }

  private static List<JsonNode> concat(JsonNode a, JsonNode b) {
    List<JsonNode> out = new ArrayList<>();
    a.forEach(out::add);
    b.forEach(out::add);
    return out;
  }

  private static boolean isRowLevel(QueryOperator op) {
    return op instanceof QueryOperator.Where
        || op instanceof QueryOperator.Extend
        || op instanceof QueryOperator.Project
        || op instanceof QueryOperator.ProjectAway
        || op instanceof QueryOperator.ProjectKeep
        || op instanceof QueryOperator.ProjectRename
        || op instanceof QueryOperator.ProjectReorder
        || op instanceof QueryOperator.Parse
        || op instanceof QueryOperator.MvExpand;
  }

  private static boolean operatorDependsOnOtherRows(QueryOperator op, Set<String> letFunctions) {
    List<Expression> exprs = new ArrayList<>();
    if (op instanceof QueryOperator.Where w) {
      exprs.add(w.predicate());
    } else if (op instanceof QueryOperator.Extend x) {
      x.columns().forEach(n -> exprs.add(n.expression()));
    } else if (op instanceof QueryOperator.Project p) {
      p.columns().forEach(n -> exprs.add(n.expression()));
    } else if (op instanceof QueryOperator.Parse p) {
      exprs.add(p.source());
    }
    for (Expression x : exprs) {
      if (dependsOnOtherRows(x, letFunctions)) {
        return true;
      }
    }
    return false;
  }

  /** Whether evaluating {@code e} on a row needs more than that row (a sub-query, row order). */
  static boolean dependsOnOtherRows(Expression e, Set<String> letFunctions) {
    if (e == null) {
      return false;
    }
    if (e instanceof Expression.Literal
        || e instanceof Expression.NameReference
        || e instanceof Expression.NamePattern
        || e instanceof Expression.Star) {
      return false;
    }
    if (e instanceof Expression.Path p) {
      return dependsOnOtherRows(p.target(), letFunctions);
    }
    if (e instanceof Expression.Element el) {
      return dependsOnOtherRows(el.target(), letFunctions)
          || dependsOnOtherRows(el.index(), letFunctions);
    }
    if (e instanceof Expression.FunctionCall f) {
      if (ROW_ORDER_FUNCTIONS.contains(f.name().toLowerCase(Locale.ROOT))
          || letFunctions.contains(f.name())) {
        return true;
      }
      return anyDepends(f.arguments(), letFunctions);
    }
    if (e instanceof Expression.Parenthesized p) {
      return dependsOnOtherRows(p.inner(), letFunctions);
    }
    if (e instanceof Expression.Unary u) {
      return dependsOnOtherRows(u.operand(), letFunctions);
    }
    if (e instanceof Expression.Binary b) {
      return dependsOnOtherRows(b.left(), letFunctions)
          || dependsOnOtherRows(b.right(), letFunctions);
    }
    if (e instanceof Expression.In in) {
      return dependsOnOtherRows(in.left(), letFunctions) || anyDepends(in.values(), letFunctions);
    }
    if (e instanceof Expression.HasAny h) {
      return dependsOnOtherRows(h.left(), letFunctions) || anyDepends(h.values(), letFunctions);
    }
    if (e instanceof Expression.Between b) {
      return dependsOnOtherRows(b.left(), letFunctions)
          || dependsOnOtherRows(b.low(), letFunctions)
          || dependsOnOtherRows(b.high(), letFunctions);
    }
    // Pipe, DataTable, OperatorSource, FunctionDefinition: tabular or opaque.
    return true;
  }

  private static boolean anyDepends(List<Expression> es, Set<String> letFunctions) {
    for (Expression x : es) {
      if (dependsOnOtherRows(x, letFunctions)) {
        return true;
      }
    }
    return false;
  }

  private static String operatorName(QueryOperator op) {
    return op.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "not splittable: " + reason : kind + " " + merges;
  }
}
