package org.huntboard.web.detection.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** What a rule found for one tenant and one set of grouping values, over all runs that saw it. */
@Entity
@Table(name = "detection")
public class Detection {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "rule_id", nullable = false)
  public String ruleId;

  /** SHA-256 of the canonical grouping values. */
  @Column(name = "detection_key", nullable = false, columnDefinition = "bpchar(64)")
  public String detectionKey;

  /** The grouping values as a JSON object, e.g. DeviceId, DeviceName, RemoteUrl. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String grouping;

  @Column(name = "first_seen", nullable = false)
  public Instant firstSeen;

  @Column(name = "last_seen", nullable = false)
  public Instant lastSeen;

  /** The largest event count one run reported; runs overlap, so their counts are not summed. */
  @Column(name = "event_count", nullable = false)
  public long eventCount;

  /** The report ids seen, as a JSON array, at most {@code DetectionIngest.MAX_REPORT_IDS}. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "report_ids", nullable = false)
  public String reportIds;

  /** False once report ids were dropped to respect the bound. */
  @Column(name = "report_ids_complete", nullable = false)
  public boolean reportIdsComplete;

  /** How many runs saw it. */
  @Column(nullable = false)
  public int sightings;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public TriageState state;

  @Enumerated(EnumType.STRING)
  @Column(length = 16)
  public Resolution resolution;

  @Column public String assignee;

  @Column(name = "closed_at")
  public Instant closedAt;

  @Column(name = "reopened_count", nullable = false)
  public int reopenedCount;

  @Column(name = "last_reopened_at")
  public Instant lastReopenedAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;
}
