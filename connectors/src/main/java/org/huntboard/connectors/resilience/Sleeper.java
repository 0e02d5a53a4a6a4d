package org.huntboard.connectors.resilience;

import java.time.Duration;
import org.huntboard.connectors.spi.Cancellation;

/**
 * Waits. The system sleeper blocks the thread until the time has passed or the run is cancelled;
 * tests give a simulated one that advances a simulated clock instead.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration} unless {@code cancellation} is raised first.
   *
   * @throws java.util.concurrent.CancellationException when cancelled while waiting
   */
  void sleep(Duration duration, Cancellation cancellation) throws InterruptedException;

  /** Blocks the calling thread; wakes early when cancelled. */
  static Sleeper system() {
    return (duration, cancellation) -> {
      cancellation.throwIfCancelled();
      if (!duration.isNegative() && !duration.isZero()) {
        cancellation.await(Math.max(1, duration.toMillis()));
      }
    };
  }
}
