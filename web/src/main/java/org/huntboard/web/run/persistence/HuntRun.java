package org.huntboard.web.run.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/** The ledger entry of one window of one assignment: what ran, on what, and how it ended. */
@Entity
@Table(name = "hunt_run")
public class HuntRun {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "assignment_id", nullable = false)
  public UUID assignmentId;

  @Column(name = "rule_id", nullable = false)
  public String ruleId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public ConnectorKind connector;

  @Column(name = "window_start", nullable = false)
  public Instant windowStart;

  @Column(name = "window_end", nullable = false)
  public Instant windowEnd;

  @Column(name = "query_start", nullable = false)
  public Instant queryStart;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public RunTrigger trigger;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public RunState state;

  @Column(nullable = false)
  public int attempts;

  @Column(name = "claimed_by")
  public String claimedBy;

  @Column(name = "lease_until")
  public Instant leaseUntil;

  @Column(name = "planned_at", nullable = false)
  public Instant plannedAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Column(name = "duration_ms")
  public Long durationMs;

  @Enumerated(EnumType.STRING)
  @Column(length = 16)
  public RunOutcome outcome;

  @Column(name = "failure_class", length = 32)
  public String failureClass;

  @Column(name = "failure_message", length = 2000)
  public String failureMessage;

  @Column public Boolean retryable;

  @Column(name = "rule_version_hash", columnDefinition = "bpchar(64)")
  public String ruleVersionHash;

  @Column(name = "query_hash", columnDefinition = "bpchar(64)")
  public String queryHash;

  @Column(name = "exclusion_set_version", length = 100)
  public String exclusionSetVersion;

  @Column(name = "rows_before")
  public Long rowsBefore;

  @Column(name = "rows_after")
  public Long rowsAfter;
}
