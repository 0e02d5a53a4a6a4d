package org.huntboard.core.kql.parse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The canonical text of datetime and timespan values, as KQL writes them. */
public final class LiteralText {

  private static final long NANOS_PER_TICK = 100;

  private LiteralText() {}

  /** A datetime as KQL writes it inside {@code datetime(...)}: ISO 8601, UTC, 7 fraction digits. */
  public static String dateTimeText(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02d.%07dZ",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        t.getNano() / NANOS_PER_TICK);
  }

  /** A timespan in Kusto's clock form {@code [-][d.]hh:mm:ss[.fffffff]}. */
  public static String timespanClockText(Duration d) {
    boolean negative = d.isNegative();
    Duration a = d.abs();
    long days = a.toDays();
    long ticks = a.toNanosPart() / NANOS_PER_TICK;
    String text =
        (days > 0 ? days + "." : "")
            + String.format("%02d:%02d:%02d", a.toHoursPart(), a.toMinutesPart(), a.toSecondsPart())
            + (ticks > 0 ? String.format(".%07d", ticks) : "");
    return (negative ? "-" : "") + text;
  }
}
