package org.huntboard.core.rule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;

/**
 * One rule file as the loader read it: the rule when its fields could be read, the problems found
 * while reading (located in the file), and where each field stands so later checks can point at it.
 *
 * <p>Field places are keyed by path: {@code id}, {@code tactics[0]}, {@code
 * requiredDataConnectors[0].dataTypes[1]}.
 */
public record RuleFile(
    String path,
    SourceText source,
    Optional<HuntingRule> rule,
    List<Diagnostic> diagnostics,
    Map<String, SourceLocation> places) {

  public RuleFile {
    diagnostics = List.copyOf(diagnostics);
    places = Map.copyOf(places);
  }

  /** The place of a field, or of the file's start when the field is absent. */
  public SourceLocation place(String field) {
    SourceLocation place = places.get(field);
    return place != null ? place : new SourceLocation(path, 1, 1);
  }

  /** Whether the loader found no error. */
  public boolean loaded() {
    return rule.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
