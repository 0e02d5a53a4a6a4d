package org.huntboard.web.exclusion.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.huntboard.core.exclusion.ExclusionState;

/**
 * The stored form of one tenant's exclusion of one rule. The lifecycle lives in the core model
 * ({@link org.huntboard.core.exclusion.Exclusion}); the service maps this row to that value and
 * back, so no rule of the lifecycle is written twice.
 *
 * <p>The hit columns are only ever written by SQL that adds to them in the transaction finishing a
 * run; Hibernate reads them and never writes them, and updates only the columns it changed, so a
 * decision taken while a run finishes cannot overwrite the run's counts.
 */
@Entity
@Table(name = "exclusion")
@DynamicUpdate
public class ExclusionRecord {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false, updatable = false)
  public UUID tenantId;

  @Column(name = "rule_id", nullable = false, length = 200, updatable = false)
  public String ruleId;

  /** The filter in the filter language, as proposed (or last amended). */
  @Column(name = "filter_text", nullable = false, length = 10000)
  public String filterText;

  /** 1 at the proposal, one more at each amendment; a backtest is of one version. */
  @Column(name = "filter_version", nullable = false)
  public int filterVersion;

  @Column(nullable = false, length = 4000)
  public String justification;

  @Column(length = 200)
  public String ticket;

  @Column(nullable = false, length = 200, updatable = false)
  public String proposer;

  @Column(length = 200)
  public String approver;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public ExclusionState state;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "approved_at")
  public Instant approvedAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;

  @Column(name = "closed_at")
  public Instant closedAt;

  @Column(name = "closed_by", length = 200)
  public String closedBy;

  @Column(name = "close_reason", length = 4000)
  public String closeReason;

  /** The exclusion this one renews, or null. */
  @Column(updatable = false)
  public UUID renews;

  /** The rule's exclusion template it was proposed from, or null. */
  @Column(name = "source_template_id", length = 64, updatable = false)
  public String sourceTemplateId;

  /** The detection it was proposed from, or null. */
  @Column(name = "source_detection_id", updatable = false)
  public UUID sourceDetectionId;

  /** Whether the guards found an alternative of the filter that tests a single field. */
  @Column(name = "broad_by_guards", nullable = false)
  public boolean broadByGuards;

  /** Rows before it in the latest backtest of the current filter version, or null. */
  @Column(name = "backtest_rows_before")
  public Long backtestRowsBefore;

  /** Rows it hid in that backtest, or null. */
  @Column(name = "backtest_rows_hidden")
  public Long backtestRowsHidden;

  /** Rows it suppressed, summed over the runs that applied it. */
  @Column(name = "hit_count", insertable = false, updatable = false)
  public long hitCount;

  /** Rows the rule produced (before exclusions) in the runs that applied it. */
  @Column(name = "rows_seen", insertable = false, updatable = false)
  public long rowsSeen;

  /** Runs that applied it. */
  @Column(name = "runs_applied", insertable = false, updatable = false)
  public long runsApplied;

  /** When a run that applied it last suppressed a row. */
  @Column(name = "last_hit_at", insertable = false, updatable = false)
  public Instant lastHitAt;

  /** When a run that applied it last finished. */
  @Column(name = "last_applied_at", insertable = false, updatable = false)
  public Instant lastAppliedAt;

  @Version public long version;
}
