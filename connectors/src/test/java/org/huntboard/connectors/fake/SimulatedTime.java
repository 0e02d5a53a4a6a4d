package org.huntboard.connectors.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.connectors.resilience.Sleeper;
import org.huntboard.connectors.spi.Cancellation;

/**
 * A clock that only moves when something sleeps on it: waits for rate limits, backoff and quota
 * cycles take no real time, and every wait is recorded.
 */
public final class SimulatedTime extends Clock implements Sleeper {

  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  public SimulatedTime(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
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
  public synchronized void sleep(Duration duration, Cancellation cancellation) {
    cancellation.throwIfCancelled();
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    sleeps.add(duration);
    now = now.plus(duration);
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** Every wait so far, in order. */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  public synchronized Duration totalSlept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
