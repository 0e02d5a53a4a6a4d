package org.huntboard.connectors.local.engine;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.huntboard.connectors.table.Ticks;

/**
 * {@code format_datetime}: Kusto's .NET-style specifiers ({@code yyyy MM dd HH hh mm ss f..fffffff
 * F..FFFFFFF tt} and their short forms); every other character is copied.
 */
final class DateFormat {

  private DateFormat() {}

  static String format(long ticks, String pattern) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(ticks, Ticks.PER_SECOND), 0, ZoneOffset.UTC);
    long frac = Math.floorMod(ticks, Ticks.PER_SECOND);
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int run = 1;
      while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
        run++;
      }
      switch (c) {
        case 'y' -> {
          int y = t.getYear();
          if (run <= 2) {
            pad(sb, y % 100, run);
          } else {
            pad(sb, y, run);
          }
        }
        case 'M' -> pad(sb, t.getMonthValue(), Math.min(run, 2));
        case 'd' -> pad(sb, t.getDayOfMonth(), Math.min(run, 2));
        case 'H' -> pad(sb, t.getHour(), Math.min(run, 2));
        case 'h' -> pad(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, Math.min(run, 2));
        case 'm' -> pad(sb, t.getMinute(), Math.min(run, 2));
        case 's' -> pad(sb, t.getSecond(), Math.min(run, 2));
        case 'f', 'F' -> {
          int digits = Math.min(run, 7);
          StringBuilder f = new StringBuilder();
          pad(f, frac, 7);
          String part = f.substring(0, digits);
          if (c == 'F') {
            int end = part.length();
            while (end > 0 && part.charAt(end - 1) == '0') {
              end--;
            }
            part = part.substring(0, end);
          }
          sb.append(part);
        }
        case 't' -> {
          String ampm = t.getHour() < 12 ? "AM" : "PM";
          sb.append(run == 1 ? ampm.substring(0, 1) : ampm);
        }
        default -> {
          for (int k = 0; k < run; k++) {
            sb.append(c);
          }
        }
      }
      i += run;
    }
    return sb.toString();
  }

  private static void pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int k = s.length(); k < width; k++) {
      sb.append('0');
    }
    sb.append(s);
  }
}
