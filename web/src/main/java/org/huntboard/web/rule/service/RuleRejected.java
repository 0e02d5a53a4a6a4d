package org.huntboard.web.rule.service;

import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;

/** A rule sent for import that does not load or does not validate, with its located problems. */
public final class RuleRejected extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> problems;

  RuleRejected(List<Diagnostic> problems) {
    super("The rule has " + problems.size() + " problem(s)");
    this.problems = List.copyOf(problems);
  }

  /** The errors, each with its line and column in the YAML sent. */
  public List<Diagnostic> problems() {
    return problems;
  }
}
