package org.huntboard.web.exclusion.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.condition.FilterText;
import org.huntboard.core.exclusion.lint.ExclusionEvidence;
import org.huntboard.core.exclusion.lint.ExclusionLinter;
import org.huntboard.core.exclusion.lint.FixtureEvidence;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.schema.Dialect;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Problem;
import org.huntboard.web.exclusion.persistence.Backtest;
import org.huntboard.web.rule.service.RuleCatalog;

/**
 * Checks filters and runs the guards ({@link ExclusionLinter}) on a tenant's exclusion: the filter
 * must parse and compile into the rule's query; the guards' evidence is the rule's true-positive
 * fixtures (none may be hidden) and the latest backtest of the filter's version (an exclusion that
 * hid nothing there is dead).
 */
@ApplicationScoped
public class ExclusionGuards {

  /** The name filter texts are located by in findings ({@code filter:1:23}). */
  static final String FILTER_SOURCE = "filter";

  private final RuleCatalog rules;

  ExclusionGuards(RuleCatalog rules) {
    this.rules = rules;
  }

  /** Parses a filter, or answers 400 with the located syntax error. */
  Condition parse(String filterText) {
    try {
      return FilterParser.parse(FilterText.standalone(FILTER_SOURCE, filterText));
    } catch (DiagnosticException e) {
      throw new HuntboardException.InvalidRequest(
          "The filter is not valid: " + e.diagnostics().get(0).headline(),
          findings(e.diagnostics()));
    }
  }

  /**
   * Compiles {@code exclusion} into the rule's query for each dialect, or answers 400 with every
   * problem (an unknown field with its close matches, a value the column cannot hold).
   */
  void requireCompiles(
      HuntingRule rule, ExclusionFilter exclusion, String filterText, List<Dialect> dialects) {
    Query query = KqlParser.parse(rule.query().text());
    ExclusionFilter located = located(exclusion, filterText);
    for (Dialect dialect : dialects) {
      try {
        ExclusionCompiler.compile(query, List.of(located), dialect, CompileForm.TAGGED);
      } catch (DiagnosticException e) {
        throw new HuntboardException.InvalidRequest(
            "The filter does not fit the rule's table in the "
                + dialect.id()
                + " schema: "
                + e.diagnostics().get(0).headline(),
            findings(e.diagnostics()));
      }
    }
  }

  /**
   * The guards' findings on {@code exclusion} in {@code rule}. With a backtest of the filter's
   * version, the backtest's hidden rows are the evidence of what it matches; without one there is
   * no evidence of that, and the dead-exclusion finding is left out.
   */
  List<Diagnostic> lint(
      HuntingRule rule, ExclusionFilter exclusion, String filterText, Backtest backtest) {
    Query query = KqlParser.parse(rule.query().text());
    List<Map<String, Object>> truePositives = rules.truePositiveFixtures(rule.id().toString());
    FixtureEvidence fixtures =
        new FixtureEvidence(truePositives, List.of(), "the rule's true-positive fixtures");
    String evidence =
        backtest == null ? "no backtest" : "the backtest over the last " + backtest.days + " days";
    long matched = backtest == null ? 0 : backtest.rowsHidden;
    ExclusionEvidence combined =
        (q, e, profile) ->
            new ExclusionEvidence.Verdict(
                fixtures.examine(q, e, profile).suppressedTruePositives(), matched, evidence);
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d :
        ExclusionLinter.lint(
            query, List.of(located(exclusion, filterText)), Dialect.DEFENDER, combined)) {
      if (backtest == null && ExclusionLinter.DEAD.equals(d.code())) {
        continue;
      }
      out.add(d);
    }
    return out;
  }

  /**
   * The exclusion with its filter text as the source its conditions' spans point into, so findings
   * say {@code filter:line:column}; the text must be the one the conditions were parsed from.
   */
  private static ExclusionFilter located(ExclusionFilter exclusion, String filterText) {
    SourceText source = new SourceText(FILTER_SOURCE, filterText);
    return new ExclusionFilter() {
      @Override
      public String id() {
        return exclusion.id();
      }

      @Override
      public Condition conditions() {
        return exclusion.conditions();
      }

      @Override
      public SourceText source() {
        return source;
      }
    };
  }

  /** Whether the findings say the filter is broad: an alternative that tests one field only. */
  static boolean broad(List<Diagnostic> findings) {
    return findings.stream().anyMatch(d -> ExclusionLinter.SINGLE_FIELD.equals(d.code()));
  }

  /** Diagnostics as problem-details findings. */
  static List<Problem.Finding> findings(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .map(
            d ->
                new Problem.Finding(
                    d.severity().name().toLowerCase(Locale.ROOT),
                    d.code(),
                    d.message(),
                    d.location() == null ? null : d.location().line(),
                    d.location() == null ? null : d.location().column(),
                    d.excerpt() == null || d.excerpt().isEmpty() ? null : d.excerpt()))
        .toList();
  }
}
