package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Decodes one row object ({@code {"Column": value, ...}}) — a line of JSON lines or an element of a
 * hunting response's {@code results} — into the current row of a {@link FileLoad}.
 */
final class RowObjects {

  private RowObjects() {}

  /** Turns a parser location into the file's line and column (JSON lines parse each line alone). */
  interface Position {
    long line(JsonLocation location);

    long column(JsonLocation location);
  }

  /**
   * Reads the object whose {@code START_OBJECT} is the current token, up to and including its
   * {@code END_OBJECT}, into the load's current row. On a value that does not fit, reports it and
   * (when lenient) skips the rest of the object; returns whether the row is complete, for the
   * caller to accept.
   *
   * @param declared column types a response declares for columns the schema lacks (may be empty)
   */
  static boolean decode(
      JsonParser parser, FileLoad load, Map<String, ScalarType> declared, Position position)
      throws IOException {
    DecodedRow row = load.startRow();
    TableLayout layout = load.layout();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      int column = layout.indexOf(name);
      if (column < 0) {
        ScalarType type = declared.get(name);
        if (type == null) {
          type = inferred(value);
        }
        column = load.addColumn(name, type);
      }
      try {
        ValueDecoder.decodeJson(row, column, layout.column(column).type(), parser);
      } catch (ValueDecoder.ValueException e) {
        JsonLocation at = parser.currentTokenLocation();
        load.problem(
            FileLoad.VALUE,
            position.line(at),
            position.column(at),
            "column " + name + ": " + e.getMessage());
        skipRest(parser);
        return false;
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      JsonLocation at = parser.currentTokenLocation();
      load.problem(
          FileLoad.SYNTAX,
          position.line(at),
          position.column(at),
          "expected a column name or '}', found " + parser.currentToken());
      return false;
    }
    return true;
  }

  /** The type of a column that no schema names, from its first value. */
  private static ScalarType inferred(JsonToken value) {
    return switch (value) {
      case VALUE_NUMBER_INT -> ScalarType.LONG;
      case VALUE_NUMBER_FLOAT -> ScalarType.REAL;
      case VALUE_TRUE, VALUE_FALSE -> ScalarType.BOOL;
      case START_OBJECT, START_ARRAY -> ScalarType.DYNAMIC;
      default -> ScalarType.STRING;
    };
  }

  private static void skipRest(JsonParser parser) throws IOException {
    parser.skipChildren();
    JsonToken t = parser.nextToken();
    while (t != null && t != JsonToken.END_OBJECT) {
      parser.skipChildren();
      t = parser.nextToken();
    }
  }
}
