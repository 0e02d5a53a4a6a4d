package org.huntboard.connectors.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.huntboard.connectors.fake.SimulatedTime;
import org.huntboard.connectors.spi.Cancellation;
import org.junit.jupiter.api.Test;

class TenantLimiterTest {

  static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");

  static int maxInAnyWindow(List<Instant> grants, Duration window) {
    List<Instant> sorted = new ArrayList<>(grants);
    Collections.sort(sorted);
    int max = 0;
    int lo = 0;
    for (int hi = 0; hi < sorted.size(); hi++) {
      while (!sorted.get(lo).plus(window).isAfter(sorted.get(hi))) {
        lo++;
      }
      max = Math.max(max, hi - lo + 1);
    }
    return max;
  }

  @Test
  void aPauseWaitedOutByEarlyWakeUpsUsesNoRateSlots() throws Exception {
    SimulatedTime time = new SimulatedTime(T0);
    // Real sleeps may end a little before the instant asked for; each wake-up here comes 10 %
    // early, so the limiter must sleep again without booking a slot each time round.
    Sleeper early =
        (duration, cancellation) -> {
          long nanos = duration.toNanos();
          time.advance(Duration.ofNanos(nanos < 10 ? nanos : nanos - nanos / 10));
        };
    TenantLimiter limiter = new TenantLimiter(QuotaPolicy.defender(45), time, early);
    limiter.pauseUntil(T0.plusSeconds(1)); // a 429 with Retry-After: 1

    List<Instant> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (TenantLimiter.Permit p = limiter.acquire(Cancellation.none())) {
        calls.add(time.instant());
      }
    }

    assertThat(calls)
        .allSatisfy(call -> assertThat(call).isBetween(T0.plusSeconds(1), T0.plusSeconds(2)));
  }

  @Test
  void twoHundredQueuedHuntsNeverExceed45CallsInAny60Seconds() throws Exception {
    SimulatedTime time = new SimulatedTime(T0);
    TenantLimiter limiter = new TenantLimiter(QuotaPolicy.defender(45), time, time);
    List<Instant> calls = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      try (TenantLimiter.Permit p = limiter.acquire(Cancellation.none())) {
        calls.add(time.instant());
        time.advance(Duration.ofMillis(150)); // each call takes a little while
      }
    }

    assertThat(calls).hasSize(200);
    assertThat(maxInAnyWindow(calls, Duration.ofSeconds(60))).isEqualTo(45);
    // and no slower than needed: 200 calls at 45/min take four full windows and a bit
    assertThat(Duration.between(T0, calls.get(199))).isLessThan(Duration.ofMinutes(5));
    assertThat(Duration.between(T0, calls.get(45))).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void concurrentCallersKeepTheWindowOnARealClock() throws Exception {
    TenantLimiter limiter =
        new TenantLimiter(
            new QuotaPolicy(List.of(new RateWindow(5, Duration.ofMillis(300))), 0),
            Clock.systemUTC(),
            Sleeper.system());
    List<Instant> calls = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger early = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      futures.add(
          pool.submit(
              () -> {
                try (TenantLimiter.Permit p = limiter.acquire(Cancellation.none())) {
                  Instant now = Instant.now();
                  // Sleeps end on whole milliseconds: a millisecond early is the sleep's grain.
                  if (now.isBefore(p.grantedAt().minusMillis(2))) {
                    early.incrementAndGet();
                  }
                  calls.add(p.grantedAt());
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    // The booked instants keep the window, and no caller went before its instant. (Recording the
    // time after acquire instead would depend on how late a loaded machine schedules each thread.)
    assertThat(calls).hasSize(24);
    assertThat(maxInAnyWindow(calls, Duration.ofMillis(300))).isLessThanOrEqualTo(5);
    assertThat(early).hasValue(0);
  }

  @Test
  void capsQueriesInFlight() throws Exception {
    TenantLimiter limiter =
        new TenantLimiter(QuotaPolicy.logAnalytics(), Clock.systemUTC(), Sleeper.system());
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      futures.add(
          pool.submit(
              () -> {
                try (TenantLimiter.Permit p = limiter.acquire(Cancellation.none())) {
                  peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  Thread.sleep(30);
                  inFlight.decrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(peak.get()).isEqualTo(5);
  }

  @Test
  void aThrottledTenantDoesNotSlowAnother() throws Exception {
    SimulatedTime time = new SimulatedTime(T0);
    TenantLimiters limiters = new TenantLimiters(time, time);
    TenantLimiter throttled = limiters.forTenant("defender", "tenant-a", QuotaPolicy.defender(45));
    TenantLimiter other = limiters.forTenant("defender", "tenant-b", QuotaPolicy.defender(45));
    for (int i = 0; i < 45; i++) {
      throttled.acquire(Cancellation.none()).close();
    }
    throttled.pauseUntil(QuotaCycle.next(time.instant())); // the CPU quota is used up

    for (int i = 0; i < 45; i++) {
      other.acquire(Cancellation.none()).close();
    }
    assertThat(time.sleeps()).as("tenant-b never waited").isEmpty();

    throttled.acquire(Cancellation.none()).close();
    assertThat(time.instant()).isAfterOrEqualTo(QuotaCycle.next(T0));
  }

  @Test
  void cancellingAQueuedHuntStopsItsWait() {
    SimulatedTime time = new SimulatedTime(T0);
    TenantLimiter limiter = new TenantLimiter(QuotaPolicy.defender(1), time, time);
    Cancellation cancel = new Cancellation();
    cancel.cancel();

    assertThatThrownBy(() -> limiter.acquire(cancel)).isInstanceOf(CancellationException.class);
  }

  @Test
  void quotaCyclesTurnOnTheQuarterHour() {
    assertThat(QuotaCycle.next(Instant.parse("2026-12-03T09:07:30Z")))
        .isEqualTo(Instant.parse("2026-12-03T09:15:05Z"));
    assertThat(QuotaCycle.next(Instant.parse("2026-12-03T09:45:00Z")))
        .isEqualTo(Instant.parse("2026-12-03T10:00:05Z"));
  }
}
