package org.huntboard.web.portal;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the portal's pages write instants, durations and enum names, as template extensions. */
@TemplateExtension
public final class PortalFormats {

  private static final DateTimeFormatter DISPLAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter INPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private PortalFormats() {}

  /** An instant to the second in UTC, or a dash for none. */
  public static String display(Instant instant) {
    return instant == null ? "—" : DISPLAY.format(instant);
  }

  /** An instant in the value format of a {@code datetime-local} input (UTC). */
  public static String inputValue(Instant instant) {
    return instant == null ? "" : INPUT.format(instant);
  }

  /** An ISO-8601 duration in words, e.g. {@code PT1H} as "1 hour", {@code P5D} as "5 days". */
  public static String words(String isoDuration) {
    if (isoDuration == null) {
      return "—";
    }
    try {
      return words(Duration.parse(isoDuration));
    } catch (DateTimeParseException e) {
      return isoDuration;
    }
  }

  /** A duration in words, largest units first. */
  public static String words(Duration duration) {
    if (duration.isZero()) {
      return "0 minutes";
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toDaysPart(), "day");
    append(text, duration.toHoursPart(), "hour");
    append(text, duration.toMinutesPart(), "minute");
    append(text, duration.toSecondsPart(), "second");
    return text.toString();
  }

  /** Milliseconds in words: "850 ms", "12.4 s". */
  public static String millis(Long millis) {
    if (millis == null) {
      return "—";
    }
    return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** An enum constant as a word, e.g. {@code FALSE_POSITIVE} as "false positive". */
  public static String label(Enum<?> constant) {
    return constant == null ? "—" : constant.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** An enum constant as a CSS class suffix, e.g. {@code FALSE_POSITIVE} as "false-positive". */
  public static String css(Enum<?> constant) {
    return constant == null ? "none" : constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The first twelve characters of a hash, enough to tell versions apart at a glance. */
  public static String shortHash(String hash) {
    return hash == null ? "—" : hash.length() <= 12 ? hash : hash.substring(0, 12);
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount == 0) {
      return;
    }
    if (text.length() > 0) {
      text.append(' ');
    }
    text.append(amount).append(' ').append(unit).append(amount == 1 ? "" : "s");
  }
}
