package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Turns exported values into typed cells: the text of a CSV field or JSON string, and JSON tokens.
 * A value that does not fit its column's type throws {@link ValueException} with a message that
 * says what was expected; the reader that called it adds file, line and column.
 */
final class ValueDecoder {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final long TICKS_PER_SECOND = 10_000_000L;
  private static final long TICKS_PER_DAY = 86_400L * TICKS_PER_SECOND;

  private ValueDecoder() {}

  /** A value that does not fit its column; the message names the expected form. */
  static final class ValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ValueException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Decodes the text of a CSV field or a JSON string into {@code row[column]}. Empty text is an
   * empty cell ({@code ""} for strings, null otherwise).
   */
  static void decodeText(DecodedRow row, int column, ScalarType type, String text) {
    if (type == ScalarType.STRING) {
      row.setRef(column, text);
      return;
    }
    if (text.isEmpty()) {
      row.setNull(column);
      return;
    }
    switch (type) {
      case LONG -> row.setBits(column, parseLong(text));
      case INT -> row.setBits(column, parseInt(text));
      case REAL -> row.setBits(column, Double.doubleToRawLongBits(parseReal(text)));
      case BOOL -> row.setBits(column, parseBool(text) ? 1 : 0);
      case DATETIME -> row.setBits(column, parseDatetime(text));
      case TIMESPAN -> row.setBits(column, parseTimespan(text));
      case GUID -> row.setRef(column, parseGuid(text));
      case DECIMAL -> row.setRef(column, parseDecimal(text));
      case DYNAMIC -> row.setRef(column, parseDynamicText(text));
      default -> throw new IllegalStateException("unhandled type " + type);
    }
  }

  /**
   * Decodes the JSON value at the parser's current token into {@code row[column]}, consuming it
   * (objects and arrays included).
   */
  static void decodeJson(DecodedRow row, int column, ScalarType type, JsonParser parser)
      throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      if (type == ScalarType.STRING) {
        row.setRef(column, "");
      } else {
        row.setNull(column);
      }
      return;
    }
    if (token == JsonToken.VALUE_STRING) {
      if (type == ScalarType.DYNAMIC) {
        row.setRef(column, parseDynamicText(parser.getText()));
      } else {
        decodeText(row, column, type, parser.getText());
      }
      return;
    }
    switch (type) {
      case STRING -> row.setRef(column, jsonAsString(parser, token));
      case DYNAMIC -> row.setRef(column, (JsonNode) JSON.readTree(parser));
      case LONG -> row.setBits(column, jsonLong(parser, token, false));
      case INT -> row.setBits(column, jsonLong(parser, token, true));
      case REAL -> {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
          throw mismatch(token, "a real number");
        }
        row.setBits(column, Double.doubleToRawLongBits(parser.getDoubleValue()));
      }
      case BOOL -> {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
          row.setBits(column, token == JsonToken.VALUE_TRUE ? 1 : 0);
        } else if (token == JsonToken.VALUE_NUMBER_INT
            && (parser.getLongValue() == 0 || parser.getLongValue() == 1)) {
          row.setBits(column, parser.getLongValue());
        } else {
          throw mismatch(token, "true or false");
        }
      }
      case DECIMAL -> {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
          throw mismatch(token, "a decimal number");
        }
        row.setRef(column, parser.getDecimalValue());
      }
      case DATETIME -> throw mismatch(token, "an ISO 8601 datetime string");
      case TIMESPAN -> throw mismatch(token, "a timespan string such as 1.02:03:04.5");
      case GUID -> throw mismatch(token, "a guid string");
      default -> throw new IllegalStateException("unhandled type " + type);
    }
  }

  private static String jsonAsString(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      // Defender may hand a JSON-typed field (AdditionalFields) to a string column: keep its text.
      return JSON.writeValueAsString(JSON.readTree(parser));
    }
    return parser.getText();
  }

  private static long jsonLong(JsonParser parser, JsonToken token, boolean int32)
      throws IOException {
    String expected = int32 ? "an int (32-bit integer)" : "a long (64-bit integer)";
    long value;
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new ValueException("expected " + expected + ", found " + parser.getText());
      }
      value = parser.getLongValue();
    } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = parser.getDoubleValue();
      if (d != Math.rint(d) || Math.abs(d) > 9.0e18) {
        throw new ValueException("expected " + expected + ", found " + parser.getText());
      }
      value = (long) d;
    } else {
      throw mismatch(token, expected);
    }
    if (int32 && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      throw new ValueException("expected " + expected + ", found " + value + " (out of range)");
    }
    return value;
  }

  private static ValueException mismatch(JsonToken token, String expected) {
    String found =
        switch (token) {
          case START_OBJECT -> "an object";
          case START_ARRAY -> "an array";
          case VALUE_TRUE, VALUE_FALSE -> "a boolean";
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
          default -> token.toString();
        };
    return new ValueException("expected " + expected + ", found " + found);
  }

  static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ValueException("expected a long (64-bit integer), found \"" + clip(text) + "\"");
    }
  }

  static long parseInt(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new ValueException("expected an int (32-bit integer), found \"" + clip(text) + "\"");
    }
  }

  static double parseReal(String text) {
    String t = text.trim();
    switch (t) {
      case "NaN":
        return Double.NaN;
      case "Infinity", "+Infinity", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-Infinity", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    // Double.parseDouble also takes hexadecimal and "1d"/"1f" suffixes, which no export writes.
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        throw new ValueException("expected a real number, found \"" + clip(text) + "\"");
      }
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new ValueException("expected a real number, found \"" + clip(text) + "\"");
    }
  }

  static boolean parseBool(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("true") || t.equals("1")) {
      return true;
    }
    if (t.equalsIgnoreCase("false") || t.equals("0")) {
      return false;
    }
    throw new ValueException("expected true or false, found \"" + clip(text) + "\"");
  }

  static UUID parseGuid(String text) {
    String t = text.trim();
    if (t.length() == 38 && t.charAt(0) == '{' && t.charAt(37) == '}') {
      t = t.substring(1, 37);
    }
    if (t.length() != 36) {
      throw new ValueException("expected a guid, found \"" + clip(text) + "\"");
    }
    for (int i = 0; i < 36; i++) {
      char c = t.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        throw new ValueException("expected a guid, found \"" + clip(text) + "\"");
      }
    }
    return UUID.fromString(t);
  }

  static BigDecimal parseDecimal(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new ValueException("expected a decimal number, found \"" + clip(text) + "\"");
    }
  }

  /**
   * A string in a dynamic column: Log Analytics sends dynamic cells as JSON text, so an object or
   * array text becomes that value; anything else stays a string value.
   */
  static JsonNode parseDynamicText(String text) {
    String t = text.trim();
    if (!t.isEmpty() && (t.charAt(0) == '{' || t.charAt(0) == '[')) {
      try {
        return JSON.readTree(t);
      } catch (IOException e) {
        return TextNode.valueOf(text);
      }
    }
    return TextNode.valueOf(text);
  }

  /**
   * Parses an ISO 8601 datetime as exported by Defender and Log Analytics ({@code
   * 2024-02-15T08:01:02.1234567Z}; a space instead of {@code T}, no fraction, an offset, no zone
   * (taken as UTC) or a date alone are accepted) into 100 ns ticks since the Unix epoch.
   */
  static long parseDatetime(String text) {
    String t = text.trim();
    int n = t.length();
    try {
      if (n < 10 || t.charAt(4) != '-' || t.charAt(7) != '-') {
        throw new ValueException("");
      }
      int year = digits(t, 0, 4);
      int month = digits(t, 5, 7);
      int day = digits(t, 8, 10);
      long days = LocalDate.of(year, month, day).toEpochDay();
      long ticks = days * TICKS_PER_DAY;
      if (n == 10) {
        return ticks;
      }
      char sep = t.charAt(10);
      if ((sep != 'T' && sep != 't' && sep != ' ') || n < 16 || t.charAt(13) != ':') {
        throw new ValueException("");
      }
      int hour = digits(t, 11, 13);
      int minute = digits(t, 14, 16);
      int second = 0;
      int i = 16;
      if (i < n && t.charAt(i) == ':') {
        second = digits(t, 17, 19);
        i = 19;
      }
      if (hour > 23 || minute > 59 || second > 59) {
        throw new ValueException("");
      }
      ticks += (hour * 3600L + minute * 60L + second) * TICKS_PER_SECOND;
      if (i < n && t.charAt(i) == '.') {
        i++;
        long fraction = 0;
        int scale = 0;
        while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
          if (scale < 7) {
            fraction = fraction * 10 + (t.charAt(i) - '0');
            scale++;
          }
          i++;
        }
        if (scale == 0) {
          throw new ValueException("");
        }
        for (; scale < 7; scale++) {
          fraction *= 10;
        }
        ticks += fraction;
      }
      if (i == n) {
        return ticks;
      }
      char zone = t.charAt(i);
      if ((zone == 'Z' || zone == 'z') && i == n - 1) {
        return ticks;
      }
      if ((zone == '+' || zone == '-') && (n - i == 6 && t.charAt(i + 3) == ':' || n - i == 5)) {
        int oh = digits(t, i + 1, i + 3);
        int om = n - i == 6 ? digits(t, i + 4, i + 6) : digits(t, i + 3, i + 5);
        long offset = (oh * 3600L + om * 60L) * TICKS_PER_SECOND;
        return zone == '+' ? ticks - offset : ticks + offset;
      }
      throw new ValueException("");
    } catch (ValueException | DateTimeException | StringIndexOutOfBoundsException e) {
      throw new ValueException(
          "expected an ISO 8601 datetime such as 2024-02-15T08:01:02.1234567Z, found \""
              + clip(text)
              + "\"");
    }
  }

  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        throw new ValueException("");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * Parses a timespan in Kusto's text form ({@code [-][d.]hh:mm:ss[.fffffff]}) or as an ISO 8601
   * duration ({@code PT1H30M}) into 100 ns ticks.
   */
  static long parseTimespan(String text) {
    String t = text.trim();
    String problem =
        "expected a timespan such as 1.02:03:04.5 or PT1H, found \"" + clip(text) + "\"";
    if (t.startsWith("P") || t.startsWith("-P") || t.startsWith("+P")) {
      try {
        Duration d = Duration.parse(t);
        return Math.addExact(
            Math.multiplyExact(d.getSeconds(), TICKS_PER_SECOND), d.getNano() / 100L);
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new ValueException(problem);
      }
    }
    boolean negative = t.startsWith("-");
    String s = negative ? t.substring(1) : t;
    try {
      long days = 0;
      int colon = s.indexOf(':');
      if (colon < 0) {
        throw new ValueException(problem);
      }
      int dot = s.lastIndexOf('.', colon);
      if (dot >= 0) {
        days = Long.parseLong(s.substring(0, dot));
        s = s.substring(dot + 1);
      }
      String[] parts = s.split(":", -1);
      if (parts.length != 3) {
        throw new ValueException(problem);
      }
      long hours = Long.parseLong(parts[0]);
      long minutes = Long.parseLong(parts[1]);
      String sec = parts[2];
      long fraction = 0;
      int fdot = sec.indexOf('.');
      if (fdot >= 0) {
        String f = sec.substring(fdot + 1);
        if (f.isEmpty() || f.length() > 7 || !f.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new ValueException(problem);
        }
        fraction = Long.parseLong((f + "0000000").substring(0, 7));
        sec = sec.substring(0, fdot);
      }
      long seconds = Long.parseLong(sec);
      if (hours > 23 || minutes > 59 || seconds > 59 || hours < 0 || minutes < 0 || seconds < 0) {
        throw new ValueException(problem);
      }
      long ticks =
          days * TICKS_PER_DAY
              + (hours * 3600 + minutes * 60 + seconds) * TICKS_PER_SECOND
              + fraction;
      return negative ? -ticks : ticks;
    } catch (NumberFormatException e) {
      throw new ValueException(problem);
    }
  }

  static String clip(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
