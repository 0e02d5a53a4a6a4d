package org.huntboard.connectors.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Converts the cell values services send (JSON values, or the strings Log Analytics uses) into the
 * Java values of Huntboard's table model: {@code String}, {@code Long}, {@code Integer}, {@code
 * Double}, {@code Boolean}, {@code Instant}, {@code Duration}, {@code UUID}, {@code JsonNode}.
 */
public final class ServiceValues {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TIMESPAN =
      Pattern.compile("(-)?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");

  private ServiceValues() {}

  /**
   * The value of a JSON cell for a column of {@code type}; JSON null gives null.
   *
   * @param dynamicAsText whether a dynamic cell arrives serialized as a JSON string (Log Analytics)
   *     rather than as JSON (Graph)
   * @throws IllegalArgumentException when the value does not fit the type
   */
  public static Object fromJson(JsonNode v, ScalarType type, boolean dynamicAsText) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return type == ScalarType.DYNAMIC ? NullNode.getInstance() : null;
    }
    switch (type) {
      case DYNAMIC:
        if (dynamicAsText && v.isTextual()) {
          return parseDynamic(v.asText());
        }
        return v;
      case STRING:
        return v.isTextual() ? v.asText() : v.toString();
      default:
        if (v.isTextual()) {
          return fromText(v.asText(), type);
        }
        if (type == ScalarType.BOOL && v.isBoolean()) {
          return v.booleanValue();
        }
        if (v.isNumber()) {
          return switch (type) {
            case LONG -> v.asLong();
            case INT -> v.asInt();
            case REAL, DECIMAL -> v.asDouble();
            case BOOL -> v.asLong() != 0;
            default -> fromText(v.asText(), type);
          };
        }
        throw new IllegalArgumentException("a " + type + " cell cannot be " + v);
    }
  }

  /** The value of a cell sent as text for a column of {@code type}; null stays null. */
  public static Object fromText(String s, ScalarType type) {
    if (s == null) {
      return type == ScalarType.DYNAMIC ? NullNode.getInstance() : null;
    }
    try {
      return switch (type) {
        case STRING -> s;
        case LONG -> s.isEmpty() ? null : Long.parseLong(s);
        case INT -> s.isEmpty() ? null : Integer.parseInt(s);
        case REAL -> s.isEmpty() ? null : parseReal(s);
        case DECIMAL -> s.isEmpty() ? null : new BigDecimal(s).doubleValue();
        case BOOL -> s.isEmpty() ? null : parseBool(s);
        case DATETIME -> s.isEmpty() ? null : parseDateTime(s);
        case TIMESPAN -> s.isEmpty() ? null : parseTimespan(s);
        case GUID -> s.isEmpty() ? null : UUID.fromString(s);
        case DYNAMIC -> parseDynamic(s);
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + s + "' is not a " + type + ": " + e.getMessage(), e);
    }
  }

  private static double parseReal(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static Boolean parseBool(String s) {
    if (s.equalsIgnoreCase("true") || s.equals("1")) {
      return true;
    }
    if (s.equalsIgnoreCase("false") || s.equals("0")) {
      return false;
    }
    throw new IllegalArgumentException("not a bool");
  }

  /** ISO 8601 with a zone or offset; one without is UTC, as Kusto prints datetimes. */
  static Instant parseDateTime(String s) {
    String t = s.trim();
    if (t.endsWith("Z") || t.endsWith("z")) {
      return Instant.parse(t.substring(0, t.length() - 1) + "Z");
    }
    if (t.matches(".*[+-]\\d{2}:\\d{2}$")) {
      return OffsetDateTime.parse(t).toInstant();
    }
    return Instant.parse(t + "Z");
  }

  /** Kusto's {@code [-][d.]hh:mm:ss[.fffffff]}, or ISO 8601 {@code PT...}. */
  static Duration parseTimespan(String s) {
    Matcher m = TIMESPAN.matcher(s.trim());
    if (!m.matches()) {
      return Duration.parse(s.trim());
    }
    long days = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    Duration d =
        Duration.ofDays(days)
            .plusHours(Long.parseLong(m.group(3)))
            .plusMinutes(Long.parseLong(m.group(4)))
            .plusSeconds(Long.parseLong(m.group(5)));
    if (m.group(6) != null) {
      String frac = (m.group(6) + "000000000").substring(0, 9);
      d = d.plusNanos(Long.parseLong(frac));
    }
    return m.group(1) != null ? d.negated() : d;
  }

  private static JsonNode parseDynamic(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return TextNode.valueOf(s);
    }
  }
}
