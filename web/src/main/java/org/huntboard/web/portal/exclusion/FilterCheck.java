package org.huntboard.web.portal.exclusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.condition.FilterText;
import org.huntboard.core.exclusion.lint.ExclusionLinter;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.schema.Dialect;

/**
 * Checks a filter as it is typed on the propose form: whether it parses, whether it fits the rule's
 * table, and what the guards say about it (without fixtures or a backtest, which the proposal
 * itself brings). The server checks everything again when the proposal is sent.
 */
final class FilterCheck {

  /** One finding, located in the filter text when it has a place. */
  record Finding(String severity, String message, Integer line, Integer column) {
    public boolean error() {
      return "error".equals(severity);
    }
  }

  private FilterCheck() {}

  /** The findings on {@code filter} in {@code rule}; empty means nothing to say. */
  static List<Finding> check(HuntingRule rule, String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    FilterText text = FilterText.standalone("filter", filter);
    Condition condition;
    try {
      condition = FilterParser.parse(text);
    } catch (DiagnosticException e) {
      return findings(e.diagnostics());
    }
    ExclusionFilter draft =
        new ExclusionFilter() {
          @Override
          public String id() {
            return "draft";
          }

          @Override
          public Condition conditions() {
            return condition;
          }

          @Override
          public SourceText source() {
            return text.source();
          }
        };
    try {
      Query query = KqlParser.parse(rule.query().text());
      ExclusionCompiler.compile(query, List.of(draft), Dialect.DEFENDER, CompileForm.TAGGED);
      return findings(ExclusionLinter.lint(query, List.of(draft), Dialect.DEFENDER, null));
    } catch (DiagnosticException e) {
      return findings(e.diagnostics());
    }
  }

  private static List<Finding> findings(List<Diagnostic> diagnostics) {
    List<Finding> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      out.add(
          new Finding(
              d.severity().name().toLowerCase(Locale.ROOT),
              d.message(),
              d.location() == null ? null : d.location().line(),
              d.location() == null ? null : d.location().column()));
    }
    return out;
  }
}
