package org.huntboard.connectors.resilience;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long to retry transient failures.
 *
 * @param maxAttempts requests per run at most, the first included
 * @param initialBackoff the base of the exponential backoff used when the service names no wait
 * @param maxBackoff the cap of one backoff wait
 * @param maxRetryAfter the longest {@code Retry-After} that is waited out; a longer one fails the
 *     run as throttled, carrying the wait, so that a scheduler can come back later
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
  }

  /** 4 attempts, backoff from 1 s up to 30 s, Retry-After waited out up to 2 minutes. */
  public static RetryPolicy standard() {
    return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2));
  }

  /**
   * The wait before attempt {@code failedAttempts + 1}: exponential in the attempts made, capped,
   * and with "equal jitter" (half fixed, half random) so that tenants retrying together spread out.
   */
  public Duration backoff(int failedAttempts, RandomGenerator random) {
    long base = initialBackoff.toMillis();
    long exp = base << Math.min(20, Math.max(0, failedAttempts - 1));
    long capped = Math.min(exp, maxBackoff.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
  }
}
