package org.huntboard.connectors.defender;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.ResultRows;
import org.huntboard.connectors.spi.ServiceValues;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Reads Graph's {@code huntingQueryResults}: {@code schema} (a list of {@code {name, type}}) and
 * {@code results} (one JSON object per row, keyed by column name). Property names are matched
 * without regard to case, because the documentation shows both {@code name}/{@code type} and {@code
 * Name}/{@code Type}; the .NET type names ({@code DateTime}, {@code Int64}, {@code Object}, ...)
 * map to KQL types, and a type the docs do not list becomes dynamic, keeping its JSON.
 */
final class HuntingResponse {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HuntingResponse() {}

  static ResultRows parse(String body) throws ConnectorException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw unreadable("the body is not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw unreadable("the body is not a JSON object", null);
    }
    JsonNode schema = field(root, "schema");
    JsonNode results = field(root, "results");
    if (schema == null || !schema.isArray()) {
      throw unreadable("it has no schema", null);
    }
    List<String> names = new ArrayList<>();
    List<ScalarType> types = new ArrayList<>();
    for (JsonNode col : schema) {
      JsonNode name = field(col, "name");
      JsonNode type = field(col, "type");
      if (name == null || !name.isTextual()) {
        throw unreadable("a schema entry has no name: " + col, null);
      }
      names.add(name.asText());
      types.add(
          type == null
              ? ScalarType.DYNAMIC
              : ScalarType.fromServiceName(type.asText()).orElse(ScalarType.DYNAMIC));
    }
    List<Object[]> rows = new ArrayList<>();
    if (results != null && !results.isNull()) {
      if (!results.isArray()) {
        throw unreadable("results is not a list", null);
      }
      for (JsonNode r : results) {
        Object[] row = new Object[names.size()];
        for (int c = 0; c < names.size(); c++) {
          JsonNode cell = field(r, names.get(c));
          try {
            row[c] = ServiceValues.fromJson(cell, types.get(c), false);
          } catch (IllegalArgumentException e) {
            throw unreadable(
                "row " + (rows.size() + 1) + ", column " + names.get(c) + ": " + e.getMessage(), e);
          }
        }
        rows.add(row);
      }
    }
    return new ResultRows(names, types, rows);
  }

  /** The property {@code name}: exactly, else the first whose name differs only in case. */
  private static JsonNode field(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static ConnectorException unreadable(String why, Throwable cause) {
    return ConnectorException.of(
            FailureClass.UNAVAILABLE, "Defender advanced hunting sent an unreadable answer: " + why)
        .httpStatus(200)
        .cause(cause)
        .build();
  }
}
