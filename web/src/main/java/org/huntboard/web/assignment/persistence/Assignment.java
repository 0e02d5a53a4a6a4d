package org.huntboard.web.assignment.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/** A rule scheduled for one tenant on one connector, with its frequency and lookback. */
@Entity
@Table(name = "assignment")
public class Assignment {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "rule_id", nullable = false, length = 200)
  public String ruleId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public ConnectorKind connector;

  @Column(name = "frequency_seconds", nullable = false)
  public long frequencySeconds;

  @Column(name = "lookback_seconds", nullable = false)
  public long lookbackSeconds;

  /** How long after each window's end this assignment fires, so tenants spread over time. */
  @Column(name = "jitter_seconds", nullable = false)
  public int jitterSeconds;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public AssignmentState state;

  /** The end of the assignment's first window; nothing before it is planned. */
  @Column(name = "first_window_end", nullable = false)
  public Instant firstWindowEnd;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;

  public Duration frequency() {
    return Duration.ofSeconds(frequencySeconds);
  }

  public Duration lookback() {
    return Duration.ofSeconds(lookbackSeconds);
  }
}
