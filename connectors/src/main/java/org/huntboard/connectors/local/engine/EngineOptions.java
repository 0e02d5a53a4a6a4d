package org.huntboard.connectors.local.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link KqlEngine}: the clock behind {@code now()} and {@code ago()}, Kusto's
 * result truncation limits, a per-query timeout, and a memory bound.
 *
 * @param clock gives the instant a query pins {@code now()} to (default: the system UTC clock)
 * @param maxResultRows rows kept in a result before it is truncated (default 500,000, as Kusto)
 * @param maxResultBytes bytes of result kept before it is truncated (default 64 MB, as Kusto)
 * @param timeout how long one query may run (default 5 minutes)
 * @param maxMemoryBytes bytes a query may allocate for intermediate results before it fails with
 *     {@code KQL-MEMORY} (default: half of the JVM's maximum heap)
 */
public record EngineOptions(
    Clock clock, long maxResultRows, long maxResultBytes, Duration timeout, long maxMemoryBytes) {

  public static final long DEFAULT_MAX_ROWS = 500_000;
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  public EngineOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
    if (maxResultRows <= 0 || maxResultBytes <= 0 || maxMemoryBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** The defaults: system clock, 500,000 rows / 64 MB, 5 minutes, half the heap. */
  public static EngineOptions defaults() {
    return new EngineOptions(
        Clock.systemUTC(),
        DEFAULT_MAX_ROWS,
        DEFAULT_MAX_BYTES,
        Duration.ofMinutes(5),
        Runtime.getRuntime().maxMemory() / 2);
  }

  public EngineOptions withClock(Clock c) {
    return new EngineOptions(c, maxResultRows, maxResultBytes, timeout, maxMemoryBytes);
  }

  public EngineOptions withMaxResultRows(long rows) {
    return new EngineOptions(clock, rows, maxResultBytes, timeout, maxMemoryBytes);
  }

  public EngineOptions withMaxResultBytes(long bytes) {
    return new EngineOptions(clock, maxResultRows, bytes, timeout, maxMemoryBytes);
  }

  public EngineOptions withTimeout(Duration t) {
    return new EngineOptions(clock, maxResultRows, maxResultBytes, t, maxMemoryBytes);
  }

  public EngineOptions withMaxMemoryBytes(long bytes) {
    return new EngineOptions(clock, maxResultRows, maxResultBytes, timeout, bytes);
  }
}
