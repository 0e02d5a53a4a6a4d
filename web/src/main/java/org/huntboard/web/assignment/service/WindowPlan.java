package org.huntboard.web.assignment.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes an assignment's windows: the slices {@code [start, end)} of one frequency each, aligned
 * to the frequency since the epoch, that tile its timeline without gap or overlap.
 *
 * <p>Each run queries its window's lookback, {@code [end - lookback, end)}; the window is the part
 * of time the run accounts for. A window is due once its end has passed.
 */
public final class WindowPlan {

  /** One window and the range its query covers. */
  public record Window(Instant start, Instant end, Instant queryStart) {}

  private WindowPlan() {}

  /** The end of the first window that ends after {@code instant}: the next aligned boundary. */
  public static Instant nextBoundary(Instant instant, Duration frequency) {
    long step = frequency.toSeconds();
    long seconds = instant.getEpochSecond();
    long next = Math.floorDiv(seconds, step) * step + step;
    return Instant.ofEpochSecond(next);
  }

  /**
   * The windows due at {@code now} that come after {@code lastPlannedEnd} (or start at the
   * assignment's first window), oldest first, at most {@code limit}.
   */
  public static List<Window> due(
      Instant firstWindowEnd,
      Instant lastPlannedEnd,
      Instant now,
      Duration frequency,
      Duration lookback,
      int limit) {
    List<Window> windows = new ArrayList<>();
    Instant start = lastPlannedEnd != null ? lastPlannedEnd : firstWindowEnd.minus(frequency);
    while (windows.size() < limit) {
      Instant end = start.plus(frequency);
      if (end.isAfter(now)) {
        break;
      }
      windows.add(new Window(start, end, end.minus(lookback)));
      start = end;
    }
    return windows;
  }
}
