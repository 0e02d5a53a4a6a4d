package org.huntboard.web.audit.service;

import java.util.Iterator;

/**
 * Checks the links of the audit chain over events read in sequence order, wherever they come from
 * (the application's transaction, or a plain JDBC connection in the command line): free of Quarkus
 * and of JPA, and holding one event at a time.
 */
public final class AuditChainCheck {

  private AuditChainCheck() {}

  /** One stored event: the content its hash covers and the two hashes stored with it. */
  public record StoredEvent(AuditChain.Content content, String previousHash, String hash) {}

  /**
   * The outcome of a check.
   *
   * @param intact whether every link holds
   * @param eventsChecked how many events were read (up to and including the first broken one)
   * @param firstBrokenSeq the sequence number of the first event whose link fails, or null
   * @param problem what is wrong with that event, or null
   * @param expectedHash the hash the chain says that event should carry (its recomputed hash, or
   *     for a broken link the hash of the event before it), or null
   * @param actualHash the hash stored with that event (its hash, or its previous hash), or null
   * @param brokenEvent what that event records, e.g. {@code tenant.updated tenant 9b3f...}, or null
   */
  public record Result(
      boolean intact,
      long eventsChecked,
      Long firstBrokenSeq,
      String problem,
      String expectedHash,
      String actualHash,
      String brokenEvent) {}

  /** The message for an event whose previous hash is not the hash of the event before it. */
  public static final String BROKEN_LINK =
      "its previous hash does not match the hash of the event before it"
          + " (an event was removed or inserted)";

  /** The message for an event whose content does not give its hash. */
  public static final String ALTERED =
      "its content does not match its hash (the event was altered)";

  /** Walks the events from the first one and stops at the first broken link. */
  public static Result verify(Iterator<StoredEvent> events) {
    String previous = AuditChain.GENESIS;
    long checked = 0;
    while (events.hasNext()) {
      StoredEvent event = events.next();
      checked++;
      AuditChain.Content content = event.content();
      String storedPrevious = event.previousHash().trim();
      String storedHash = event.hash().trim();
      if (!storedPrevious.equals(previous)) {
        return broken(checked, content, BROKEN_LINK, previous, storedPrevious);
      }
      String expected = AuditChain.hash(storedPrevious, content);
      if (!expected.equals(storedHash)) {
        return broken(checked, content, ALTERED, expected, storedHash);
      }
      previous = storedHash;
    }
    return new Result(true, checked, null, null, null, null, null);
  }

  private static Result broken(
      long checked, AuditChain.Content content, String problem, String expected, String actual) {
    return new Result(
        false,
        checked,
        content.seq(),
        problem,
        expected,
        actual,
        content.action() + " " + content.objectType() + " " + content.objectId());
  }
}
