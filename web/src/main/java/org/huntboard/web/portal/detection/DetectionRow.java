package org.huntboard.web.portal.detection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.huntboard.web.detection.service.DetectionView;

/**
 * A detection as the portal shows it: the detection, its rule's name, and its grouping values as
 * name and text pairs (attacker-controlled telemetry text, always shown escaped).
 */
public record DetectionRow(DetectionView detection, String ruleName, List<Field> fields) {

  /** One grouping value. */
  public record Field(String name, String value) {}

  /** The row of a detection, naming its rule from the catalog (by id when the rule is gone). */
  public static DetectionRow of(DetectionView detection, Map<String, String> ruleNames) {
    List<Field> fields = new ArrayList<>();
    JsonNode grouping = detection.grouping();
    if (grouping != null && grouping.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> entries = grouping.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> e = entries.next();
        fields.add(new Field(e.getKey(), text(e.getValue())));
      }
    }
    return new DetectionRow(
        detection, ruleNames.getOrDefault(detection.ruleId(), detection.ruleId()), fields);
  }

  /** The value of a grouping column, or an empty text when the rule does not group by it. */
  public String value(String name) {
    return fields.stream()
        .filter(f -> f.name().equals(name))
        .map(Field::value)
        .findFirst()
        .orElse("");
  }

  /** What names the detection's device: its name, else its id. */
  public String deviceLabel() {
    String name = value("DeviceName");
    if (!name.isBlank()) {
      return name;
    }
    String id = value("DeviceId");
    return id.isBlank() ? "(no device)" : id;
  }

  /** The report ids as text, in the order stored. */
  public List<String> reportIds() {
    List<String> ids = new ArrayList<>();
    JsonNode reports = detection.reportIds();
    if (reports != null && reports.isArray()) {
      reports.forEach(r -> ids.add(text(r)));
    }
    return ids;
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
