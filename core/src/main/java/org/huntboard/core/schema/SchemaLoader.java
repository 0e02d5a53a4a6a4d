package org.huntboard.core.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Reads a table schema file: {@code {"table": "...", "dialect": "defender"|"sentinel", "source":
 * "...", "columns": [{"name": "...", "type": "<KQL type>"}, ...]}}.
 *
 * <p>Any problem (bad JSON, a missing or mistyped field, an unknown type or dialect, a column
 * declared twice) is a {@link DiagnosticException} with code {@value #CODE} pointing at the place
 * in the file. Unknown fields are rejected too, so that a misspelt {@code "colums"} is not silently
 * an empty table.
 */
public final class SchemaLoader {

  /** The diagnostic code of every schema file problem. */
  public static final String CODE = "SCHEMA-FORMAT";

  private static final JsonFactory JSON = new JsonFactory();

  private SchemaLoader() {}

  /** Parses one schema file. */
  public static SchemaFile load(SourceText source) {
    try (JsonParser p = JSON.createParser(source.text())) {
      return new Reader(source, p).file();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int offset = at == null ? 0 : (int) Math.max(0, at.getCharOffset());
      throw error(source, offset, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DiagnosticException error(SourceText source, int offset, String message) {
    return new DiagnosticException(
        new Diagnostic(
            Diagnostic.Severity.ERROR,
            CODE,
            message,
            source.location(offset),
            source.caretExcerpt(offset)));
  }

  /** A recursive reader over the token stream that knows where each token started. */
  private static final class Reader {
    private final SourceText source;
    private final JsonParser p;

    Reader(SourceText source, JsonParser p) {
      this.source = source;
      this.p = p;
    }

    private int here() {
      return (int) Math.max(0, p.currentTokenLocation().getCharOffset());
    }

    private DiagnosticException fail(int offset, String message) {
      return error(source, offset, message);
    }

    SchemaFile file() throws IOException {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw fail(
            here(), "a schema file is a JSON object with \"table\", \"dialect\" and \"columns\"");
      }
      int objectStart = here();
      String table = null;
      Dialect dialect = null;
      String sourceNote = null;
      List<ColumnSchema> columns = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int fieldAt = here();
        p.nextToken();
        switch (field) {
          case "table" -> table = nonEmptyString("table");
          case "dialect" -> {
            int at = here();
            String id = nonEmptyString("dialect");
            dialect =
                Dialect.fromId(id)
                    .orElseThrow(
                        () ->
                            fail(
                                at,
                                "unknown dialect \""
                                    + id
                                    + "\" (expected \"defender\" or \"sentinel\")"));
          }
          case "source" -> sourceNote = string("source");
          case "columns" -> columns = columns();
          default -> throw fail(fieldAt, "unknown field \"" + field + "\"");
        }
      }
      if (table == null) {
        throw fail(objectStart, "missing field \"table\"");
      }
      if (dialect == null) {
        throw fail(objectStart, "missing field \"dialect\"");
      }
      if (columns == null) {
        throw fail(objectStart, "missing field \"columns\"");
      }
      if (p.nextToken() != null) {
        throw fail(here(), "unexpected content after the schema object");
      }
      return new SchemaFile(new TableSchema(table, columns), dialect, sourceNote);
    }

    private String string(String what) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw fail(here(), "\"" + what + "\" must be a string");
      }
      return p.getText();
    }

    private String nonEmptyString(String what) throws IOException {
      int at = here();
      String s = string(what);
      if (s.isBlank()) {
        throw fail(at, "\"" + what + "\" must not be empty");
      }
      return s;
    }

    private List<ColumnSchema> columns() throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw fail(here(), "\"columns\" must be an array of {\"name\", \"type\"} objects");
      }
      List<ColumnSchema> columns = new ArrayList<>();
      Set<String> names = new HashSet<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw fail(here(), "each column must be an object with \"name\" and \"type\"");
        }
        int columnAt = here();
        String name = null;
        int nameAt = columnAt;
        ScalarType type = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          int fieldAt = here();
          p.nextToken();
          switch (field) {
            case "name" -> {
              nameAt = here();
              name = nonEmptyString("name");
            }
            case "type" -> {
              int at = here();
              String typeName = nonEmptyString("type");
              type =
                  ScalarType.fromKqlName(typeName)
                      .orElseThrow(() -> fail(at, "unknown KQL type \"" + typeName + "\""));
            }
            default -> throw fail(fieldAt, "unknown column field \"" + field + "\"");
          }
        }
        if (name == null) {
          throw fail(columnAt, "column without \"name\"");
        }
        if (type == null) {
          throw fail(columnAt, "column " + name + " has no \"type\"");
        }
        if (!names.add(name)) {
          throw fail(nameAt, "column " + name + " is declared twice");
        }
        columns.add(new ColumnSchema(name, type));
      }
      return columns;
    }
  }
}
