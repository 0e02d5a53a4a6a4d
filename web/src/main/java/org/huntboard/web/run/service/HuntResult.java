package org.huntboard.web.run.service;

import java.util.List;
import java.util.Map;

/** What running one window produced: rows, or a classified failure. */
public sealed interface HuntResult permits HuntResult.Completed, HuntResult.Failed {

  /**
   * The query ran.
   *
   * @param ruleVersionHash the content hash of the rule version that ran
   * @param queryHash SHA-256 of the exact KQL text sent to the connector
   * @param exclusionSetVersion the version of the set of active exclusions applied
   * @param rowsBefore rows the rule produced before exclusions
   * @param rowsAfter rows left after exclusions
   * @param suppressions rows hidden per exclusion id
   * @param groupBy the rule's grouping columns, which identify a detection among the rows
   * @param rows the rows left after exclusions, by column name; {@code FirstSeen}, {@code
   *     LastSeen}, {@code Count} and {@code Report} (report ids) are read when present
   * @param partial the failure class when the result is incomplete (truncated, partial), or null
   */
  record Completed(
      String ruleVersionHash,
      String queryHash,
      String exclusionSetVersion,
      long rowsBefore,
      long rowsAfter,
      Map<String, Long> suppressions,
      List<String> groupBy,
      List<Map<String, Object>> rows,
      FailureClass partial)
      implements HuntResult {}

  /**
   * The query did not run to an answer.
   *
   * @param failureClass why, in a class that says whether to retry
   * @param message the failure in words, without secrets
   * @param ruleVersionHash the rule version, if it was resolved, else null
   * @param queryHash the hash of the KQL, if it was built, else null
   */
  record Failed(FailureClass failureClass, String message, String ruleVersionHash, String queryHash)
      implements HuntResult {}
}
