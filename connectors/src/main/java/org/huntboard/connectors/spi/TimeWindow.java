package org.huntboard.connectors.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/** The half-open time range {@code [start, end)} a hunt covers. */
public record TimeWindow(Instant start, Instant end) {

  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a window ends after it starts: " + start + " .. " + end);
    }
  }

  /** The window of the given length that ends at {@code end}. */
  public static TimeWindow ending(Instant end, Duration length) {
    return new TimeWindow(end.minus(length), end);
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** The two halves {@code [start, mid)} and {@code [mid, end)}. */
  public List<TimeWindow> halves() {
    Instant mid = start.plus(length().dividedBy(2));
    return List.of(new TimeWindow(start, mid), new TimeWindow(mid, end));
  }

  /** Whether the window can still be halved (it is longer than a millisecond). */
  public boolean isSplittable() {
    return length().compareTo(Duration.ofMillis(2)) >= 0;
  }

  /** The ISO 8601 interval {@code start/end}, as Graph's {@code Timespan} takes it. */
  public String toIso8601() {
    return DateTimeFormatter.ISO_INSTANT.format(start)
        + "/"
        + DateTimeFormatter.ISO_INSTANT.format(end);
  }

  @Override
  public String toString() {
    return toIso8601();
  }
}
