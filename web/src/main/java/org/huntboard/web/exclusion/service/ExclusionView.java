package org.huntboard.web.exclusion.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.web.api.Problem;

/**
 * An exclusion as the API shows it. {@code findings} and {@code history} are filled in for a single
 * exclusion and left out of lists.
 *
 * @param id the exclusion's id; also the tag its rows carry in compiled queries
 * @param tenantId the tenant it belongs to
 * @param ruleId the rule it applies to
 * @param filter the filter in the filter language
 * @param filterVersion 1, plus one per amendment; approval needs a backtest of this version
 * @param justification why the rows it matches are benign
 * @param ticket a ticket reference, or null
 * @param proposer who proposed it
 * @param approver who approved it, or null
 * @param state where it is in its lifecycle
 * @param createdAt when it was proposed
 * @param approvedAt when it was approved, or null
 * @param expiresAt when it stops applying
 * @param closedAt when it was rejected, revoked or expired, or null
 * @param closedBy who rejected or revoked it, or null
 * @param closeReason why, or null
 * @param renews the exclusion it renews, or null
 * @param sourceTemplateId the rule's template it was proposed from, or null
 * @param sourceDetectionId the detection it was proposed from, or null
 * @param hits what the runs that applied it counted
 * @param flags dead or over-broad, with the reasons
 * @param latestBacktest the newest backtest, or null
 * @param findings the guards' findings on it (single exclusion only)
 * @param history decisions, backtests and comments, oldest first (single exclusion only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExclusionView(
    UUID id,
    UUID tenantId,
    String ruleId,
    String filter,
    int filterVersion,
    String justification,
    String ticket,
    String proposer,
    String approver,
    ExclusionState state,
    Instant createdAt,
    Instant approvedAt,
    Instant expiresAt,
    Instant closedAt,
    String closedBy,
    String closeReason,
    UUID renews,
    String sourceTemplateId,
    UUID sourceDetectionId,
    Hits hits,
    Flags flags,
    BacktestView latestBacktest,
    List<Problem.Finding> findings,
    List<HistoryEntry> history) {

  /**
   * Hit accounting from the run ledger.
   *
   * @param hitCount rows it suppressed, summed over the runs that applied it (successive runs with
   *     overlapping lookbacks see the same events again, and count them again)
   * @param rowsSeen rows the rule produced, before exclusions, in those runs
   * @param runsApplied runs that applied it
   * @param lastHitAt when a run last hid a row with it, or null
   * @param lastAppliedAt when a run last applied it, or null
   */
  public record Hits(
      long hitCount, long rowsSeen, long runsApplied, Instant lastHitAt, Instant lastAppliedAt) {}

  /**
   * Warnings for the rule owner.
   *
   * @param dead active, but no hit in the runs of the dead-after period
   * @param overBroad hides more than the configured share of the rule's rows, or the guards find it
   *     broad
   * @param reasons each raised flag in words
   */
  public record Flags(boolean dead, boolean overBroad, List<String> reasons) {}

  /**
   * One entry of the history.
   *
   * @param kind what happened ({@code PROPOSED}, {@code BACKTESTED}, {@code APPROVED}, {@code
   *     COMMENTED}, ...)
   * @param actor who did it
   * @param body the comment or reason given, or null
   * @param filterVersion the filter version it concerned
   * @param at when
   */
  public record HistoryEntry(
      String kind, String actor, String body, int filterVersion, Instant at) {}
}
