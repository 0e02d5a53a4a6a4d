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
 * Walks the audit log in order and checks every link of its hash chain.
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
   */
  public record Verification(
      boolean intact, long eventsChecked, Long firstBrokenSeq, String problem) {}

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
    String previous = AuditChain.GENESIS;
    long checked = 0;
    while (rows.hasNext()) {
      Object[] row = rows.next();
      long seq = ((Number) row[0]).longValue();
      checked++;
      String storedPrevious = ((String) row[9]).trim();
      String storedHash = ((String) row[10]).trim();
      if (!storedPrevious.equals(previous)) {
        return new Verification(
            false,
            checked,
            seq,
            "its previous hash does not match the hash of the event before it"
                + " (an event was removed or inserted)");
      }
      AuditChain.Content content =
          new AuditChain.Content(
              seq,
              instant(row[1]),
              (String) row[2],
              (String) row[3],
              (String) row[4],
              (String) row[5],
              row[6] == null ? null : (UUID) row[6],
              (String) row[7],
              (String) row[8]);
      if (!AuditChain.hash(storedPrevious, content).equals(storedHash)) {
        return new Verification(
            false, checked, seq, "its content does not match its hash (the event was altered)");
      }
      previous = storedHash;
    }
    return new Verification(true, checked, null, null);
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
