package org.huntboard.web.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.huntboard.web.audit.persistence.AuditEvent;
import org.huntboard.web.audit.persistence.AuditEventRepository;

/**
 * Appends audit events to the hash chain, inside the transaction of the change they record, so a
 * change that rolls back leaves no event and a committed change always has one.
 *
 * <p>Appends are serialised across every Huntboard process on the database by a transaction-level
 * advisory lock: the next event must read the hash of the one before it, and two transactions that
 * both read the same head would fork the chain. The lock is held until commit, which is the price
 * of a single chain.
 */
@ApplicationScoped
public class AuditLog {

  /** The advisory-lock key of the audit chain ("HBAUDIT1" as a 64-bit number). */
  static final long CHAIN_LOCK = 0x4842415544495431L;

  private final AuditEventRepository events;
  private final EntityManager entityManager;
  private final ObjectMapper json;
  private final Clock clock;

  AuditLog(
      AuditEventRepository events, EntityManager entityManager, ObjectMapper json, Clock clock) {
    this.events = events;
    this.entityManager = entityManager;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Records one change of state.
   *
   * @param actor who made it
   * @param action what happened, e.g. {@code tenant.created}
   * @param objectType the kind of object changed, e.g. {@code tenant}
   * @param objectId the object's id
   * @param tenantId the tenant the object belongs to, or null for platform-wide objects
   * @param before the object's state before (null if it did not exist), turned into JSON
   * @param after the object's state after (null if it no longer exists), turned into JSON
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public AuditEvent append(
      String actor,
      String action,
      String objectType,
      String objectId,
      UUID tenantId,
      Object before,
      Object after) {
    entityManager
        .createNativeQuery("select pg_advisory_xact_lock(?1)")
        .setParameter(1, CHAIN_LOCK)
        .getSingleResult();
    @SuppressWarnings("unchecked")
    List<String> head =
        entityManager
            .createNativeQuery("select hash from audit_event order by seq desc limit 1")
            .getResultList();
    String previous = head.isEmpty() ? AuditChain.GENESIS : head.get(0).trim();
    long seq =
        ((Number)
                entityManager
                    .createNativeQuery("select nextval('audit_event_seq')")
                    .getSingleResult())
            .longValue();

    AuditEvent event = new AuditEvent();
    event.seq = seq;
    event.occurredAt = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    event.actor = actor;
    event.action = action;
    event.objectType = objectType;
    event.objectId = objectId;
    event.tenantId = tenantId;
    event.beforeState = AuditChain.canonicalJson(toJson(before));
    event.afterState = AuditChain.canonicalJson(toJson(after));
    event.previousHash = previous;
    event.hash = AuditChain.hash(previous, contentOf(event));
    events.persist(event);
    events.flush();
    return event;
  }

  static AuditChain.Content contentOf(AuditEvent event) {
    return new AuditChain.Content(
        event.seq,
        event.occurredAt,
        event.actor,
        event.action,
        event.objectType,
        event.objectId,
        event.tenantId,
        event.beforeState,
        event.afterState);
  }

  private String toJson(Object state) {
    if (state == null) {
      return null;
    }
    try {
      return json.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit state cannot be written as JSON", e);
    }
  }
}
