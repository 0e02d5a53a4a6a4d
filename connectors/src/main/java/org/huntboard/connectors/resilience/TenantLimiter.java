package org.huntboard.connectors.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.huntboard.connectors.spi.Cancellation;

/**
 * Keeps one tenant's calls to one service within its {@link QuotaPolicy}.
 *
 * <p>Each call reserves a start time: the earliest instant, not before any earlier reservation
 * (first come, first served), at which every sliding window still has room; the caller then waits
 * until that instant. A throttling answer from the service pauses the whole tenant ({@link
 * #pauseUntil}), so that its queued hunts wait too instead of each finding out with a 429 of its
 * own. Tenants never share a limiter, so one tenant's waits never delay another's.
 */
public final class TenantLimiter {

  private final QuotaPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Semaphore inFlight;
  private final List<ArrayDeque<Instant>> granted = new ArrayList<>();
  private Instant lastGrant = Instant.MIN;
  private Instant pausedUntil = Instant.MIN;

  public TenantLimiter(QuotaPolicy policy, Clock clock, Sleeper sleeper) {
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.inFlight = policy.maxConcurrent() > 0 ? new Semaphore(policy.maxConcurrent(), true) : null;
    for (int i = 0; i < policy.windows().size(); i++) {
      granted.add(new ArrayDeque<>());
    }
  }

  public QuotaPolicy policy() {
    return policy;
  }

  /**
   * Waits for a free slot (and a free concurrency permit, when the policy caps them) and returns
   * the permit, to be closed when the call's answer has arrived.
   *
   * @throws CancellationException when cancelled while waiting
   */
  public Permit acquire(Cancellation cancellation) throws InterruptedException {
    boolean holding = false;
    if (inFlight != null) {
      while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        cancellation.throwIfCancelled();
      }
      holding = true;
    }
    try {
      while (true) {
        cancellation.throwIfCancelled();
        // Wait out a pause before booking: a slot booked now and abandoned when the sleep ends a
        // little early would use up the tenant's rate window for nothing.
        Instant resume = pauseEnd();
        if (resume != null) {
          sleepUntil(resume, cancellation);
          continue;
        }
        Instant slot = reserve();
        sleepUntil(slot, cancellation);
        if (!isPausedAt(clock.instant())) {
          Permit permit = new Permit(slot);
          holding = false;
          return permit;
        }
        // The service paused the tenant while this call waited for its slot: give the slot back.
        release(slot);
      }
    } finally {
      if (holding) {
        inFlight.release();
      }
    }
  }

  /** Holds no call until {@code until}: the service asked the tenant to wait. */
  public synchronized void pauseUntil(Instant until) {
    if (until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
  }

  /** The end of the current pause, or empty when the tenant is not paused. */
  public synchronized java.util.Optional<Instant> pausedUntil() {
    return isPausedAt(clock.instant())
        ? java.util.Optional.of(pausedUntil)
        : java.util.Optional.empty();
  }

  private synchronized boolean isPausedAt(Instant now) {
    return pausedUntil.isAfter(now);
  }

  /** The end of the pause in force now, or null. */
  private synchronized Instant pauseEnd() {
    return isPausedAt(clock.instant()) ? pausedUntil : null;
  }

  private void sleepUntil(Instant until, Cancellation cancellation) throws InterruptedException {
    Duration wait = Duration.between(clock.instant(), until);
    if (!wait.isNegative() && !wait.isZero()) {
      sleeper.sleep(wait, cancellation);
    }
  }

  /** Forgets a booked start that was never used. */
  private synchronized void release(Instant slot) {
    for (ArrayDeque<Instant> slots : granted) {
      slots.removeLastOccurrence(slot);
    }
  }

  /** Books the earliest start that keeps every window within its limit. */
  private synchronized Instant reserve() {
    Instant candidate = clock.instant();
    if (pausedUntil.isAfter(candidate)) {
      candidate = pausedUntil;
    }
    if (lastGrant.isAfter(candidate)) {
      candidate = lastGrant;
    }
    List<RateWindow> windows = policy.windows();
    for (int i = 0; i < windows.size(); i++) {
      RateWindow w = windows.get(i);
      ArrayDeque<Instant> slots = granted.get(i);
      // Grants are in time order, so the window ending at candidate holds fewer than `limit` of
      // them exactly when the limit-th most recent grant is at least a period before candidate.
      Instant limitTh = limitThMostRecent(slots, w.limit());
      if (limitTh != null) {
        Instant earliest = limitTh.plus(w.period());
        if (earliest.isAfter(candidate)) {
          candidate = earliest;
        }
      }
    }
    for (int i = 0; i < windows.size(); i++) {
      ArrayDeque<Instant> slots = granted.get(i);
      slots.addLast(candidate);
      // Keep the grants still inside the window, not just the last `limit`: a slot given back
      // (release) must not let an older grant that still counts fall out of the check.
      Duration period = windows.get(i).period();
      while (slots.size() > windows.get(i).limit()
          && !slots.peekFirst().plus(period).isAfter(candidate)) {
        slots.removeFirst();
      }
    }
    lastGrant = candidate;
    return candidate;
  }

  private static Instant limitThMostRecent(ArrayDeque<Instant> slots, int limit) {
    if (slots.size() < limit) {
      return null;
    }
    var newestFirst = slots.descendingIterator();
    Instant grant = null;
    for (int k = 0; k < limit; k++) {
      grant = newestFirst.next();
    }
    return grant;
  }

  /** A granted call; closing it frees its concurrency permit. */
  public final class Permit implements AutoCloseable {
    private final Instant grantedAt;
    private boolean closed;

    private Permit(Instant grantedAt) {
      this.grantedAt = grantedAt;
    }

    /** The start time the limiter booked for this call. */
    public Instant grantedAt() {
      return grantedAt;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        if (inFlight != null) {
          inFlight.release();
        }
      }
    }
  }
}
