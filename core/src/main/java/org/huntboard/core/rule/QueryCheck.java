package org.huntboard.core.rule;

import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;

/**
 * What {@link RuleValidator} needs to know about tables and KQL: which tables the schema catalog
 * has, and the problems of a rule's query.
 */
public interface QueryCheck {

  /** Whether the schema catalog has a table of this name (names are case-sensitive). */
  boolean knowsTable(String table);

  /**
   * The problems of a query: its syntax errors, and when it parses, what does not bind against
   * {@code tables}. Locations are lines and columns of {@code query}'s text.
   */
  List<Diagnostic> check(SourceText query, List<String> tables);
}
