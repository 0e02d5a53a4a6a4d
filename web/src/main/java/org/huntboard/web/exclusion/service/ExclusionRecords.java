package org.huntboard.web.exclusion.service;

import java.util.List;
import org.huntboard.core.exclusion.Exclusion;
import org.huntboard.core.exclusion.ExclusionScope;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.condition.FilterText;
import org.huntboard.web.exclusion.persistence.ExclusionRecord;

/**
 * Maps stored exclusions to the core model and back. Every change of state goes through the core
 * value ({@link Exclusion#approve}, {@link Exclusion#reject}, ...), whose rules are the only ones;
 * this class copies the result onto the row and adds nothing of its own.
 */
final class ExclusionRecords {

  private ExclusionRecords() {}

  /** The core value of a stored exclusion; its id (as text) is its tag in queries. */
  static Exclusion toCore(ExclusionRecord r) {
    return new Exclusion(
        r.id.toString(),
        conditions(r),
        ExclusionScope.tenant(r.tenantId.toString(), List.of(r.ruleId)),
        r.justification,
        r.ticket,
        r.proposer,
        r.approver,
        r.createdAt,
        r.approvedAt,
        r.expiresAt,
        r.state,
        r.closedBy,
        r.closedAt,
        r.closeReason,
        r.renews == null ? null : r.renews.toString());
  }

  /** The parsed filter of a stored exclusion; stored filters were checked when written. */
  static Condition conditions(ExclusionRecord r) {
    return FilterParser.parse(FilterText.standalone("filter", r.filterText));
  }

  /** Copies the lifecycle fields of {@code e} (the result of a transition) onto the row. */
  static void copyState(Exclusion e, ExclusionRecord r) {
    r.state = e.state();
    r.approver = e.approver();
    r.approvedAt = e.approvedAt();
    r.expiresAt = e.expiresAt();
    r.closedAt = e.closedAt();
    r.closedBy = e.closedBy();
    r.closeReason = e.closeReason();
  }
}
