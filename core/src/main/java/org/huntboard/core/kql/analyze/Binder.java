package org.huntboard.core.kql.analyze;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;
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
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * Resolves the names of a parsed query against a {@link SchemaCatalog}, infers the type of every
 * scalar expression and the schema after every pipeline step, with Kusto's column naming rules.
 *
 * <p>Names are case-sensitive. Inside an operator a name is looked up as a column of the row first,
 * then as a let-bound name or function parameter (innermost first). Unknown tables, columns and
 * functions are errors ({@code KQL-UNKNOWN-TABLE}, {@code KQL-UNKNOWN-COLUMN}, {@code
 * KQL-UNKNOWN-FUNCTION}) with a "did you mean" for close names. Like Microsoft's binder it is
 * lenient on comparisons of mismatched types ({@code RemotePort == "443"} passes); {@code KQL-TYPE}
 * is reported only where Kusto defines no meaning at all (a non-boolean {@code where}, arithmetic
 * on strings, a table where a value belongs). After an unknown table, names that depend on it are
 * not reported again.
 */
public final class Binder {

  /** Unknown table. */
  public static final String UNKNOWN_TABLE = "KQL-UNKNOWN-TABLE";

  /** Unknown column (or any unknown name in a row context). */
  public static final String UNKNOWN_COLUMN = "KQL-UNKNOWN-COLUMN";

  /** Unknown function. */
  public static final String UNKNOWN_FUNCTION = "KQL-UNKNOWN-FUNCTION";

  /** A type error, or a construct used where it has no meaning. */
  public static final String TYPE = "KQL-TYPE";

  /** Two output columns of one operator declared with the same name. */
  public static final String DUPLICATE_COLUMN = "KQL-DUPLICATE-COLUMN";

  /** A function called with too few or too many arguments. */
  public static final String ARGUMENTS = "KQL-ARGUMENTS";

  private Binder() {}

  /** Binds a query built or parsed without a source text: diagnostics carry no location. */
  public static BoundQuery bind(Query query, SchemaCatalog catalog) {
    return bind(query, catalog, null);
  }

  /**
   * Binds a query parsed from {@code source}; diagnostics give the line and column of the name at
   * fault and an excerpt with a caret.
   */
  public static BoundQuery bind(Query query, SchemaCatalog catalog, SourceText source) {
    return new Run(query, catalog, source).run();
  }

  // ---------------------------------------------------------------------------------------------
  // Symbols and scopes

  private sealed interface Symbol permits ScalarSymbol, TableSymbol, FunctionSymbol {}

  private record ScalarSymbol(ScalarType type) implements Symbol {}

  private record TableSymbol(Shape shape) implements Symbol {}

  private record FunctionSymbol(String name, Expression.FunctionDefinition definition, Scope scope)
      implements Symbol {}

  /** Let-bound names and parameters; a child scope shadows its parent. */
  private static final class Scope {
    private final Scope parent;
    private final Map<String, Symbol> symbols = new LinkedHashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Optional<Symbol> lookup(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        Symbol sym = s.symbols.get(name);
        if (sym != null) {
          return Optional.of(sym);
        }
      }
      return Optional.empty();
    }

    void define(String name, Symbol symbol) {
      symbols.put(name, symbol);
    }

    Set<String> names(Class<? extends Symbol> kind) {
      Set<String> names = new LinkedHashSet<>();
      for (Scope s = this; s != null; s = s.parent) {
        s.symbols.forEach(
            (n, sym) -> {
              if (kind.isInstance(sym)) {
                names.add(n);
              }
            });
      }
      return names;
    }
  }

  /**
   * A tabular result being computed: columns in order with unique names. An open shape stands for
   * columns that cannot be known (a table that did not resolve, a {@code (*)} parameter): names
   * looked up in it are not reported.
   */
  private record Shape(String name, List<ColumnSchema> columns, boolean open) {

    static Shape unknown() {
      return new Shape("", List.of(), true);
    }

    static Shape of(TableSchema t) {
      return new Shape(t.name(), t.columns(), false);
    }

    Optional<ColumnSchema> column(String n) {
      for (ColumnSchema c : columns) {
        if (c.name().equals(n)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }

    Set<String> names() {
      Set<String> s = new LinkedHashSet<>();
      columns.forEach(c -> s.add(c.name()));
      return s;
    }

    Shape with(List<ColumnSchema> newColumns) {
      return new Shape(name, newColumns, open);
    }

    TableSchema schema() {
      // Every operator keeps names unique; this guards declarations Kusto would reject anyway.
      return new TableSchema(name, Run.dedupe(columns));
    }
  }

  /** Where aggregate functions may appear. */
  private enum AggregateMode {
    NOT_ALLOWED,
    SUMMARIZE,
    INSIDE_AGGREGATE
  }

  /** The sides of a join, for {@code $left.X} and {@code $right.X}. */
  private record JoinSides(Shape left, Shape right) {}

  /** What an expression is bound against. {@code row} is null outside a row context. */
  private record Context(Scope scope, Shape row, AggregateMode mode, JoinSides join) {

    Context withMode(AggregateMode m) {
      return new Context(scope, row, m, join);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Run {
    private final Query query;
    private final SchemaCatalog catalog;
    private final SourceText source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private final IdentityHashMap<Expression, ScalarType> types = new IdentityHashMap<>();
    private final IdentityHashMap<Expression, TableSchema> tabular = new IdentityHashMap<>();
    private final IdentityHashMap<QueryOperator, TableSchema> inputs = new IdentityHashMap<>();
    private final IdentityHashMap<QueryOperator, TableSchema> outputs = new IdentityHashMap<>();
    private final IdentityHashMap<Expression.NameReference, Boolean> tableRefs =
        new IdentityHashMap<>();
    private final List<Expression.NameReference> tableRefOrder = new ArrayList<>();
    private final List<Expression.FunctionDefinition> calling = new ArrayList<>();

    Run(Query query, SchemaCatalog catalog, SourceText source) {
      this.query = query;
      this.catalog = catalog;
      this.source = source;
    }

    BoundQuery run() {
      Scope global = new Scope(null);
      Shape result = null;
      Optional<Statement.ExpressionStatement> body = query.body();
      for (Statement statement : query.statements()) {
        if (statement instanceof Statement.LetStatement let) {
          bindLet(let, global);
        } else if (statement instanceof Statement.ExpressionStatement es) {
          Object value =
              bindValue(
                  es.expression(), new Context(global, null, AggregateMode.NOT_ALLOWED, null));
          if (body.isPresent() && body.get() == es) {
            result = value instanceof Shape s ? s : null;
          }
        }
      }
      List<PipelineStep> steps = body.map(b -> steps(b.expression())).orElse(List.of());
      TableSchema resultSchema =
          result == null || result.open() || hasErrors() ? null : result.schema();
      return new BoundQuery(
          query, diagnostics, resultSchema, types, tabular, inputs, outputs, steps, tableRefOrder);
    }

    private boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    private List<PipelineStep> steps(Expression body) {
      List<PipelineStep> reversed = new ArrayList<>();
      Expression e = unwrap(body);
      while (e instanceof Expression.Pipe p) {
        reversed.add(
            new PipelineStep(p.operator(), p, inputs.get(p.operator()), outputs.get(p.operator())));
        e = p.source();
      }
      reversed.add(new PipelineStep(null, e, null, tabular.get(e)));
      List<PipelineStep> steps = new ArrayList<>();
      for (int i = reversed.size() - 1; i >= 0; i--) {
        steps.add(reversed.get(i));
      }
      return steps;
    }

    private static Expression unwrap(Expression e) {
      while (e instanceof Expression.Parenthesized p) {
        e = p.inner();
      }
      return e;
    }

    // -------------------------------------------------------------------------------------------
    // Diagnostics

    private void report(String code, String message, Span span) {
      String key = code + "|" + span.start() + "|" + span.end() + "|" + message;
      if (!reported.add(key)) {
        return;
      }
      if (source != null && span.isKnown()) {
        diagnostics.add(
            new Diagnostic(
                Diagnostic.Severity.ERROR,
                code,
                message,
                source.location(span.start()),
                source.caretExcerpt(span.start())));
      } else {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, code, message, null, null));
      }
    }

    private static String suggestion(String name, Set<String> candidates) {
      return Suggestions.closest(name, candidates)
          .map(s -> " (did you mean '" + s + "'?)")
          .orElse("");
    }

    private void unknownColumn(String name, Span span, Context ctx, String where) {
      Set<String> candidates = new LinkedHashSet<>();
      if (ctx.row() != null) {
        candidates.addAll(ctx.row().names());
      }
      candidates.addAll(ctx.scope().names(ScalarSymbol.class));
      report(
          UNKNOWN_COLUMN,
          "unknown column '" + name + "'" + where + suggestion(name, candidates),
          span);
    }

    /** The span of {@code member} at the end of a path such as {@code $left.Key}. */
    private static Span memberSpan(Expression.Path p) {
      Span s = p.span();
      if (!s.isKnown() || s.length() < p.member().length()) {
        return s;
      }
      return new Span(s.end() - p.member().length(), s.end());
    }

    // -------------------------------------------------------------------------------------------
    // Statements

    private void bindLet(Statement.LetStatement let, Scope scope) {
      Expression value = let.value();
      if (value instanceof Expression.FunctionDefinition def) {
        FunctionSymbol fn = new FunctionSymbol(let.name(), def, scope);
        checkDeclaration(fn);
        scope.define(let.name(), fn);
        return;
      }
      Object bound = bindValue(value, new Context(scope, null, AggregateMode.NOT_ALLOWED, null));
      if (bound instanceof Shape s) {
        scope.define(let.name(), new TableSymbol(s));
      } else if (bound instanceof FunctionSymbol f) {
        scope.define(let.name(), f);
      } else {
        scope.define(let.name(), new ScalarSymbol((ScalarType) bound));
      }
    }

    /**
     * Binds a function body once with its declared parameter types, so that mistakes in functions
     * are found even where they are not called. A {@code (*)} tabular parameter is open.
     */
    private void checkDeclaration(FunctionSymbol fn) {
      Scope inner = new Scope(fn.scope());
      for (FunctionParameter p : fn.definition().parameters()) {
        if (p.isTabular()) {
          List<ColumnSchema> cols = new ArrayList<>();
          for (ColumnDeclaration c : p.tabularColumns()) {
            cols.add(new ColumnSchema(c.name(), c.type()));
          }
          inner.define(p.name(), new TableSymbol(new Shape(p.name(), cols, cols.isEmpty())));
        } else {
          inner.define(p.name(), new ScalarSymbol(p.type()));
        }
      }
      // Scalar function bodies may use columns of the row they are called on: bind them open.
      bindBody(fn.definition(), inner, Shape.unknown());
    }

    private Object bindBody(Expression.FunctionDefinition def, Scope inner, Shape row) {
      calling.add(def);
      try {
        Object result = null;
        for (Statement s : def.body()) {
          if (s instanceof Statement.LetStatement let) {
            bindLet(let, inner);
          } else if (s instanceof Statement.ExpressionStatement es) {
            result =
                bindValue(
                    es.expression(), new Context(inner, row, AggregateMode.NOT_ALLOWED, null));
          }
        }
        return result;
      } finally {
        calling.remove(calling.size() - 1);
      }
    }

    // -------------------------------------------------------------------------------------------
    // Expressions: a value is a ScalarType, a Shape (tabular), or null (unknown after an error)

    private ScalarType bindScalar(Expression e, Context ctx) {
      Object v = bindValue(e, ctx);
      if (v instanceof Shape) {
        report(TYPE, "a tabular expression cannot be used as a scalar value here", e.span());
        return null;
      }
      if (v instanceof FunctionSymbol f) {
        report(TYPE, "function '" + f.name() + "' must be called with ( )", e.span());
        return null;
      }
      return (ScalarType) v;
    }

    private Object bindValue(Expression e, Context ctx) {
      Object v = bindValueUnrecorded(e, ctx);
      if (v instanceof ScalarType t) {
        types.put(e, t);
      } else if (v instanceof Shape s && !s.open()) {
        tabular.put(e, s.schema());
      }
      return v;
    }

    private Object bindValueUnrecorded(Expression e, Context ctx) {
      if (e instanceof Expression.Literal l) {
        return l.type();
      }
      if (e instanceof Expression.NameReference n) {
        return bindName(n, ctx);
      }
      if (e instanceof Expression.NamePattern p) {
        report(TYPE, "a name pattern '" + p.pattern() + "' cannot be used here", p.span());
        return null;
      }
      if (e instanceof Expression.Star s) {
        report(TYPE, "'*' cannot be used here", s.span());
        return null;
      }
      if (e instanceof Expression.Path p) {
        return bindPath(p, ctx);
      }
      if (e instanceof Expression.Element el) {
        bindScalar(el.target(), ctx);
        bindScalar(el.index(), ctx);
        return ScalarType.DYNAMIC;
      }
      if (e instanceof Expression.FunctionCall f) {
        return bindCall(f, ctx);
      }
      if (e instanceof Expression.Parenthesized p) {
        return bindValue(p.inner(), ctx);
      }
      if (e instanceof Expression.Unary u) {
        ScalarType t = bindScalar(u.operand(), ctx);
        if (t != null
            && !t.isNumeric()
            && t != ScalarType.TIMESPAN
            && t != ScalarType.DATETIME
            && t != ScalarType.DYNAMIC) {
          report(TYPE, "unary '" + u.operator().text() + "' is not defined for " + t, u.span());
          return null;
        }
        return t == ScalarType.INT ? ScalarType.LONG : t;
      }
      if (e instanceof Expression.Binary b) {
        return bindBinary(b, ctx);
      }
      if (e instanceof Expression.In in) {
        bindScalar(in.left(), ctx);
        bindListValues(in.values(), ctx);
        return ScalarType.BOOL;
      }
      if (e instanceof Expression.HasAny h) {
        ScalarType left = bindScalar(h.left(), ctx);
        if (!Types.stringLike(left)) {
          report(
              TYPE,
              "'" + h.operatorText() + "' needs a string or dynamic on its left, not " + left,
              h.left().span());
        }
        bindListValues(h.values(), ctx);
        return ScalarType.BOOL;
      }
      if (e instanceof Expression.Between b) {
        ScalarType value = bindScalar(b.left(), ctx);
        ScalarType low = bindScalar(b.low(), ctx);
        ScalarType high = bindScalar(b.high(), ctx);
        if (!Types.betweenDefined(value, low, high)) {
          report(
              TYPE,
              "'between' is not defined for " + value + " between " + low + " .. " + high,
              b.span());
        }
        return ScalarType.BOOL;
      }
      if (e instanceof Expression.Pipe
          || e instanceof Expression.DataTable
          || e instanceof Expression.OperatorSource) {
        return bindTabular(e, ctx.scope());
      }
      if (e instanceof Expression.FunctionDefinition def) {
        return new FunctionSymbol("<lambda>", def, ctx.scope());
      }
      throw new IllegalStateException("unhandled expression " + e.getClass().getSimpleName());
    }

    /**
     * The values of {@code in (...)} / {@code has_any (...)}: scalars or one tabular expression.
     */
    private void bindListValues(List<Expression> values, Context ctx) {
      for (Expression v : values) {
        Object bound = bindValue(v, ctx);
        if (bound instanceof FunctionSymbol f) {
          report(TYPE, "function '" + f.name() + "' must be called with ( )", v.span());
        }
      }
    }

    private Object bindName(Expression.NameReference n, Context ctx) {
      String name = n.name();
      if (ctx.row() != null) {
        Optional<ColumnSchema> c = ctx.row().column(name);
        if (c.isPresent()) {
          if (ctx.mode() == AggregateMode.SUMMARIZE) {
            report(
                TYPE,
                "column '" + name + "' is used in summarize outside an aggregate function",
                n.span());
          }
          return c.get().type();
        }
      }
      Optional<Symbol> sym = ctx.scope().lookup(name);
      if (sym.isPresent()) {
        Symbol s = sym.get();
        if (s instanceof ScalarSymbol sc) {
          return sc.type();
        }
        if (s instanceof TableSymbol t) {
          return t.shape();
        }
        FunctionSymbol f = (FunctionSymbol) s;
        if (f.definition().view() || f.definition().parameters().isEmpty()) {
          return callFunction(f, List.of(), n.span(), ctx);
        }
        return f;
      }
      Optional<TableSchema> table = catalog.table(name);
      if (table.isPresent()) {
        noteTableReference(n);
        return Shape.of(table.get());
      }
      if (ctx.row() != null && ctx.row().open()) {
        return null;
      }
      unknownColumn(name, n.span(), ctx, "");
      return null;
    }

    private void noteTableReference(Expression.NameReference n) {
      if (tableRefs.put(n, Boolean.TRUE) == null) {
        tableRefOrder.add(n);
      }
    }

    private Object bindPath(Expression.Path p, Context ctx) {
      if (p.target() instanceof Expression.NameReference side
          && (side.name().equals("$left") || side.name().equals("$right"))) {
        if (ctx.join() == null) {
          report(TYPE, "'" + side.name() + "' can only be used in a join condition", side.span());
          return null;
        }
        Shape shape = side.name().equals("$left") ? ctx.join().left() : ctx.join().right();
        Optional<ColumnSchema> c = shape.column(p.member());
        if (c.isPresent()) {
          return c.get().type();
        }
        if (!shape.open()) {
          report(
              UNKNOWN_COLUMN,
              "unknown column '"
                  + p.member()
                  + "' on the "
                  + (side.name().equals("$left") ? "left" : "right")
                  + " side of the join"
                  + suggestion(p.member(), shape.names()),
              memberSpan(p));
        }
        return null;
      }
      ScalarType target = bindScalar(p.target(), ctx);
      if (target != null && target != ScalarType.DYNAMIC) {
        // Only a dynamic value has members; on a string Kusto looks for a column of that name.
        report(
            UNKNOWN_COLUMN,
            "unknown column '"
                + p.member()
                + "': "
                + derivedName(p.target()).map(n -> "'" + n + "'").orElse("the value")
                + " is "
                + target
                + ", not dynamic"
                + (target == ScalarType.STRING ? " (parse it with parse_json first)" : ""),
            memberSpan(p));
        return null;
      }
      // Member access on a dynamic value; Kusto does not know the members, so neither do we.
      return ScalarType.DYNAMIC;
    }

    private Object bindBinary(Expression.Binary b, Context ctx) {
      BinaryOperator op = b.operator();
      ScalarType left = bindScalar(b.left(), ctx);
      ScalarType right = bindScalar(b.right(), ctx);
      switch (op) {
        case AND, OR -> {
          if (!Types.isBoolLike(left)) {
            report(
                TYPE,
                "'" + op.text() + "' needs bool operands, the left one is " + left,
                b.left().span());
          }
          if (!Types.isBoolLike(right)) {
            report(
                TYPE,
                "'" + op.text() + "' needs bool operands, the right one is " + right,
                b.right().span());
          }
          return ScalarType.BOOL;
        }
        case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
          Types.Result r = Types.arithmetic(op, left, right);
          if (!r.defined()) {
            report(
                TYPE,
                "the operator '" + op.text() + "' is not defined for " + left + " and " + right,
                b.span());
          }
          return r.type();
        }
        case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
          if (!Types.comparable(left, right)) {
            report(
                TYPE,
                "the operator '" + op.text() + "' is not defined for " + left + " and " + right,
                b.span());
          }
          return ScalarType.BOOL;
        }
        case EQUAL, NOT_EQUAL, LESS_GREATER -> {
          // Like Microsoft's binder, equality accepts mismatched operands (RemotePort == "443").
          return ScalarType.BOOL;
        }
        default -> {
          // String predicates: has, contains, =~, matches regex, like...
          if (!Types.stringLike(left) || !Types.stringLike(right)) {
            report(
                TYPE,
                "the operator '" + op.text() + "' is not defined for " + left + " and " + right,
                b.span());
          }
          return ScalarType.BOOL;
        }
      }
    }

    // -------------------------------------------------------------------------------------------
    // Calls

    private Object bindCall(Expression.FunctionCall f, Context ctx) {
      Optional<Symbol> sym = ctx.scope().lookup(f.name());
      if (sym.isPresent() && sym.get() instanceof FunctionSymbol fn) {
        return callFunction(fn, f.arguments(), f.span(), ctx);
      }
      Optional<BuiltInFunctions.Function> builtIn = BuiltInFunctions.find(f.name());
      if (builtIn.isEmpty()) {
        return bindSpecialOrUnknown(f, ctx);
      }
      BuiltInFunctions.Function fn = builtIn.get();
      if (fn.aggregate()) {
        if (ctx.mode() != AggregateMode.SUMMARIZE) {
          report(
              TYPE,
              "aggregate function '" + f.name() + "' can only be used in summarize",
              f.span());
        }
        checkArity(f, fn);
        List<ScalarType> args = new ArrayList<>();
        Context inner = ctx.withMode(AggregateMode.INSIDE_AGGREGATE);
        for (Expression a : f.arguments()) {
          if (a instanceof Expression.Star && acceptsStar(fn.name())) {
            args.add(null);
            continue;
          }
          args.add(bindScalar(a, inner));
        }
        checkArguments(f, args);
        return fn.result() == null ? (args.isEmpty() ? null : args.get(0)) : fn.result().of(args);
      }
      checkArity(f, fn);
      List<ScalarType> args = new ArrayList<>();
      for (Expression a : f.arguments()) {
        args.add(bindScalar(a, ctx));
      }
      checkArguments(f, args);
      return fn.result().of(args);
    }

    /** The argument types Microsoft's binder insists on ({@link BuiltInFunctions#PARAMETERS}). */
    private void checkArguments(Expression.FunctionCall f, List<ScalarType> args) {
      List<BuiltInFunctions.Parameter> params =
          BuiltInFunctions.PARAMETERS.getOrDefault(f.name(), List.of());
      for (int i = 0; i < params.size() && i < args.size(); i++) {
        if (!params.get(i).accepts(args.get(i))) {
          badArgument(f, i, params.get(i), args.get(i));
        }
      }
      if ((f.name().equals("bin") || f.name().equals("floor") || f.name().equals("bin_at"))
          && args.size() >= 2
          && args.get(0) != null
          && args.get(1) != null
          && args.get(0) != ScalarType.DYNAMIC
          && args.get(1) != ScalarType.DYNAMIC) {
        boolean time = args.get(0) == ScalarType.DATETIME || args.get(0) == ScalarType.TIMESPAN;
        boolean fits = time ? args.get(1) == ScalarType.TIMESPAN : args.get(1).isNumeric();
        if (!fits && BuiltInFunctions.Parameter.BINNABLE.accepts(args.get(0))) {
          badArgument(
              f,
              1,
              time ? BuiltInFunctions.Parameter.TIMESPAN : BuiltInFunctions.Parameter.NUMERIC,
              args.get(1));
        }
      }
      if (f.name().equals("coalesce") || f.name().equals("max_of") || f.name().equals("min_of")) {
        ScalarType first = null;
        for (int i = 0; i < args.size(); i++) {
          ScalarType t = args.get(i);
          if (t == null || t == ScalarType.DYNAMIC) {
            continue;
          }
          if (first == null) {
            first = t;
          } else if (first != t && !(first.isNumeric() && t.isNumeric())) {
            report(
                TYPE,
                "function '" + f.name() + "' has no common type for " + first + " and " + t,
                f.arguments().get(i).span());
            break;
          }
        }
      }
      if (f.name().equals("case")) {
        for (int i = 0; i + 1 < args.size(); i += 2) {
          if (!BuiltInFunctions.Parameter.BOOL.accepts(args.get(i))) {
            badArgument(f, i, BuiltInFunctions.Parameter.BOOL, args.get(i));
          }
        }
      }
    }

    private void badArgument(
        Expression.FunctionCall f,
        int index,
        BuiltInFunctions.Parameter expected,
        ScalarType actual) {
      report(
          TYPE,
          "function '"
              + f.name()
              + "' needs "
              + expected.describe()
              + " as argument "
              + (index + 1)
              + ", not "
              + actual,
          f.arguments().get(index).span());
    }

    private static boolean acceptsStar(String aggregate) {
      return aggregate.equals("arg_max")
          || aggregate.equals("arg_min")
          || aggregate.equals("take_any")
          || aggregate.equals("any");
    }

    private void checkArity(Expression.FunctionCall f, BuiltInFunctions.Function fn) {
      int n = f.arguments().size();
      if (!fn.acceptsArgumentCount(n)) {
        String expected =
            fn.maxArguments() < 0
                ? "at least " + fn.minArguments()
                : fn.minArguments() == fn.maxArguments()
                    ? String.valueOf(fn.minArguments())
                    : fn.minArguments() + " to " + fn.maxArguments();
        report(
            ARGUMENTS,
            "function '" + f.name() + "' takes " + expected + " arguments, not " + n,
            f.span());
      }
    }

    /** Functions whose typing depends on a tabular argument or a column name, and unknowns. */
    private Object bindSpecialOrUnknown(Expression.FunctionCall f, Context ctx) {
      List<Expression> args = f.arguments();
      switch (f.name()) {
        case "toscalar" -> {
          if (args.size() != 1) {
            report(ARGUMENTS, "function 'toscalar' takes 1 argument, not " + args.size(), f.span());
            return null;
          }
          Object v = bindValue(args.get(0), ctx.withMode(AggregateMode.NOT_ALLOWED));
          if (v instanceof Shape s) {
            return s.columns().isEmpty() ? null : s.columns().get(0).type();
          }
          return v instanceof ScalarType t ? t : null;
        }
        case "materialize" -> {
          if (args.size() != 1) {
            report(
                ARGUMENTS, "function 'materialize' takes 1 argument, not " + args.size(), f.span());
            return null;
          }
          return bindTabular(args.get(0), ctx.scope());
        }
        case "column_ifexists" -> {
          if (args.size() != 2) {
            report(
                ARGUMENTS,
                "function 'column_ifexists' takes 2 arguments, not " + args.size(),
                f.span());
            return null;
          }
          ScalarType fallback = bindScalar(args.get(1), ctx);
          if (args.get(0) instanceof Expression.Literal l
              && l.value() instanceof String column
              && ctx.row() != null) {
            Optional<ColumnSchema> c = ctx.row().column(column);
            if (c.isPresent()) {
              return c.get().type();
            }
          }
          return fallback;
        }
        default -> {
          Set<String> candidates = new LinkedHashSet<>(BuiltInFunctions.names());
          candidates.addAll(ctx.scope().names(FunctionSymbol.class));
          candidates.add("toscalar");
          candidates.add("materialize");
          candidates.add("column_ifexists");
          report(
              UNKNOWN_FUNCTION,
              "unknown function '" + f.name() + "'" + suggestion(f.name(), candidates),
              f.span());
          for (Expression a : args) {
            if (!(a instanceof Expression.Star)) {
              bindValue(a, ctx.withMode(AggregateMode.NOT_ALLOWED));
            }
          }
          return null;
        }
      }
    }

    private Object callFunction(FunctionSymbol fn, List<Expression> args, Span at, Context ctx) {
      Expression.FunctionDefinition def = fn.definition();
      for (Expression.FunctionDefinition active : calling) {
        if (active == def) {
          report(TYPE, "function '" + fn.name() + "' calls itself", at);
          return null;
        }
      }
      List<FunctionParameter> params = def.parameters();
      int required = (int) params.stream().filter(p -> p.defaultValue() == null).count();
      if (args.size() < required || args.size() > params.size()) {
        report(
            ARGUMENTS,
            "function '"
                + fn.name()
                + "' takes "
                + (required == params.size() ? required : required + " to " + params.size())
                + " arguments, not "
                + args.size(),
            at);
      }
      Scope inner = new Scope(fn.scope());
      for (int i = 0; i < params.size(); i++) {
        FunctionParameter p = params.get(i);
        if (i < args.size()) {
          if (p.isTabular()) {
            inner.define(p.name(), new TableSymbol(bindTabular(args.get(i), ctx.scope())));
          } else {
            ScalarType actual = bindScalar(args.get(i), ctx);
            inner.define(p.name(), new ScalarSymbol(p.type() != null ? p.type() : actual));
          }
        } else if (p.isTabular()) {
          inner.define(p.name(), new TableSymbol(Shape.unknown()));
        } else {
          inner.define(p.name(), new ScalarSymbol(p.type()));
        }
      }
      return bindBody(def, inner, ctx.row() == null ? Shape.unknown() : ctx.row());
    }

    // -------------------------------------------------------------------------------------------
    // Tabular expressions

    private Shape bindTabular(Expression e, Scope scope) {
      Shape s = bindTabularUnrecorded(e, scope);
      if (!s.open()) {
        tabular.put(e, s.schema());
      }
      return s;
    }

    private Shape bindTabularUnrecorded(Expression e, Scope scope) {
      if (e instanceof Expression.Parenthesized p) {
        return bindTabular(p.inner(), scope);
      }
      if (e instanceof Expression.NameReference n) {
        return tableNamed(n, scope);
      }
      if (e instanceof Expression.Pipe p) {
        Shape in = bindTabular(p.source(), scope);
        return applyOperator(p.operator(), in, scope);
      }
      if (e instanceof Expression.DataTable d) {
        List<ColumnSchema> cols = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ColumnDeclaration c : d.columns()) {
          if (!names.add(c.name())) {
            report(TYPE, "datatable declares column '" + c.name() + "' twice", c.span());
            continue;
          }
          cols.add(new ColumnSchema(c.name(), c.type()));
        }
        Context noRow = new Context(scope, null, AggregateMode.NOT_ALLOWED, null);
        for (Expression v : d.values()) {
          bindScalar(v, noRow);
        }
        if (!d.columns().isEmpty() && d.values().size() % d.columns().size() != 0) {
          report(
              TYPE,
              "datatable has "
                  + d.values().size()
                  + " values, not a multiple of its "
                  + d.columns().size()
                  + " columns",
              d.span());
        }
        return new Shape("datatable", cols, false);
      }
      if (e instanceof Expression.OperatorSource o) {
        return applyOperator(o.operator(), null, scope);
      }
      if (e instanceof Expression.FunctionCall f) {
        Object v = bindValue(f, new Context(scope, null, AggregateMode.NOT_ALLOWED, null));
        if (v instanceof Shape s) {
          return s;
        }
        if (v != null) {
          report(TYPE, "'" + f.name() + "(...)' is a scalar, a table is expected here", f.span());
        }
        return Shape.unknown();
      }
      Object v = bindValue(e, new Context(scope, null, AggregateMode.NOT_ALLOWED, null));
      if (v instanceof Shape s) {
        return s;
      }
      if (v != null) {
        report(TYPE, "a table is expected here, this is a " + v + " value", e.span());
      }
      return Shape.unknown();
    }

    private Shape tableNamed(Expression.NameReference n, Scope scope) {
      Optional<Symbol> sym = scope.lookup(n.name());
      if (sym.isPresent()) {
        Symbol s = sym.get();
        if (s instanceof TableSymbol t) {
          return t.shape();
        }
        if (s instanceof FunctionSymbol f) {
          Object v =
              callFunction(
                  f,
                  List.of(),
                  n.span(),
                  new Context(scope, null, AggregateMode.NOT_ALLOWED, null));
          if (v instanceof Shape shape) {
            return shape;
          }
          report(TYPE, "'" + n.name() + "' is not a table", n.span());
          return Shape.unknown();
        }
        report(TYPE, "'" + n.name() + "' is a scalar value, not a table", n.span());
        return Shape.unknown();
      }
      Optional<TableSchema> table = catalog.table(n.name());
      if (table.isPresent()) {
        noteTableReference(n);
        return Shape.of(table.get());
      }
      Set<String> candidates = new LinkedHashSet<>(catalog.tableNames());
      candidates.addAll(scope.names(TableSymbol.class));
      report(
          UNKNOWN_TABLE,
          "unknown table '" + n.name() + "'" + suggestion(n.name(), candidates),
          n.span());
      return Shape.unknown();
    }

    // -------------------------------------------------------------------------------------------
    // Operators

    private Shape applyOperator(QueryOperator op, Shape in, Scope scope) {
      if (in != null && !in.open()) {
        inputs.put(op, in.schema());
      }
      Shape out = applyOperatorUnrecorded(op, in, scope);
      if (!out.open()) {
        outputs.put(op, out.schema());
      }
      return out;
    }

    private Context rowContext(Scope scope, Shape in) {
      return new Context(scope, in == null ? Shape.unknown() : in, AggregateMode.NOT_ALLOWED, null);
    }

    private Shape applyOperatorUnrecorded(QueryOperator op, Shape input, Scope scope) {
      if (input == null
          && !(op instanceof QueryOperator.Union
              || op instanceof QueryOperator.Print
              || op instanceof QueryOperator.Range)) {
        report(TYPE, "this operator needs an input table", op.span());
        input = Shape.unknown();
      }
      Shape in = input;
      Context row = rowContext(scope, in);
      if (op instanceof QueryOperator.Where w) {
        ScalarType t = bindScalar(w.predicate(), row);
        if (!Types.isBoolLike(t)) {
          report(
              TYPE,
              "the predicate of '" + w.keyword() + "' must be bool, not " + t,
              w.predicate().span());
        }
        return in;
      }
      if (op instanceof QueryOperator.Project p) {
        return project(p.columns(), in, row);
      }
      if (op instanceof QueryOperator.ProjectAway p) {
        Set<String> drop = matchColumns(p.columns(), in, row, "project-away");
        return in.with(in.columns().stream().filter(c -> !drop.contains(c.name())).toList());
      }
      if (op instanceof QueryOperator.ProjectKeep p) {
        Set<String> keep = matchColumns(p.columns(), in, row, "project-keep");
        return in.with(in.columns().stream().filter(c -> keep.contains(c.name())).toList());
      }
      if (op instanceof QueryOperator.ProjectRename p) {
        return projectRename(p, in, row);
      }
      if (op instanceof QueryOperator.ProjectReorder p) {
        return projectReorder(p, in, row);
      }
      if (op instanceof QueryOperator.Extend x) {
        return extend(x.columns(), in, row);
      }
      if (op instanceof QueryOperator.Summarize s) {
        return summarize(s, in, row);
      }
      if (op instanceof QueryOperator.Distinct d) {
        if (d.columns().size() == 1 && d.columns().get(0) instanceof Expression.Star) {
          return in;
        }
        List<NamedExpression> items = new ArrayList<>();
        for (Expression e : d.columns()) {
          items.add(new NamedExpression(List.of(), e, e.span()));
        }
        return project(items, in, row);
      }
      if (op instanceof QueryOperator.Sort s) {
        for (SortKey k : s.keys()) {
          bindScalar(k.expression(), row);
        }
        return in;
      }
      if (op instanceof QueryOperator.Top t) {
        bindScalar(t.count(), new Context(scope, null, AggregateMode.NOT_ALLOWED, null));
        bindScalar(t.by().expression(), row);
        return in;
      }
      if (op instanceof QueryOperator.Take t) {
        bindScalar(t.count(), new Context(scope, null, AggregateMode.NOT_ALLOWED, null));
        return in;
      }
      if (op instanceof QueryOperator.Count) {
        return new Shape(in.name(), List.of(new ColumnSchema("Count", ScalarType.LONG)), false);
      }
      if (op instanceof QueryOperator.Join j) {
        return join(j.parameters(), j.right(), j.on(), in, scope, false);
      }
      if (op instanceof QueryOperator.Lookup l) {
        return join(l.parameters(), l.right(), l.on(), in, scope, true);
      }
      if (op instanceof QueryOperator.Union u) {
        return union(u, in, scope);
      }
      if (op instanceof QueryOperator.MvExpand m) {
        return mvExpand(m, in, row);
      }
      if (op instanceof QueryOperator.Parse p) {
        return parse(p, in, row);
      }
      if (op instanceof QueryOperator.As a) {
        scope.define(a.name(), new TableSymbol(in));
        return in;
      }
      if (op instanceof QueryOperator.Print p) {
        return print(p, scope);
      }
      if (op instanceof QueryOperator.Range r) {
        Context noRow = new Context(scope, null, AggregateMode.NOT_ALLOWED, null);
        ScalarType from = bindScalar(r.from(), noRow);
        bindScalar(r.to(), noRow);
        bindScalar(r.step(), noRow);
        ScalarType t =
            from == null ? ScalarType.LONG : from == ScalarType.INT ? ScalarType.LONG : from;
        return new Shape("range", List.of(new ColumnSchema(r.column(), t)), false);
      }
      throw new IllegalStateException("unhandled operator " + op.getClass().getSimpleName());
    }

    // --- naming

    /**
     * A name Kusto derives for an unnamed expression. {@code generated} names ({@code strlen_S},
     * {@code count_}, {@code ColumnN}) are made unique with a number suffix when they collide;
     * names that repeat a column's ({@code S}, {@code tostring(S)}, {@code bin(Timestamp, 1h)})
     * must be unique, as explicit names must.
     */
    private record DerivedName(String name, boolean generated) {}

    /**
     * The name Kusto gives an unnamed expression's column, when it derives one: a column keeps its
     * name, {@code d.x} and {@code d["x"]} become {@code d_x}, {@code bin(Timestamp, 1h)} and
     * {@code tostring(X)} keep the argument's name, {@code strlen(S)} is {@code strlen_S}.
     */
    private static Optional<DerivedName> derive(Expression e) {
      if (e instanceof Expression.NameReference n) {
        return Optional.of(new DerivedName(n.name(), false));
      }
      if (e instanceof Expression.Parenthesized p) {
        return derive(p.inner());
      }
      if (e instanceof Expression.Path p) {
        return derive(p.target())
            .map(t -> new DerivedName(t.name() + "_" + p.member(), t.generated()));
      }
      if (e instanceof Expression.Element el
          && el.index() instanceof Expression.Literal l
          && l.value() instanceof String key) {
        return derive(el.target()).map(t -> new DerivedName(t.name() + "_" + key, t.generated()));
      }
      if (e instanceof Expression.FunctionCall f) {
        if (f.name().equals("ingestion_time") && f.arguments().isEmpty()) {
          return Optional.of(new DerivedName("$IngestionTime", true));
        }
        if (f.arguments().isEmpty()) {
          return Optional.empty();
        }
        if (BuiltInFunctions.KEEPS_FIRST_ARGUMENT_NAME.contains(f.name())) {
          return derive(f.arguments().get(0));
        }
        String prefix = BuiltInFunctions.NAME_PREFIX.get(f.name());
        if (prefix != null) {
          String arg = derive(f.arguments().get(0)).map(DerivedName::name).orElse("");
          return Optional.of(new DerivedName(prefix + "_" + arg, true));
        }
      }
      return Optional.empty();
    }

    private static Optional<String> derivedName(Expression e) {
      return derive(e).map(DerivedName::name);
    }

    /**
     * The output names of one operator. Declared names (explicit, or a column's own) must not
     * repeat; generated ones get a suffix ({@code count_1}, {@code Column11}) as Kusto does.
     */
    private final class Namer {
      private final Set<String> taken = new LinkedHashSet<>();
      private int column = 1;

      String declared(String name, Span span) {
        if (taken.contains(name)) {
          report(DUPLICATE_COLUMN, "a column named '" + name + "' is already declared", span);
          return generated(name);
        }
        taken.add(name);
        return name;
      }

      String generated(String name) {
        String n = unique(name, taken);
        taken.add(n);
        return n;
      }

      /** {@code ColumnN}: the counter counts unnamed expressions, whatever names exist. */
      String nextColumnName() {
        return "Column" + column++;
      }

      String name(Optional<DerivedName> derived, Span span) {
        if (derived.isEmpty()) {
          return generated(nextColumnName());
        }
        return derived.get().generated()
            ? generated(derived.get().name())
            : declared(derived.get().name(), span);
      }
    }

    private static String unique(String name, Set<String> taken) {
      if (!taken.contains(name)) {
        return name;
      }
      for (int i = 1; ; i++) {
        if (!taken.contains(name + i)) {
          return name + i;
        }
      }
    }

    private static ScalarType orDynamic(ScalarType t) {
      return t == null ? ScalarType.DYNAMIC : t;
    }

    // --- project, extend, rename, reorder

    private Shape project(List<NamedExpression> items, Shape in, Context row) {
      List<ColumnSchema> out = new ArrayList<>();
      Namer namer = new Namer();
      for (NamedExpression item : items) {
        if (item.expression() instanceof Expression.NamePattern p && item.names().isEmpty()) {
          Pattern w = wildcard(p.pattern());
          boolean matched = false;
          for (ColumnSchema c : in.columns()) {
            if (w.matcher(c.name()).matches()) {
              matched = true;
              out.add(new ColumnSchema(namer.declared(c.name(), p.span()), c.type()));
            }
          }
          if (!matched && !in.open()) {
            unknownColumn(p.pattern(), p.span(), row, "");
          }
          continue;
        }
        ScalarType t = bindScalar(item.expression(), row);
        if (item.names().size() > 1) {
          for (String n : item.names()) {
            out.add(new ColumnSchema(namer.declared(n, item.span()), ScalarType.DYNAMIC));
          }
          continue;
        }
        String name =
            item.name().isPresent()
                ? namer.declared(item.name().get(), item.span())
                : namer.name(derive(item.expression()), item.expression().span());
        out.add(new ColumnSchema(name, orDynamic(t)));
      }
      return in.with(out);
    }

    private Shape extend(List<NamedExpression> items, Shape in, Context row) {
      List<ColumnSchema> cols = new ArrayList<>(in.columns());
      Namer namer = new Namer();
      Set<String> explicit = new HashSet<>();
      for (NamedExpression item : items) {
        // Every expression of one extend sees the input only, not its sibling columns.
        ScalarType t = bindScalar(item.expression(), row);
        List<String> names = item.names();
        if (names.isEmpty()) {
          names = List.of(derivedName(item.expression()).orElseGet(namer::nextColumnName));
        } else {
          for (String n : names) {
            if (!explicit.add(n)) {
              report(
                  DUPLICATE_COLUMN, "a column named '" + n + "' is already declared", item.span());
            }
          }
        }
        for (String name : names) {
          // A column that extend names again is removed and appended with its new value.
          cols.removeIf(c -> c.name().equals(name));
          cols.add(new ColumnSchema(name, names.size() > 1 ? ScalarType.DYNAMIC : orDynamic(t)));
        }
      }
      return in.with(cols);
    }

    private Shape projectRename(QueryOperator.ProjectRename p, Shape in, Context row) {
      List<ColumnSchema> cols = new ArrayList<>(in.columns());
      for (NamedExpression r : p.renames()) {
        String newName = r.name().orElse(null);
        if (!(r.expression() instanceof Expression.NameReference old) || newName == null) {
          report(TYPE, "project-rename takes NewName = ExistingColumn", r.span());
          continue;
        }
        int index = indexOf(cols, old.name());
        if (index < 0) {
          if (!in.open()) {
            unknownColumn(old.name(), old.span(), row, "");
          }
          continue;
        }
        int clash = indexOf(cols, newName);
        if (clash >= 0 && clash != index) {
          report(TYPE, "project-rename: a column '" + newName + "' already exists", r.span());
          continue;
        }
        cols.set(index, new ColumnSchema(newName, cols.get(index).type()));
        types.put(old, cols.get(index).type());
      }
      return in.with(cols);
    }

    private Shape projectReorder(QueryOperator.ProjectReorder p, Shape in, Context row) {
      List<ColumnSchema> first = new ArrayList<>();
      Set<String> placed = new HashSet<>();
      for (SortKey key : p.columns()) {
        Expression e = key.expression();
        List<ColumnSchema> matched = new ArrayList<>();
        if (e instanceof Expression.NamePattern np) {
          Pattern w = wildcard(np.pattern());
          in.columns().stream().filter(c -> w.matcher(c.name()).matches()).forEach(matched::add);
          if (matched.isEmpty() && !in.open()) {
            unknownColumn(np.pattern(), np.span(), row, "");
          }
          if (key.direction() != null) {
            matched.sort((a, b) -> a.name().compareTo(b.name()));
            if (key.direction() == SortKey.Direction.DESC) {
              java.util.Collections.reverse(matched);
            }
          }
        } else if (e instanceof Expression.NameReference n) {
          Optional<ColumnSchema> c = in.column(n.name());
          if (c.isPresent()) {
            matched.add(c.get());
          } else if (!in.open()) {
            unknownColumn(n.name(), n.span(), row, "");
          }
        } else {
          report(TYPE, "project-reorder takes column names or patterns", e.span());
        }
        for (ColumnSchema c : matched) {
          if (placed.add(c.name())) {
            first.add(c);
          }
        }
      }
      List<ColumnSchema> out = new ArrayList<>(first);
      in.columns().stream().filter(c -> !placed.contains(c.name())).forEach(out::add);
      return in.with(out);
    }

    private static int indexOf(List<ColumnSchema> cols, String name) {
      for (int i = 0; i < cols.size(); i++) {
        if (cols.get(i).name().equals(name)) {
          return i;
        }
      }
      return -1;
    }

    /** The names of {@code in} that the names and patterns of project-away/-keep select. */
    private Set<String> matchColumns(List<Expression> selectors, Shape in, Context row, String op) {
      Set<String> names = new HashSet<>();
      for (Expression e : selectors) {
        if (e instanceof Expression.NamePattern p) {
          Pattern w = wildcard(p.pattern());
          List<String> matched =
              in.columns().stream()
                  .map(ColumnSchema::name)
                  .filter(n -> w.matcher(n).matches())
                  .toList();
          if (matched.isEmpty() && !in.open()) {
            unknownColumn(p.pattern(), p.span(), row, "");
          }
          names.addAll(matched);
        } else if (e instanceof Expression.NameReference n) {
          if (in.column(n.name()).isPresent()) {
            names.add(n.name());
            types.put(n, in.column(n.name()).get().type());
          } else if (!in.open()) {
            unknownColumn(n.name(), n.span(), row, "");
          }
        } else {
          report(TYPE, op + " takes column names or patterns", e.span());
        }
      }
      return names;
    }

    /** A name pattern such as {@code Initiating*}: {@code *} matches any run of characters. */
    private static Pattern wildcard(String pattern) {
      StringBuilder re = new StringBuilder();
      String[] parts = pattern.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          re.append(".*");
        }
        if (!parts[i].isEmpty()) {
          re.append(Pattern.quote(parts[i]));
        }
      }
      return Pattern.compile(re.toString());
    }

    // --- summarize

    private Shape summarize(QueryOperator.Summarize s, Shape in, Context row) {
      Namer namer = new Namer();
      List<ColumnSchema> out = new ArrayList<>();
      Set<String> keyNames = new LinkedHashSet<>();
      for (NamedExpression k : s.by()) {
        ScalarType t = bindScalar(k.expression(), row);
        String name =
            k.name().isPresent()
                ? namer.declared(k.name().get(), k.span())
                : namer.name(derive(k.expression()), k.expression().span());
        keyNames.add(name);
        out.add(new ColumnSchema(name, orDynamic(t)));
      }
      Context agg = row.withMode(AggregateMode.SUMMARIZE);
      for (NamedExpression a : s.aggregates()) {
        List<ColumnSchema> produced = aggregateColumns(a, in, agg, keyNames);
        for (int i = 0; i < produced.size(); i++) {
          ColumnSchema c = produced.get(i);
          String name;
          if (i < a.names().size()) {
            name = namer.declared(a.names().get(i), a.span());
          } else if (c.name().isEmpty()) {
            name = namer.generated(namer.nextColumnName());
          } else {
            name = namer.generated(c.name());
          }
          out.add(new ColumnSchema(name, c.type()));
        }
      }
      return in.with(out);
    }

    /**
     * The columns one aggregate item of summarize produces, with Kusto's derived names; a column
     * with an empty name gets a {@code ColumnN}. The caller puts explicit names ({@code Count =
     * count()}, {@code (T, X) = arg_max(...)}) in place of the derived ones, in order.
     */
    private List<ColumnSchema> aggregateColumns(
        NamedExpression item, Shape in, Context agg, Set<String> keyNames) {
      Expression e = item.expression();
      List<ColumnSchema> derived = new ArrayList<>();
      BuiltInFunctions.Function fn =
          e instanceof Expression.FunctionCall f
                  && !(agg.scope().lookup(f.name()).orElse(null) instanceof FunctionSymbol)
              ? BuiltInFunctions.find(f.name())
                  .filter(BuiltInFunctions.Function::aggregate)
                  .orElse(null)
              : null;
      if (fn == null) {
        ScalarType t = bindScalar(e, agg);
        derived.add(
            new ColumnSchema(
                derive(e).filter(DerivedName::generated).map(DerivedName::name).orElse(""),
                orDynamic(t)));
      } else {
        Expression.FunctionCall call = (Expression.FunctionCall) e;
        ScalarType t = bindScalar(call, agg);
        List<Expression> args = call.arguments();
        String firstName = args.isEmpty() ? "" : derivedName(args.get(0)).orElse("");
        switch (fn.naming()) {
          case PREFIX_ONLY -> derived.add(new ColumnSchema(fn.prefix() + "_", orDynamic(t)));
          case PREFIX_AND_FIRST_ARGUMENT -> {
            if (fn.name().equals("any")) {
              expandColumns(args, in, keyNames, "any_", derived);
            } else {
              derived.add(new ColumnSchema(fn.prefix() + "_" + firstName, orDynamic(t)));
            }
          }
          case FIRST_ARGUMENT -> {
            if (fn.name().equals("take_any")) {
              expandColumns(args, in, keyNames, "", derived);
            } else {
              derived.add(new ColumnSchema(firstName, orDynamic(t)));
            }
          }
          case PERCENTILES -> {
            for (int i = 1; i < args.size(); i++) {
              derived.add(
                  new ColumnSchema(
                      fn.prefix() + "_" + firstName + "_" + percentText(args.get(i)),
                      orDynamic(t)));
            }
          }
          case EXPANDS -> expandColumns(args, in, keyNames, "", derived);
        }
      }
      return derived;
    }

    /**
     * The columns of {@code arg_max(T, A, *)} and {@code take_any(A, *)}: one per argument; with
     * {@code *}, every input column that is not a by-key and not already produced, in input order
     * (an input column also listed by name is produced where {@code *} puts it).
     */
    private void expandColumns(
        List<Expression> args,
        Shape in,
        Set<String> keyNames,
        String prefix,
        List<ColumnSchema> out) {
      boolean star = args.stream().anyMatch(Expression.Star.class::isInstance);
      Set<String> produced = new HashSet<>();
      for (int i = 0; i < args.size(); i++) {
        Expression a = args.get(i);
        if (a instanceof Expression.Star) {
          for (ColumnSchema c : in.columns()) {
            if (!keyNames.contains(c.name()) && produced.add(c.name())) {
              out.add(new ColumnSchema(prefix + c.name(), c.type()));
            }
          }
          continue;
        }
        Optional<String> name = derivedName(a);
        if (star && i > 0 && name.isPresent() && in.column(name.get()).isPresent()) {
          continue;
        }
        name.ifPresent(produced::add);
        out.add(new ColumnSchema(name.map(n -> prefix + n).orElse(""), orDynamic(types.get(a))));
      }
    }

    private static String percentText(Expression e) {
      Expression inner = unwrap(e);
      if (inner instanceof Expression.Literal l && l.value() != null) {
        Object v = l.value();
        String text =
            v instanceof Double d
                ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                : v instanceof BigDecimal b
                    ? b.stripTrailingZeros().toPlainString()
                    : String.valueOf(v);
        return text.replace('.', '_').replace('-', '_');
      }
      return "";
    }

    // --- join, lookup, union

    private Shape join(
        List<OperatorParameter> params,
        Expression rightExpr,
        List<Expression> on,
        Shape left,
        Scope scope,
        boolean lookup) {
      String kind = lookup ? "leftouter" : "innerunique";
      for (OperatorParameter p : params) {
        if (p.name().equals("kind")) {
          kind = p.valueText();
        }
      }
      Shape right = bindTabular(rightExpr, scope);
      Set<String> rightKeys = new HashSet<>();
      Context ctx = new Context(scope, null, AggregateMode.NOT_ALLOWED, new JoinSides(left, right));
      for (Expression condition : on) {
        Expression c = unwrap(condition);
        if (c instanceof Expression.NameReference n) {
          boolean inLeft = left.open() || left.column(n.name()).isPresent();
          boolean inRight = right.open() || right.column(n.name()).isPresent();
          if (!inLeft) {
            report(
                UNKNOWN_COLUMN,
                "unknown column '"
                    + n.name()
                    + "' on the left side of the join"
                    + suggestion(n.name(), left.names()),
                n.span());
          }
          if (!inRight) {
            report(
                UNKNOWN_COLUMN,
                "unknown column '"
                    + n.name()
                    + "' on the right side of the join"
                    + suggestion(n.name(), right.names()),
                n.span());
          }
          left.column(n.name()).ifPresent(col -> types.put(n, col.type()));
          rightKeys.add(n.name());
        } else if (c instanceof Expression.Binary b
            && b.operator() == BinaryOperator.EQUAL
            && isSide(b.left())
            && isSide(b.right())) {
          bindScalar(b.left(), ctx);
          bindScalar(b.right(), ctx);
          types.put(b, ScalarType.BOOL);
          for (Expression side : List.of(b.left(), b.right())) {
            Expression.Path p = (Expression.Path) unwrap(side);
            if (((Expression.NameReference) p.target()).name().equals("$right")) {
              rightKeys.add(p.member());
            }
          }
        } else {
          report(
              TYPE,
              "a join condition is a column name or $left.Column == $right.Column",
              condition.span());
        }
      }
      switch (kind) {
        case "leftsemi", "leftanti", "anti", "leftantisemi" -> {
          return left;
        }
        case "rightsemi", "rightanti", "rightantisemi" -> {
          return right;
        }
        case "inner", "innerunique", "leftouter", "rightouter", "fullouter" -> {
          // fall through to the combined schema
        }
        default -> report(TYPE, "unknown join kind '" + kind + "'", rightExpr.span());
      }
      List<ColumnSchema> out = new ArrayList<>(left.columns());
      Set<String> taken = new HashSet<>(left.names());
      for (ColumnSchema c : right.columns()) {
        if (lookup && rightKeys.contains(c.name())) {
          continue;
        }
        // A right column whose name is taken gets the suffix 1 (Key1), then 2...
        String name = unique(c.name(), taken);
        taken.add(name);
        out.add(new ColumnSchema(name, c.type()));
      }
      return new Shape(left.name(), out, left.open() || right.open());
    }

    private static boolean isSide(Expression e) {
      return unwrap(e) instanceof Expression.Path p
          && p.target() instanceof Expression.NameReference n
          && (n.name().equals("$left") || n.name().equals("$right"));
    }

    private Shape union(QueryOperator.Union u, Shape in, Scope scope) {
      String kind = "outer";
      String withSource = null;
      boolean fuzzy = false;
      for (OperatorParameter p : u.parameters()) {
        switch (p.name()) {
          case "kind" -> kind = p.valueText();
          case "withsource" -> withSource = p.valueText();
          case "isfuzzy" -> fuzzy = p.valueText().equals("true");
          default -> {
            // hints do not change the schema
          }
        }
      }
      List<Shape> legs = new ArrayList<>();
      if (in != null) {
        legs.add(in);
      }
      for (Expression leg : u.legs()) {
        if (leg instanceof Expression.NamePattern p) {
          Pattern w = wildcard(p.pattern());
          int before = legs.size();
          for (String t : scope.names(TableSymbol.class)) {
            if (w.matcher(t).matches()) {
              legs.add(((TableSymbol) scope.lookup(t).orElseThrow()).shape());
            }
          }
          for (String t : catalog.tableNames()) {
            if (w.matcher(t).matches() && scope.lookup(t).isEmpty()) {
              legs.add(Shape.of(catalog.table(t).orElseThrow()));
            }
          }
          if (legs.size() == before && !fuzzy) {
            report(UNKNOWN_TABLE, "no table matches '" + p.pattern() + "'", p.span());
          }
        } else {
          legs.add(bindTabular(leg, scope));
        }
      }
      boolean open = legs.stream().anyMatch(Shape::open);
      List<ColumnSchema> out = new ArrayList<>();
      if (kind.equals("inner")) {
        if (!legs.isEmpty()) {
          for (ColumnSchema c : legs.get(0).columns()) {
            if (legs.stream()
                .allMatch(
                    l ->
                        l.open()
                            || l.column(c.name()).filter(x -> x.type() == c.type()).isPresent())) {
              out.add(c);
            }
          }
        }
      } else {
        if (!kind.equals("outer")) {
          report(TYPE, "unknown union kind '" + kind + "'", u.span());
        }
        // Columns by name in order of first appearance; a name with several types becomes one
        // column per type, suffixed with the type (A_long, A_string).
        Map<String, List<ScalarType>> byName = new LinkedHashMap<>();
        for (Shape leg : legs) {
          for (ColumnSchema c : leg.columns()) {
            List<ScalarType> ts = byName.computeIfAbsent(c.name(), k -> new ArrayList<>());
            if (!ts.contains(c.type())) {
              ts.add(c.type());
            }
          }
        }
        byName.forEach(
            (name, ts) -> {
              if (ts.size() == 1) {
                out.add(new ColumnSchema(name, ts.get(0)));
              } else {
                for (ScalarType t : ts) {
                  out.add(new ColumnSchema(name + "_" + t.kqlName(), t));
                }
              }
            });
      }
      if (withSource != null) {
        String name = withSource;
        out.removeIf(c -> c.name().equals(name));
        out.add(0, new ColumnSchema(withSource, ScalarType.STRING));
      }
      String name = legs.isEmpty() ? "union" : legs.get(0).name();
      return new Shape(name, dedupe(out), open);
    }

    static List<ColumnSchema> dedupe(List<ColumnSchema> cols) {
      List<ColumnSchema> out = new ArrayList<>();
      Set<String> taken = new HashSet<>();
      for (ColumnSchema c : cols) {
        String name = unique(c.name(), taken);
        taken.add(name);
        out.add(name.equals(c.name()) ? c : new ColumnSchema(name, c.type()));
      }
      return out;
    }

    // --- mv-expand, parse, print

    private Shape mvExpand(QueryOperator.MvExpand m, Shape in, Context row) {
      List<ColumnSchema> cols = new ArrayList<>(in.columns());
      Namer namer = new Namer();
      for (MvExpandItem item : m.items()) {
        NamedExpression ne = item.column();
        ScalarType expanded = bindScalar(ne.expression(), row);
        if (expanded != null && expanded != ScalarType.DYNAMIC) {
          report(
              TYPE,
              "mv-expand needs a dynamic array or bag, not " + expanded,
              ne.expression().span());
        }
        ScalarType t = item.toType() == null ? ScalarType.DYNAMIC : item.toType();
        String name =
            ne.name().or(() -> derivedName(ne.expression())).orElseGet(namer::nextColumnName);
        int index = indexOf(cols, name);
        // An expanded column stays in place with the element type; a new name is appended.
        if (index >= 0) {
          cols.set(index, new ColumnSchema(name, t));
        } else {
          cols.add(new ColumnSchema(name, t));
        }
      }
      for (OperatorParameter p : m.parameters()) {
        if (p.name().equals("with_itemindex")) {
          String name = p.valueText();
          cols.removeIf(c -> c.name().equals(name));
          cols.add(new ColumnSchema(name, ScalarType.LONG));
        }
      }
      if (m.limit() != null) {
        bindScalar(m.limit(), new Context(row.scope(), null, AggregateMode.NOT_ALLOWED, null));
      }
      return in.with(cols);
    }

    private Shape parse(QueryOperator.Parse p, Shape in, Context row) {
      bindScalar(p.source(), row);
      List<ColumnSchema> cols = new ArrayList<>(in.columns());
      Set<String> declared = new HashSet<>();
      for (ParsePatternPart part : p.pattern()) {
        if (part.kind() != ParsePatternPart.Kind.COLUMN) {
          continue;
        }
        if (!declared.add(part.text())) {
          report(TYPE, "parse extracts column '" + part.text() + "' twice", part.span());
          continue;
        }
        // Like extend: a column parse names again is replaced and moves to the end.
        cols.removeIf(c -> c.name().equals(part.text()));
        cols.add(
            new ColumnSchema(part.text(), part.type() == null ? ScalarType.STRING : part.type()));
      }
      return in.with(cols);
    }

    private Shape print(QueryOperator.Print p, Scope scope) {
      Context noRow = new Context(scope, null, AggregateMode.NOT_ALLOWED, null);
      List<ColumnSchema> out = new ArrayList<>();
      Set<String> taken = new HashSet<>();
      for (int i = 0; i < p.columns().size(); i++) {
        NamedExpression ne = p.columns().get(i);
        ScalarType t = bindScalar(ne.expression(), noRow);
        String name = ne.name().or(() -> derivedName(ne.expression())).orElse("print_" + i);
        name = unique(name, taken);
        taken.add(name);
        out.add(new ColumnSchema(name, orDynamic(t)));
      }
      return new Shape("print", out, false);
    }
  }
}
