package org.huntboard.connectors.resilience;

import java.time.Duration;

/** At most {@code limit} calls in any sliding window of length {@code period}. */
public record RateWindow(int limit, Duration period) {

  public RateWindow {
    if (limit < 1) {
      throw new IllegalArgumentException("a rate limit allows at least 1 call, not " + limit);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate window has a positive length");
    }
  }

  @Override
  public String toString() {
    return limit + " per " + period;
  }
}
