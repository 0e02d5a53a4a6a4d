package org.huntboard.web.audit.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of the append-only, hash-chained audit log. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent {

  @Id public long seq;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;

  @Column(nullable = false)
  public String actor;

  @Column(nullable = false)
  public String action;

  @Column(name = "object_type", nullable = false)
  public String objectType;

  @Column(name = "object_id", nullable = false)
  public String objectId;

  @Column(name = "tenant_id")
  public UUID tenantId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "before_state")
  public String beforeState;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "after_state")
  public String afterState;

  @Column(name = "previous_hash", nullable = false, columnDefinition = "bpchar(64)")
  public String previousHash;

  @Column(nullable = false, columnDefinition = "bpchar(64)")
  public String hash;
}
