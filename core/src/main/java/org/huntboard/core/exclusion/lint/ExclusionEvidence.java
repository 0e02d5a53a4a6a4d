package org.huntboard.core.exclusion.lint;

import java.util.List;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.kql.syntax.Query;

/**
 * Events an exclusion can be tried on before anyone approves it: the rule's true-positive fixtures,
 * which it must not suppress, and events it is meant to suppress (its own fixtures, or a backtest
 * over real telemetry), which it must match at least once. Implementations run the rule's query
 * with the exclusion compiled in (the embedded engine), or evaluate the conditions on fixture
 * events directly ({@link FixtureEvidence}).
 */
public interface ExclusionEvidence {

  /** What the evidence says about one exclusion. */
  record Verdict(List<String> suppressedTruePositives, long matched, String evidence) {
    public Verdict {
      suppressedTruePositives = List.copyOf(suppressedTruePositives);
    }
  }

  /**
   * Tries {@code exclusion} in {@code ruleQuery} over the table of {@code profile}.
   *
   * @return the true positives it would hide (each described for a person, e.g. by device and
   *     remote URL), how many rows of the other evidence it matches, and what the evidence was
   */
  Verdict examine(Query ruleQuery, ExclusionFilter exclusion, FieldMappingProfile profile);
}
