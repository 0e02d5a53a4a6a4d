package org.huntboard.connectors.resilience;

import java.time.Duration;
import java.time.Instant;

/**
 * Defender's CPU allocation cycle: "Queries are blocked if the tenant reaches 100% of the allocated
 * resources until after the next 15-minute cycle". The docs do not say where cycles start; they are
 * taken to be aligned to the quarter hours of UTC, plus a small margin, which waits at most one
 * cycle.
 */
public final class QuotaCycle {

  /** The length of one allocation cycle. */
  public static final Duration LENGTH = Duration.ofMinutes(15);

  private static final Duration MARGIN = Duration.ofSeconds(5);

  private QuotaCycle() {}

  /** The start of the next cycle after {@code now}, plus the margin. */
  public static Instant next(Instant now) {
    long len = LENGTH.getSeconds();
    long next = Math.floorDiv(now.getEpochSecond(), len) * len + len;
    return Instant.ofEpochSecond(next).plus(MARGIN);
  }
}
