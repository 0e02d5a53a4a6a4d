package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Reads a saved API response body, streaming: a hunting response ({@code schema}/{@code results} of
 * Graph {@code runHuntingQuery}, {@code Schema}/{@code Results} of the legacy Defender APIs; the
 * keys in any case) or a Log Analytics response ({@code tables[0].columns} and positional {@code
 * rows}). Column types come from the table's schema; a response's own declared types are used only
 * for columns the schema lacks.
 */
final class ResponseBodyReader {

  private static final RowObjects.Position POSITION =
      new RowObjects.Position() {
        @Override
        public long line(JsonLocation at) {
          return at.getLineNr();
        }

        @Override
        public long column(JsonLocation at) {
          return at.getColumnNr();
        }
      };

  /** Which form the body turned out to be, once read. */
  private TelemetryFormat format = TelemetryFormat.HUNTING_RESPONSE;

  TelemetryFormat format() {
    return format;
  }

  void read(JsonParser parser, FileLoad load) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw fatal(parser, load, "expected a response object ({...})");
    }
    Map<String, ScalarType> declared = new HashMap<>();
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      switch (field.toLowerCase(Locale.ROOT)) {
        case "schema" -> readSchema(parser, load, declared);
        case "results" -> readResults(parser, load, declared);
        case "tables" -> {
          format = TelemetryFormat.LOG_ANALYTICS_RESPONSE;
          readTables(parser, load);
        }
        default -> {
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
          }
        }
      }
    }
    if (parser.nextToken() != null) {
      throw fatal(parser, load, "unexpected text after the response object");
    }
  }

  private static void readSchema(JsonParser parser, FileLoad load, Map<String, ScalarType> declared)
      throws IOException {
    expect(parser, load, JsonToken.START_ARRAY, "schema: expected an array of {name, type}");
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      Map<String, String> entry = stringFields(parser);
      String name = entry.get("name");
      if (name == null) {
        throw fatal(parser, load, "schema: an entry has no name");
      }
      String type = entry.getOrDefault("type", "");
      declared.put(name, typeOf(type));
    }
    expect(parser, load, JsonToken.END_ARRAY, "schema: expected an array of {name, type}");
  }

  private static void readResults(
      JsonParser parser, FileLoad load, Map<String, ScalarType> declared) throws IOException {
    expect(parser, load, JsonToken.START_ARRAY, "results: expected an array of row objects");
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.START_OBJECT) {
      if (RowObjects.decode(parser, load, declared, POSITION)) {
        load.acceptRow();
      }
    }
    if (t != JsonToken.END_ARRAY) {
      throw fatal(parser, load, "results: expected a row object, found " + t);
    }
  }

  private static void readTables(JsonParser parser, FileLoad load) throws IOException {
    expect(parser, load, JsonToken.START_ARRAY, "tables: expected an array of tables");
    int count = 0;
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      if (++count > 1) {
        throw fatal(
            parser,
            load,
            "tables: the response holds more than one table; save each table's response on its own");
      }
      int[] columnIndex = null;
      String field;
      while ((field = parser.nextFieldName()) != null) {
        JsonToken value = parser.nextToken();
        if (field.equalsIgnoreCase("columns")) {
          columnIndex = readColumns(parser, load);
        } else if (field.equalsIgnoreCase("rows")) {
          if (columnIndex == null) {
            throw fatal(parser, load, "tables[0]: rows come before columns");
          }
          readRows(parser, load, columnIndex);
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          parser.skipChildren();
        }
      }
    }
    expect(parser, load, JsonToken.END_ARRAY, "tables: expected an array of tables");
  }

  private static int[] readColumns(JsonParser parser, FileLoad load) throws IOException {
    expect(parser, load, JsonToken.START_ARRAY, "columns: expected an array of {name, type}");
    List<Integer> indexes = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      Map<String, String> entry = stringFields(parser);
      String name = entry.get("name");
      if (name == null) {
        throw fatal(parser, load, "columns: an entry has no name");
      }
      int index = load.layout().indexOf(name);
      if (index < 0) {
        index = load.addColumn(name, typeOf(entry.getOrDefault("type", "")));
      }
      indexes.add(index);
    }
    expect(parser, load, JsonToken.END_ARRAY, "columns: expected an array of {name, type}");
    return indexes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void readRows(JsonParser parser, FileLoad load, int[] columns) throws IOException {
    expect(parser, load, JsonToken.START_ARRAY, "rows: expected an array of rows");
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.START_ARRAY) {
      JsonLocation rowStart = parser.currentTokenLocation();
      DecodedRow row = load.startRow();
      int i = 0;
      boolean ok = true;
      JsonToken cell;
      while ((cell = parser.nextToken()) != JsonToken.END_ARRAY && cell != null) {
        if (i >= columns.length) {
          parser.skipChildren();
          i++;
          continue;
        }
        int column = columns[i];
        try {
          ValueDecoder.decodeJson(row, column, load.layout().column(column).type(), parser);
        } catch (ValueDecoder.ValueException e) {
          JsonLocation at = parser.currentTokenLocation();
          load.problem(
              FileLoad.VALUE,
              at.getLineNr(),
              at.getColumnNr(),
              "column " + load.layout().column(column).name() + ": " + e.getMessage());
          parser.skipChildren();
          skipToEndOfArray(parser);
          ok = false;
          break;
        }
        i++;
      }
      if (!ok) {
        continue;
      }
      if (i != columns.length) {
        load.problem(
            FileLoad.SHAPE,
            rowStart.getLineNr(),
            rowStart.getColumnNr(),
            "a row has " + i + " cells but the table has " + columns.length + " columns");
        continue;
      }
      load.acceptRow();
    }
    if (t != JsonToken.END_ARRAY) {
      throw fatal(parser, load, "rows: expected an array of cells, found " + t);
    }
  }

  private static void skipToEndOfArray(JsonParser parser) throws IOException {
    JsonToken t = parser.nextToken();
    while (t != null && t != JsonToken.END_ARRAY) {
      parser.skipChildren();
      t = parser.nextToken();
    }
  }

  /** The string fields of a small object (a schema entry), keys lower-cased. */
  private static Map<String, String> stringFields(JsonParser parser) throws IOException {
    Map<String, String> fields = new HashMap<>();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        parser.skipChildren();
      } else {
        fields.put(name.toLowerCase(Locale.ROOT), parser.getText());
      }
    }
    return fields;
  }

  /** A declared type: a KQL name (Log Analytics) or a .NET name (Defender); else dynamic. */
  private static ScalarType typeOf(String name) {
    return ScalarType.fromKqlName(name)
        .or(() -> ScalarType.fromServiceName(name))
        .orElse(ScalarType.DYNAMIC);
  }

  private static void expect(JsonParser parser, FileLoad load, JsonToken token, String message)
      throws IOException {
    if (parser.currentToken() != token) {
      throw fatal(parser, load, message + ", found " + parser.currentToken());
    }
  }

  private static RuntimeException fatal(JsonParser parser, FileLoad load, String message) {
    JsonLocation at = parser.currentTokenLocation();
    return load.fatal(FileLoad.SHAPE, at.getLineNr(), at.getColumnNr(), message);
  }
}
