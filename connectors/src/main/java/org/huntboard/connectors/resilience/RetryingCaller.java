package org.huntboard.connectors.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.random.RandomGenerator;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.RunOptions;

/**
 * Sends one service call under a tenant's limiter and retries what is transient.
 *
 * <ul>
 *   <li>{@link FailureClass#THROTTLED}: waits the service's {@code Retry-After} (or an exponential
 *       backoff with jitter when it sent none), pausing the whole tenant; gives up after {@link
 *       RetryPolicy#maxAttempts()} or when the wait asked for exceeds {@link
 *       RetryPolicy#maxRetryAfter()}.
 *   <li>{@link FailureClass#QUOTA_EXHAUSTED}: pauses the tenant until the next CPU cycle and fails
 *       at once (retrying within the cycle is pointless); with {@link
 *       RunOptions#waitForQuotaCycle()} it waits for the cycle and tries once more.
 *   <li>{@link FailureClass#UNAVAILABLE}: exponential backoff with jitter, bounded attempts.
 *   <li>everything else fails at once.
 * </ul>
 */
public final class RetryingCaller {

  /** One request to the service. */
  @FunctionalInterface
  public interface Call<T> {
    T send() throws ConnectorException, InterruptedException;
  }

  private final TenantLimiter limiter;
  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private int requests;

  public RetryingCaller(
      TenantLimiter limiter,
      RetryPolicy policy,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random) {
    this.limiter = limiter;
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** The requests sent so far through this caller, retries included. */
  public int requests() {
    return requests;
  }

  /**
   * Sends {@code call} until it succeeds or fails for good.
   *
   * @throws ConnectorException the last failure, with {@link ConnectorException#attempts()} set
   * @throws CancellationException when the run is cancelled
   */
  public <T> T call(Call<T> call, RunOptions options) throws ConnectorException {
    int attempts = 0;
    boolean waitedForCycle = false;
    while (true) {
      options.cancellation().throwIfCancelled();
      attempts++;
      try (TenantLimiter.Permit permit = limiter.acquire(options.cancellation())) {
        requests++;
        return call.send();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while calling the service");
      } catch (ConnectorException e) {
        FailureClass fc = e.failureClass();
        Instant now = clock.instant();
        final int failed = attempts;
        if (fc == FailureClass.QUOTA_EXHAUSTED) {
          Instant until = e.retryAfter().map(now::plus).orElseGet(() -> QuotaCycle.next(now));
          limiter.pauseUntil(until);
          ConnectorException out =
              e.toBuilder().retryAfter(Duration.between(now, until)).attempts(attempts).build();
          if (!options.waitForQuotaCycle() || waitedForCycle || attempts >= policy.maxAttempts()) {
            throw out;
          }
          waitedForCycle = true;
          continue; // the limiter holds the next attempt until the cycle has turned
        }
        if (!fc.isTransient() || attempts >= policy.maxAttempts()) {
          throw e.withAttempts(attempts);
        }
        if (fc == FailureClass.THROTTLED) {
          Duration wait = e.retryAfter().orElseGet(() -> policy.backoff(failed, random));
          if (wait.compareTo(policy.maxRetryAfter()) > 0) {
            throw e.toBuilder().retryAfter(wait).attempts(attempts).build();
          }
          limiter.pauseUntil(now.plus(wait));
        } else {
          sleep(policy.backoff(attempts, random), options);
        }
      }
    }
  }

  private void sleep(Duration d, RunOptions options) {
    try {
      sleeper.sleep(d, options.cancellation());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while backing off");
    }
  }
}
