package org.huntboard.core.rule;

import org.huntboard.core.diagnostic.SourceLocation;

/**
 * A rule's KQL text and where it stands in the rule file, so that a problem found in the query is
 * reported at its place in the YAML file.
 *
 * <p>{@code line} and {@code column} (1-based) are the file position of the query's first
 * character. In a literal block ({@code query: |}) every line of the query sits in the file at the
 * block's indentation, so {@link #locate} maps any place exactly; for other scalar styles ({@code
 * block} false) only the first line maps exactly and places on later lines point at the start of
 * their line in the file.
 */
public record RuleQuery(String text, int line, int column, boolean block) {

  /** The file position of a 1-based line and column of the query text. */
  public SourceLocation locate(String file, int queryLine, int queryColumn) {
    if (queryLine <= 1) {
      return new SourceLocation(file, line, column + queryColumn - 1);
    }
    int fileLine = line + queryLine - 1;
    return new SourceLocation(file, fileLine, block ? column + queryColumn - 1 : 1);
  }
}
