package org.huntboard.web.audit.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Walks the audit log in order and checks every link of its hash chain (the check itself is {@link
 * AuditChainCheck}, shared with {@code huntboard audit verify}).
 *
 * <p>It streams the events, so the whole log is never held in memory.
 */
@ApplicationScoped
public class AuditVerifier {

  /**
   * The result of a verification.
   *
   * @param intact whether every link holds
   * @param eventsChecked how many events were read
   * @param firstBrokenSeq the sequence number of the first event whose link fails, or null
   * @param problem what is wrong with that event, or null
   * @param expectedHash the hash the chain expects at that event, or null
   * @param actualHash the hash stored at that event, or null
   */
  public record Verification(
      boolean intact,
      long eventsChecked,
      Long firstBrokenSeq,
      String problem,
      String expectedHash,
      String actualHash) {}

  private final EntityManager entityManager;

  AuditVerifier(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Checks the whole chain from its first event. */
  @Transactional
  public Verification verify() {
    @SuppressWarnings("unchecked")
    Stream<Object[]> rows =
        entityManager
            .createNativeQuery(
                "select seq, occurred_at, actor, action, object_type, object_id, tenant_id,"
                    + " before_state::text, after_state::text, previous_hash, hash"
                    + " from audit_event order by seq")
            .setHint("org.hibernate.fetchSize", 500)
            .getResultStream();
    try (rows) {
      return verify(rows.iterator());
    }
  }

  /** Checks a chain given as rows in the column order of {@link #verify()}. */
  static Verification verify(Iterator<Object[]> rows) {
    Iterator<AuditChainCheck.StoredEvent> events =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return rows.hasNext();
          }

          @Override
          public AuditChainCheck.StoredEvent next() {
            Object[] row = rows.next();
            return new AuditChainCheck.StoredEvent(
                new AuditChain.Content(
                    ((Number) row[0]).longValue(),
                    instant(row[1]),
                    (String) row[2],
                    (String) row[3],
                    (String) row[4],
                    (String) row[5],
                    row[6] == null ? null : (UUID) row[6],
                    (String) row[7],
                    (String) row[8]),
                (String) row[9],
                (String) row[10]);
          }
        };
    AuditChainCheck.Result result = AuditChainCheck.verify(events);
    return new Verification(
        result.intact(),
        result.eventsChecked(),
        result.firstBrokenSeq(),
        result.problem(),
        result.expectedHash(),
        result.actualHash());
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    throw new IllegalStateException("unexpected timestamp type " + value.getClass());
  }
}
