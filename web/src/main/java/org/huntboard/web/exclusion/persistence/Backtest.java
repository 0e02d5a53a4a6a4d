package org.huntboard.web.exclusion.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * One backtest of one filter version of an exclusion: the rule over {@code [windowStart,
 * windowEnd)} on the tenant's connector, with the exclusion as the query's tag, so one query told
 * the rows before and after it.
 */
@Entity
@Table(name = "exclusion_backtest")
public class Backtest {

  @Id public UUID id;

  /** Insertion order, given by the database. */
  @Column(insertable = false, updatable = false)
  public Long seq;

  @Column(name = "exclusion_id", nullable = false)
  public UUID exclusionId;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "requested_by", nullable = false, length = 200)
  public String requestedBy;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(nullable = false)
  public int days;

  @Column(name = "window_start", nullable = false)
  public Instant windowStart;

  @Column(name = "window_end", nullable = false)
  public Instant windowEnd;

  @Column(name = "filter_version", nullable = false)
  public int filterVersion;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public ConnectorKind connector;

  /** SHA-256 of the KQL sent. */
  @Column(name = "query_hash", nullable = false, columnDefinition = "bpchar(64)")
  public String queryHash;

  /** Rows the rule produced without the exclusion. */
  @Column(name = "rows_before", nullable = false)
  public long rowsBefore;

  /** Rows left with it. */
  @Column(name = "rows_after", nullable = false)
  public long rowsAfter;

  /** Rows it hid. */
  @Column(name = "rows_hidden", nullable = false)
  public long rowsHidden;

  /** The failure class when the connector answered only part of the result, or null. */
  @Column(length = 32)
  public String partial;

  /** The open detections it would close, as a JSON array of {id, grouping}. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "detections_closed", nullable = false)
  public String detectionsClosed;

  /** Some of the rows it hid, as a JSON array of objects. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "sample_rows", nullable = false)
  public String sampleRows;

  /** Whether the sample holds every hidden row. */
  @Column(name = "sample_complete", nullable = false)
  public boolean sampleComplete;
}
