package org.huntboard.core.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;

/** The outcome of validating a rule set: the problems of each file, by path. */
public record RuleSetReport(List<RuleFile> files, Map<String, List<Diagnostic>> problems) {

  public RuleSetReport {
    files = List.copyOf(files);
    Map<String, List<Diagnostic>> copy = new LinkedHashMap<>();
    problems.forEach((path, list) -> copy.put(path, List.copyOf(list)));
    problems = java.util.Collections.unmodifiableMap(copy);
  }

  /** Every problem of every file, file by file. */
  public List<Diagnostic> all() {
    List<Diagnostic> all = new ArrayList<>();
    problems.values().forEach(all::addAll);
    return all;
  }

  /** The errors of every file. */
  public List<Diagnostic> errors() {
    return all().stream().filter(Diagnostic::isError).toList();
  }

  /** The rules whose files have no error. */
  public List<HuntingRule> validRules() {
    List<HuntingRule> rules = new ArrayList<>();
    for (RuleFile file : files) {
      boolean clean =
          problems.getOrDefault(file.path(), List.of()).stream().noneMatch(Diagnostic::isError);
      if (clean && file.rule().isPresent()) {
        rules.add(file.rule().get());
      }
    }
    return rules;
  }

  /** Whether no file has an error. */
  public boolean ok() {
    return errors().isEmpty();
  }
}
