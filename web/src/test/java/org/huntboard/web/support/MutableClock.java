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

  /** Stops the clock at the given instant. */
  public void set(Instant instant) {
    fixed.set(instant);
  }

  /** Moves a fixed clock forward. */
  public void advance(java.time.Duration duration) {
    fixed.updateAndGet(i -> i.plus(duration));
  }

  /** Back to the system clock. */
  public void reset() {
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
    return instant != null ? instant : Instant.now();
  }
}
