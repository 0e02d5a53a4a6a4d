package org.huntboard.web.portal.run;

import java.util.Map;
import org.huntboard.web.portal.FailureWords;
import org.huntboard.web.run.service.RunView;

/**
 * A run as a line of the ledger shows it: the run, its rule's name, and its failure in words.
 *
 * @param failure why it failed, or null when it did not
 */
public record RunRow(RunView run, String ruleName, FailureWords.Explanation failure) {

  /** The line of a run, naming its rule from the catalog (by id when the rule is gone). */
  public static RunRow of(RunView run, Map<String, String> ruleNames) {
    return new RunRow(
        run,
        ruleNames.getOrDefault(run.ruleId(), run.ruleId()),
        FailureWords.of(run.failureClass()).orElse(null));
  }

  /** One word for how the run stands: planned, running, succeeded, partial or failed. */
  public String status() {
    if (run.outcome() != null) {
      return run.outcome().name().toLowerCase(java.util.Locale.ROOT);
    }
    return run.state().name().toLowerCase(java.util.Locale.ROOT);
  }
}
