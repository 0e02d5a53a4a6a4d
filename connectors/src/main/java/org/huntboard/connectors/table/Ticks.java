package org.huntboard.connectors.table;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * Kusto's time units. A {@code datetime} is held as ticks of 100 ns since the Unix epoch
 * (1970-01-01T00:00:00Z), not since 0001-01-01 as .NET counts: it converts to {@link Instant}
 * without an offset, and a long still covers Kusto's years 0001–9999. A {@code timespan} is a
 * signed number of ticks.
 */
public final class Ticks {

  public static final long PER_MICROSECOND = 10L;
  public static final long PER_MILLISECOND = 10_000L;
  public static final long PER_SECOND = 10_000_000L;
  public static final long PER_MINUTE = 60 * PER_SECOND;
  public static final long PER_HOUR = 60 * PER_MINUTE;
  public static final long PER_DAY = 24 * PER_HOUR;

  /** Ticks of 0001-01-01T00:00:00Z, the smallest datetime. */
  public static final long MIN_DATETIME = -62135596800L * PER_SECOND;

  /** Ticks of 9999-12-31T23:59:59.9999999Z, the largest datetime. */
  public static final long MAX_DATETIME = 253402300800L * PER_SECOND - 1;

  private Ticks() {}

  public static long fromInstant(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 100);
  }

  public static Instant toInstant(long ticks) {
    return Instant.ofEpochSecond(
        Math.floorDiv(ticks, PER_SECOND), Math.floorMod(ticks, PER_SECOND) * 100);
  }

  public static long fromDuration(java.time.Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), PER_SECOND), d.getNano() / 100);
  }

  /** {@code 2024-05-01T10:00:00.0000000Z}: ISO-8601 UTC with 7 fractional digits, as Kusto. */
  public static String formatDatetime(long ticks) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(ticks, PER_SECOND), 0, ZoneOffset.UTC);
    long frac = Math.floorMod(ticks, PER_SECOND);
    StringBuilder sb = new StringBuilder(28);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2).append('.');
    pad(sb, frac, 7).append('Z');
    return sb.toString();
  }

  /** {@code [-][d.]hh:mm:ss[.fffffff]}, as Kusto prints a timespan ({@code 1.02:03:04.5000000}). */
  public static String formatTimespan(long ticks) {
    StringBuilder sb = new StringBuilder(24);
    long t = ticks;
    if (t < 0) {
      sb.append('-');
      if (t == Long.MIN_VALUE) {
        t = Long.MAX_VALUE;
      } else {
        t = -t;
      }
    }
    long days = t / PER_DAY;
    long rest = t % PER_DAY;
    if (days > 0) {
      sb.append(days).append('.');
    }
    pad(sb, rest / PER_HOUR, 2).append(':');
    pad(sb, rest % PER_HOUR / PER_MINUTE, 2).append(':');
    pad(sb, rest % PER_MINUTE / PER_SECOND, 2);
    long frac = rest % PER_SECOND;
    if (frac != 0) {
      sb.append('.');
      pad(sb, frac, 7);
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  /**
   * Parses a datetime as Kusto accepts it in {@code datetime(...)} and {@code todatetime}: {@code
   * yyyy-MM-dd}, optionally followed by {@code T} or a space and {@code HH:mm[:ss[.f...]]}, then
   * optionally {@code Z} or an offset {@code ±hh:mm}. Empty for anything else.
   */
  public static OptionalLong parseDatetime(String text) {
    String s = text.strip();
    int n = s.length();
    int[] pos = {0};
    int year = digits(s, pos, 4, 4);
    if (year < 0 || !expect(s, pos, '-')) {
      return OptionalLong.empty();
    }
    int month = digits(s, pos, 1, 2);
    if (month < 1 || month > 12 || !expect(s, pos, '-')) {
      return OptionalLong.empty();
    }
    int day = digits(s, pos, 1, 2);
    if (day < 1 || day > 31) {
      return OptionalLong.empty();
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    long frac = 0;
    long offsetSeconds = 0;
    if (pos[0] < n && (s.charAt(pos[0]) == 'T' || s.charAt(pos[0]) == ' ')) {
      pos[0]++;
      hour = digits(s, pos, 1, 2);
      if (hour < 0 || hour > 23 || !expect(s, pos, ':')) {
        return OptionalLong.empty();
      }
      minute = digits(s, pos, 2, 2);
      if (minute < 0 || minute > 59) {
        return OptionalLong.empty();
      }
      if (expect(s, pos, ':')) {
        second = digits(s, pos, 2, 2);
        if (second < 0 || second > 59) {
          return OptionalLong.empty();
        }
        if (expect(s, pos, '.')) {
          int start = pos[0];
          long scale = PER_SECOND;
          while (pos[0] < n && Character.isDigit(s.charAt(pos[0]))) {
            scale /= 10;
            if (scale > 0) {
              frac += (s.charAt(pos[0]) - '0') * scale;
            }
            pos[0]++;
          }
          if (pos[0] == start) {
            return OptionalLong.empty();
          }
        }
      }
      if (pos[0] < n && (s.charAt(pos[0]) == 'Z' || s.charAt(pos[0]) == 'z')) {
        pos[0]++;
      } else if (pos[0] < n && (s.charAt(pos[0]) == '+' || s.charAt(pos[0]) == '-')) {
        int sign = s.charAt(pos[0]) == '-' ? -1 : 1;
        pos[0]++;
        int oh = digits(s, pos, 2, 2);
        expect(s, pos, ':');
        int om = digits(s, pos, 2, 2);
        if (oh < 0 || om < 0) {
          return OptionalLong.empty();
        }
        offsetSeconds = sign * (oh * 3600L + om * 60L);
      }
    } else if (pos[0] < n && s.charAt(pos[0]) == 'Z') {
      pos[0]++;
    }
    if (pos[0] != n) {
      return OptionalLong.empty();
    }
    try {
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second);
      long epoch = t.toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
      return OptionalLong.of(epoch * PER_SECOND + frac);
    } catch (java.time.DateTimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Parses a timespan: {@code [-][d.]hh:mm[:ss[.f...]]}, or a number with a KQL unit suffix such as
   * {@code 1.5h}, {@code 30s}, {@code 100ms}. Empty for anything else.
   */
  public static OptionalLong parseTimespan(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return OptionalLong.empty();
    }
    boolean negative = s.charAt(0) == '-';
    String body = negative || s.charAt(0) == '+' ? s.substring(1) : s;
    OptionalLong r = body.indexOf(':') >= 0 ? parseClock(body) : parseWithUnit(body);
    if (r.isEmpty()) {
      return r;
    }
    return OptionalLong.of(negative ? -r.getAsLong() : r.getAsLong());
  }

  private static OptionalLong parseClock(String s) {
    int[] pos = {0};
    long days = 0;
    int dot = s.indexOf('.');
    int colon = s.indexOf(':');
    if (dot >= 0 && dot < colon) {
      try {
        days = Long.parseLong(s.substring(0, dot));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
      pos[0] = dot + 1;
    }
    int h = digits(s, pos, 1, 2);
    if (h < 0 || !expect(s, pos, ':')) {
      return OptionalLong.empty();
    }
    int m = digits(s, pos, 1, 2);
    if (m < 0 || m > 59) {
      return OptionalLong.empty();
    }
    int sec = 0;
    long frac = 0;
    if (expect(s, pos, ':')) {
      sec = digits(s, pos, 1, 2);
      if (sec < 0 || sec > 59) {
        return OptionalLong.empty();
      }
      if (expect(s, pos, '.')) {
        long scale = PER_SECOND;
        int start = pos[0];
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
          scale /= 10;
          if (scale > 0) {
            frac += (s.charAt(pos[0]) - '0') * scale;
          }
          pos[0]++;
        }
        if (pos[0] == start) {
          return OptionalLong.empty();
        }
      }
    }
    if (pos[0] != s.length()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        days * PER_DAY + h * PER_HOUR + m * PER_MINUTE + sec * PER_SECOND + frac);
  }

  private static OptionalLong parseWithUnit(String s) {
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      return OptionalLong.empty();
    }
    double amount;
    try {
      amount = Double.parseDouble(s.substring(0, i));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
    long unit = unitTicks(s.substring(i));
    if (unit == 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.round(amount * unit));
  }

  /**
   * The ticks of one KQL timespan unit suffix ({@code d}, {@code hours}, {@code ms}, ...); 0 if
   * unknown.
   */
  public static long unitTicks(String suffix) {
    return switch (suffix) {
      case "d", "day", "days", "" -> PER_DAY;
      case "h", "hr", "hrs", "hour", "hours" -> PER_HOUR;
      case "m", "min", "minute", "minutes" -> PER_MINUTE;
      case "s", "sec", "second", "seconds" -> PER_SECOND;
      case "ms", "milli", "millis", "millisec", "millisecond", "milliseconds" -> PER_MILLISECOND;
      case "micro", "micros", "microsec", "microsecond", "microseconds" -> PER_MICROSECOND;
      case "tick", "ticks" -> 1;
      default -> 0;
    };
  }

  private static int digits(String s, int[] pos, int min, int max) {
    int v = 0;
    int count = 0;
    while (pos[0] < s.length() && count < max && Character.isDigit(s.charAt(pos[0]))) {
      v = v * 10 + (s.charAt(pos[0]) - '0');
      pos[0]++;
      count++;
    }
    return count < min ? -1 : v;
  }

  private static boolean expect(String s, int[] pos, char c) {
    if (pos[0] < s.length() && s.charAt(pos[0]) == c) {
      pos[0]++;
      return true;
    }
    return false;
  }
}
