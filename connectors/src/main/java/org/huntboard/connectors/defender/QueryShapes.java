package org.huntboard.connectors.defender;

import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.kql.parse.KqlParser;

/** Parses a query to decide how a truncated run of it can be split ({@link SplitPlan}). */
final class QueryShapes {

  private QueryShapes() {}

  /** The plan for {@code query}; a query Huntboard's parser cannot read is not split. */
  static SplitPlan splitPlan(String query) {
    try {
      return SplitPlan.of(KqlParser.parse(query));
    } catch (DiagnosticException e) {
      return SplitPlan.none("Huntboard could not parse it: " + e.getMessage());
    }
  }
}
