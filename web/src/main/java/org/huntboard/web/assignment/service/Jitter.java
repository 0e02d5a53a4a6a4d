package org.huntboard.web.assignment.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.UUID;

/**
 * Spreads assignments over time: each one fires a fixed delay after its windows end, derived from
 * its id, so a thousand tenants on the same hourly rule do not all query at the same second.
 *
 * <p>The delay is stable for an assignment (restarts and other nodes compute the same one) and
 * uniform over {@code [0, min(maxJitter, frequency / 2))}, so a run always starts well before its
 * next window ends.
 */
public final class Jitter {

  private Jitter() {}

  /** The delay in whole seconds for this assignment. */
  public static int seconds(UUID assignmentId, Duration frequency, Duration maxJitter) {
    long range = Math.min(maxJitter.toSeconds(), frequency.toSeconds() / 2);
    if (range <= 0) {
      return 0;
    }
    return (int) Math.floorMod(mix(assignmentId), range);
  }

  /** SHA-256 of the id, so ids that differ in a few bits land far apart. */
  private static long mix(UUID id) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(id.toString().getBytes(StandardCharsets.US_ASCII));
      return ByteBuffer.wrap(hash).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
