package org.huntboard.core.exclusion.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.exclusion.mapping.FieldMappings;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.analyze.BoundQuery;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;

/**
 * Puts exclusions into a rule's query.
 *
 * <p>The query is bound against the dialect's schemas to find the table it reads and the columns
 * each step carries; each exclusion's fields are mapped onto that table's columns ({@link
 * FieldMappings}) and its conditions translated into a KQL predicate ({@link ConditionTranslator}).
 * The new step goes before the first operator that drops a column the exclusions test (for the
 * TigerVNC rule: before its {@code summarize}).
 *
 * <ul>
 *   <li>{@link CompileForm#TAGGED}: {@code | extend HuntboardExclusion = case(<ex-1>, "ex-1", ...,
 *       "")}, and {@code HuntboardExclusion} is added to the {@code summarize ... by} keys, so each
 *       result row is either a detection (empty tag) or what one exclusion suppressed; a query
 *       whose later steps drop the tag is refused (use the plain form). {@code case} takes the
 *       first exclusion that matches.
 *   <li>{@link CompileForm#PLAIN}: {@code | where not(<ex-1> or <ex-2> ...)}.
 * </ul>
 *
 * With no exclusions the query comes back unchanged. Problems (unknown fields, values the column
 * cannot hold, a query shape exclusions cannot go into) are thrown together as one {@link
 * DiagnosticException}, located in the exclusions file where the exclusion came from one.
 */
public final class ExclusionCompiler {

  /** The query does not have a shape exclusions can go into. */
  public static final String SHAPE = "EXCL-QUERY-SHAPE";

  private final FieldMappings mappings;

  public ExclusionCompiler(FieldMappings mappings) {
    this.mappings = mappings;
  }

  /** A compiler over the built-in field mappings. */
  public static ExclusionCompiler builtIn() {
    return new ExclusionCompiler(FieldMappings.builtIn());
  }

  /** {@link #compileWith} over the built-in field mappings. */
  public static CompiledQuery compile(
      Query query, List<? extends ExclusionFilter> exclusions, Dialect dialect, CompileForm form) {
    return builtIn().compileWith(query, exclusions, dialect, form);
  }

  /** Parses {@code queryText} and compiles; syntax errors are thrown as by {@link KqlParser}. */
  public static CompiledQuery compile(
      String queryText,
      List<? extends ExclusionFilter> exclusions,
      Dialect dialect,
      CompileForm form) {
    return compile(KqlParser.parse(queryText), exclusions, dialect, form);
  }

  /** The rewritten query, or a {@link DiagnosticException} with every problem found. */
  public CompiledQuery compileWith(
      Query query, List<? extends ExclusionFilter> exclusions, Dialect dialect, CompileForm form) {
    BoundQuery bound = Binder.bind(query, SchemaCatalog.builtIn(dialect));
    FieldMappingProfile profile = profileOf(bound, dialect);
    return compileBound(bound, profile, query, exclusions, form, dialect);
  }

  /**
   * The field-mapping profile of the one table {@code query} reads, or a {@link
   * DiagnosticException} when the query does not bind or reads no table or several.
   */
  public FieldMappingProfile profileFor(Query query, Dialect dialect) {
    return profileOf(Binder.bind(query, SchemaCatalog.builtIn(dialect)), dialect);
  }

  private CompiledQuery compileBound(
      BoundQuery bound,
      FieldMappingProfile profile,
      Query query,
      List<? extends ExclusionFilter> exclusions,
      CompileForm form,
      Dialect dialect) {
    if (exclusions.isEmpty()) {
      return new CompiledQuery(query, form, profile.table().name(), List.of(), List.of());
    }
    List<Diagnostic> problems = new ArrayList<>();
    List<Expression> predicates = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    for (ExclusionFilter e : exclusions) {
      if (!ids.add(e.id())) {
        problems.add(
            new Diagnostic(
                Diagnostic.Severity.ERROR,
                "EXCL-DUPLICATE",
                "two exclusions have the id " + e.id() + "; the tag would not say which matched",
                null,
                null));
      }
      try {
        predicates.add(ConditionTranslator.translate(e, profile));
        ConditionTranslator.columns(e, profile).stream()
            .map(ColumnSchema::name)
            .forEach(columns::add);
      } catch (DiagnosticException d) {
        problems.addAll(d.diagnostics());
      }
    }
    if (!problems.isEmpty()) {
      throw new DiagnosticException(problems);
    }
    if (bound.resultSchema() != null && bound.resultSchema().hasColumn(CompiledQuery.TAG_COLUMN)) {
      throw shape("the query already has a column named " + CompiledQuery.TAG_COLUMN);
    }
    QueryOperator step;
    String carried = null;
    if (form == CompileForm.TAGGED) {
      List<Expression> arguments = new ArrayList<>();
      List<String> idList = List.copyOf(ids);
      for (int i = 0; i < predicates.size(); i++) {
        arguments.add(predicates.get(i));
        arguments.add(new Expression.Literal(ScalarType.STRING, idList.get(i), Span.NONE));
      }
      arguments.add(new Expression.Literal(ScalarType.STRING, "", Span.NONE));
      step =
          new QueryOperator.Extend(
              List.of(
                  NamedExpression.of(
                      CompiledQuery.TAG_COLUMN,
                      new Expression.FunctionCall("case", arguments, Span.NONE))),
              Span.NONE);
      carried = CompiledQuery.TAG_COLUMN;
    } else {
      Expression any = null;
      for (Expression p : predicates) {
        Expression operand =
            p instanceof Expression.Binary b && b.operator() == BinaryOperator.OR
                ? new Expression.Parenthesized(p, Span.NONE)
                : p;
        any =
            any == null
                ? operand
                : new Expression.Binary(BinaryOperator.OR, any, operand, Span.NONE);
      }
      step =
          new QueryOperator.Where(
              "where", new Expression.FunctionCall("not", List.of(any), Span.NONE), Span.NONE);
    }
    SchemaCatalog catalog = SchemaCatalog.builtIn(dialect);
    // The tag goes in before the rows are grouped even when the exclusion tests only grouping
    // keys (an exclusion made from a detection), which no step before the summarize drops.
    Query rewritten =
        form == CompileForm.TAGGED
            ? QueryRewriter.insertBeforeFirstDroppingOrGrouping(query, catalog, columns, step)
            : QueryRewriter.insertBeforeFirstDropping(query, catalog, columns, step);
    if (carried != null) {
      if (hasSummarize(rewritten)) {
        rewritten = QueryRewriter.addSummarizeKey(rewritten, carried);
      }
      BoundQuery rebound = Binder.bind(rewritten, catalog);
      if (rebound.resultSchema() == null || !rebound.resultSchema().hasColumn(carried)) {
        throw shape(
            "a later step of the query drops "
                + carried
                + ", so its rows could not say which exclusion matched; use the plain form");
      }
    }
    return new CompiledQuery(rewritten, form, profile.table().name(), List.copyOf(ids), predicates);
  }

  private static boolean hasSummarize(Query query) {
    Expression e = query.body().orElseThrow().expression();
    while (e instanceof Expression.Pipe p) {
      if (p.operator() instanceof QueryOperator.Summarize) {
        return true;
      }
      e = p.source();
    }
    return false;
  }

  private FieldMappingProfile profileOf(BoundQuery bound, Dialect dialect) {
    if (bound.hasErrors()) {
      throw new DiagnosticException(bound.errors());
    }
    Set<String> tables = new LinkedHashSet<>();
    bound.tableReferences().forEach(t -> tables.add(t.name()));
    if (tables.size() != 1) {
      throw shape(
          tables.isEmpty()
              ? "the query reads no table, so there is nothing to map exclusion fields onto"
              : "the query reads "
                  + String.join(", ", tables)
                  + "; exclusions apply to queries over one table");
    }
    String table = tables.iterator().next();
    return mappings
        .profile(table, dialect)
        .orElseThrow(() -> shape("there is no field mapping for " + table + " in " + dialect.id()));
  }

  private static DiagnosticException shape(String message) {
    return new DiagnosticException(
        new Diagnostic(Diagnostic.Severity.ERROR, SHAPE, message, null, null));
  }
}
