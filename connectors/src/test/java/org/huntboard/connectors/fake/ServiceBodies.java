package org.huntboard.connectors.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Writes one result table in each service's documented response format: Graph's {@code
 * huntingQueryResults} (schema of .NET type names, rows as objects) and Log Analytics' {@code
 * tables} (KQL type names, rows as positional arrays, dynamic values serialized as strings).
 */
public final class ServiceBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kusto prints datetimes with seven fractional digits. */
  private static final DateTimeFormatter KUSTO_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  private ServiceBodies() {}

  /** A table to serve: names, KQL types, rows of Java values. */
  public record Rows(List<String> names, List<ScalarType> types, List<List<Object>> rows) {}

  /** The Graph type name of a KQL type, as the Defender API reports it. */
  public static String graphType(ScalarType t) {
    return switch (t) {
      case STRING -> "String";
      case LONG -> "Int64";
      case INT -> "Int32";
      case DATETIME -> "DateTime";
      case BOOL -> "Boolean";
      case REAL -> "Double";
      case DYNAMIC -> "Object";
      case GUID -> "Guid";
      case TIMESPAN -> "TimeSpan";
      case DECIMAL -> "Decimal";
    };
  }

  /**
   * Graph's answer; {@code capitalized} writes {@code Name}/{@code Type} as one doc example does.
   */
  public static String graph(Rows rows, boolean capitalized) {
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "@odata.context",
        "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults");
    ArrayNode schema = root.putArray("schema");
    for (int i = 0; i < rows.names().size(); i++) {
      schema
          .addObject()
          .put(capitalized ? "Name" : "name", rows.names().get(i))
          .put(capitalized ? "Type" : "type", graphType(rows.types().get(i)));
    }
    ArrayNode results = root.putArray("results");
    for (List<Object> r : rows.rows()) {
      ObjectNode o = results.addObject();
      for (int i = 0; i < r.size(); i++) {
        o.set(rows.names().get(i), json(r.get(i), false));
      }
    }
    return root.toString();
  }

  /** Log Analytics' answer, with a statistics document and, when given, a partial error. */
  public static String logAnalytics(Rows rows, String partialError) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode table = root.putArray("tables").addObject();
    table.put("name", "PrimaryResult");
    ArrayNode cols = table.putArray("columns");
    for (int i = 0; i < rows.names().size(); i++) {
      cols.addObject().put("name", rows.names().get(i)).put("type", rows.types().get(i).kqlName());
    }
    ArrayNode out = table.putArray("rows");
    for (List<Object> r : rows.rows()) {
      ArrayNode a = out.addArray();
      for (Object v : r) {
        a.add(json(v, true));
      }
    }
    root.putObject("statistics")
        .putObject("query")
        .put("executionTime", 0.4187)
        .put("resourceUsage", 1);
    if (partialError != null) {
      ObjectNode err = root.putObject("error");
      err.put("message", "There were some errors when processing your query.");
      err.put("code", "PartialError");
      ObjectNode d = err.putArray("details").addObject();
      d.put("code", "EngineError");
      d.put("message", "Something went wrong processing your query on the server.");
      d.putObject("innererror").put("code", "-2133196797").put("message", partialError);
    }
    return root.toString();
  }

  private static JsonNode json(Object v, boolean dynamicAsString) {
    if (v == null) {
      return JSON.nullNode();
    }
    if (v instanceof Instant i) {
      return JSON.getNodeFactory().textNode(KUSTO_TIME.format(i));
    }
    if (v instanceof JsonNode j) {
      return dynamicAsString ? JSON.getNodeFactory().textNode(j.toString()) : j;
    }
    return JSON.valueToTree(v);
  }
}
