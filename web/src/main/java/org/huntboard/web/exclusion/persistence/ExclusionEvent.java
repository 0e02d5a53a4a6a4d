package org.huntboard.web.exclusion.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of an exclusion's history: a transition, a backtest or a comment, with its text. */
@Entity
@Table(name = "exclusion_event")
public class ExclusionEvent {

  /** What happened. */
  public enum Kind {
    PROPOSED,
    AMENDED,
    BACKTESTED,
    APPROVED,
    REJECTED,
    REVOKED,
    RENEWED,
    EXPIRED,
    COMMENTED
  }

  @Id public UUID id;

  /** Insertion order, given by the database. */
  @Column(insertable = false, updatable = false)
  public Long seq;

  @Column(name = "exclusion_id", nullable = false)
  public UUID exclusionId;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public Kind kind;

  @Column(nullable = false, length = 200)
  public String actor;

  /** The comment or reason given with it, or null. */
  @Column(length = 10000)
  public String body;

  /** The filter version it concerned. */
  @Column(name = "filter_version", nullable = false)
  public int filterVersion;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;
}
