package org.huntboard.web.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of the application under test: the system clock until a test fixes it, then moved by
 * hand. Replaces the production clock because it is a {@link Clock} bean of its own.
 */
@Singleton
public class MutableClock extends Clock {

  private final AtomicReference<Instant> fixed = new AtomicReference<>();

  /** A running simulated clock: its start, the real time it started at, and its speed. */
  private record Running(Instant start, long startNanos, double speed) {
    Instant now() {
      long realNanos = System.nanoTime() - startNanos;
      return start.plusNanos((long) (realNanos * speed));
    }
  }

  private final AtomicReference<Running> running = new AtomicReference<>();

  /** Stops the clock at the given instant. */
  public void set(Instant instant) {
    running.set(null);
    fixed.set(instant);
  }

  /**
   * Lets the clock run from {@code start}, {@code speed} times faster than real time (a benchmark
   * compresses a day into minutes this way); {@link #set} or {@link #reset} stop it.
   */
  public void run(Instant start, double speed) {
    running.set(new Running(start, System.nanoTime(), speed));
    fixed.set(null);
  }

  /** Moves a fixed clock forward. */
  public void advance(java.time.Duration duration) {
    fixed.updateAndGet(i -> i.plus(duration));
  }

  /** Back to the system clock. */
  public void reset() {
    running.set(null);
    fixed.set(null);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    Instant instant = fixed.get();
    if (instant != null) {
      return instant;
    }
    Running simulated = running.get();
    return simulated != null ? simulated.now() : Instant.now();
  }
}
