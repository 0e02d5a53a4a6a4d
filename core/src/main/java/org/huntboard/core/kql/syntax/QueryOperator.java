package org.huntboard.core.kql.syntax;

import java.util.List;

/**
 * A tabular operator: the right-hand side of {@code |} in a {@link Expression.Pipe}, or the start
 * of a pipeline in an {@link Expression.OperatorSource} ({@code union}, {@code print}, {@code
 * range}). Operator parameters such as {@code kind=inner} keep their written order.
 */
public sealed interface QueryOperator extends SyntaxNode
    permits QueryOperator.Where,
        QueryOperator.Project,
        QueryOperator.ProjectAway,
        QueryOperator.ProjectKeep,
        QueryOperator.ProjectRename,
        QueryOperator.ProjectReorder,
        QueryOperator.Extend,
        QueryOperator.Summarize,
        QueryOperator.Distinct,
        QueryOperator.Sort,
        QueryOperator.Top,
        QueryOperator.Take,
        QueryOperator.Count,
        QueryOperator.Join,
        QueryOperator.Lookup,
        QueryOperator.Union,
        QueryOperator.MvExpand,
        QueryOperator.Parse,
        QueryOperator.As,
        QueryOperator.Print,
        QueryOperator.Range {

  /**
   * {@code where predicate} or its synonym {@code filter predicate} ({@code keyword} says which).
   */
  record Where(String keyword, Expression predicate, Span span) implements QueryOperator {}

  /** {@code project a, b = expr, ...}. */
  record Project(List<NamedExpression> columns, Span span) implements QueryOperator {
    public Project {
      columns = List.copyOf(columns);
    }
  }

  /** {@code project-away c, Prefix*}: names or {@link Expression.NamePattern}s. */
  record ProjectAway(List<Expression> columns, Span span) implements QueryOperator {
    public ProjectAway {
      columns = List.copyOf(columns);
    }
  }

  /** {@code project-keep c, Prefix*}. */
  record ProjectKeep(List<Expression> columns, Span span) implements QueryOperator {
    public ProjectKeep {
      columns = List.copyOf(columns);
    }
  }

  /**
   * {@code project-rename New = Old, ...}; each expression is a {@link Expression.NameReference}.
   */
  record ProjectRename(List<NamedExpression> renames, Span span) implements QueryOperator {
    public ProjectRename {
      renames = List.copyOf(renames);
    }
  }

  /** {@code project-reorder c [asc|desc], Prefix*, ...}; nulls placement is never set. */
  record ProjectReorder(List<SortKey> columns, Span span) implements QueryOperator {
    public ProjectReorder {
      columns = List.copyOf(columns);
    }
  }

  /** {@code extend a = expr, expr, ...}. */
  record Extend(List<NamedExpression> columns, Span span) implements QueryOperator {
    public Extend {
      columns = List.copyOf(columns);
    }
  }

  /** {@code summarize [params] aggregates [by keys]}; either list may be empty, not both. */
  record Summarize(
      List<OperatorParameter> parameters,
      List<NamedExpression> aggregates,
      List<NamedExpression> by,
      Span span)
      implements QueryOperator {
    public Summarize {
      parameters = List.copyOf(parameters);
      aggregates = List.copyOf(aggregates);
      by = List.copyOf(by);
    }
  }

  /** {@code distinct c1, c2} or {@code distinct *}. */
  record Distinct(List<Expression> columns, Span span) implements QueryOperator {
    public Distinct {
      columns = List.copyOf(columns);
    }
  }

  /** {@code sort by ...} or {@code order by ...} ({@code keyword} says which). */
  record Sort(String keyword, List<SortKey> keys, Span span) implements QueryOperator {
    public Sort {
      keys = List.copyOf(keys);
    }
  }

  /** {@code top count by key}. */
  record Top(Expression count, SortKey by, Span span) implements QueryOperator {}

  /** {@code take count} or {@code limit count} ({@code keyword} says which). */
  record Take(String keyword, Expression count, Span span) implements QueryOperator {}

  /** {@code count}: one row, one column {@code Count}. */
  record Count(Span span) implements QueryOperator {}

  /**
   * {@code join [kind=K] [hints] (right) on conditions}. Each condition is a column name ({@link
   * Expression.NameReference}) or {@code $left.A == $right.B}; commas mean {@code and}.
   */
  record Join(List<OperatorParameter> parameters, Expression right, List<Expression> on, Span span)
      implements QueryOperator {
    public Join {
      parameters = List.copyOf(parameters);
      on = List.copyOf(on);
    }
  }

  /**
   * {@code lookup [kind=leftouter|inner] (right) on conditions}, conditions as for {@link Join}.
   */
  record Lookup(
      List<OperatorParameter> parameters, Expression right, List<Expression> on, Span span)
      implements QueryOperator {
    public Lookup {
      parameters = List.copyOf(parameters);
      on = List.copyOf(on);
    }
  }

  /**
   * {@code union [kind=inner|outer] [withsource=C] [isfuzzy=true] legs}; a leg is a name, a name
   * pattern or a parenthesized tabular expression.
   */
  record Union(List<OperatorParameter> parameters, List<Expression> legs, Span span)
      implements QueryOperator {
    public Union {
      parameters = List.copyOf(parameters);
      legs = List.copyOf(legs);
    }
  }

  /** {@code mv-expand [params] items [limit n]}; {@code limit} is null when absent. */
  record MvExpand(
      List<OperatorParameter> parameters, List<MvExpandItem> items, Expression limit, Span span)
      implements QueryOperator {
    public MvExpand {
      parameters = List.copyOf(parameters);
      items = List.copyOf(items);
    }
  }

  /**
   * {@code parse [kind=simple|regex|relaxed] [flags=...] source with pattern}; {@code where} is
   * true for {@code parse-where}, which drops rows that do not match.
   */
  record Parse(
      boolean where,
      List<OperatorParameter> parameters,
      Expression source,
      List<ParsePatternPart> pattern,
      Span span)
      implements QueryOperator {
    public Parse {
      parameters = List.copyOf(parameters);
      pattern = List.copyOf(pattern);
    }
  }

  /** {@code as [hint.materialized=true] Name}: names the input for later reference. */
  record As(List<OperatorParameter> parameters, String name, Span span) implements QueryOperator {
    public As {
      parameters = List.copyOf(parameters);
    }
  }

  /** {@code print a = expr, ...}: one row from scalars (a pipeline source). */
  record Print(List<NamedExpression> columns, Span span) implements QueryOperator {
    public Print {
      columns = List.copyOf(columns);
    }
  }

  /** {@code range Column from start to stop step step} (a pipeline source). */
  record Range(String column, Expression from, Expression to, Expression step, Span span)
      implements QueryOperator {}
}
