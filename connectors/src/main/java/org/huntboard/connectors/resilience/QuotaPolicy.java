package org.huntboard.connectors.resilience;

import java.time.Duration;
import java.util.List;

/**
 * The per-tenant limits a connector keeps to: sliding call-rate windows and, optionally, a cap on
 * queries in flight.
 *
 * @param windows every window must hold at once
 * @param maxConcurrent queries in flight at once, or 0 for no cap
 */
public record QuotaPolicy(List<RateWindow> windows, int maxConcurrent) {

  /** Defender advanced hunting: "at least 45 calls per minute per tenant". */
  public static final int DEFENDER_CALLS_PER_MINUTE = 45;

  public QuotaPolicy {
    windows = List.copyOf(windows);
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException("maxConcurrent must be >= 0");
    }
  }

  /** Defender (Graph runHuntingQuery): {@code callsPerMinute} per minute, no concurrency cap. */
  public static QuotaPolicy defender(int callsPerMinute) {
    return new QuotaPolicy(List.of(new RateWindow(callsPerMinute, Duration.ofMinutes(1))), 0);
  }

  /** Log Analytics query API: 200 requests per 30 s and 5 concurrent queries per identity. */
  public static QuotaPolicy logAnalytics() {
    return new QuotaPolicy(List.of(new RateWindow(200, Duration.ofSeconds(30))), 5);
  }

  /** No limits, for the embedded engine. */
  public static QuotaPolicy unlimited() {
    return new QuotaPolicy(List.of(), 0);
  }
}
