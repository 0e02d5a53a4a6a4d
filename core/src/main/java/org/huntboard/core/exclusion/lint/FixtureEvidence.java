package org.huntboard.core.exclusion.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.evaluate.ConditionEvaluator;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.kql.syntax.Query;

/**
 * Evidence from fixture events in JSON lines (one event object per line, the table's column names
 * as keys): the rule's true positives, and events that exclusions should suppress. The exclusion's
 * conditions are evaluated on each event with Kusto's semantics ({@link ConditionEvaluator}).
 *
 * <p>This is exact for fixture events that the rule's own filters keep — which is what a rule's
 * true-positive fixtures and an exclusion's fixtures are — because the exclusion is tested before
 * the rule's aggregation, on the same rows. A backtest over raw telemetry, where many rows fail the
 * rule's filters, needs the rule's query run on an engine instead.
 */
public final class FixtureEvidence implements ExclusionEvidence {

  /** The diagnostic code of an unreadable fixture file. */
  public static final String FIXTURE = "EXCL-FIXTURE";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Map<String, Object>> truePositives;
  private final List<Map<String, Object>> suppressible;
  private final String description;

  public FixtureEvidence(
      List<Map<String, Object>> truePositives,
      List<Map<String, Object>> suppressible,
      String description) {
    this.truePositives = List.copyOf(truePositives);
    this.suppressible = List.copyOf(suppressible);
    this.description = description;
  }

  /** Reads the true positives from one file and the suppressible events from others. */
  public static FixtureEvidence read(Path truePositives, List<Path> suppressible)
      throws IOException {
    List<Map<String, Object>> others = new ArrayList<>();
    for (Path p : suppressible) {
      others.addAll(readEvents(p));
    }
    return new FixtureEvidence(
        readEvents(truePositives),
        others,
        "the rule's true-positive fixtures ("
            + truePositives.getFileName()
            + ") and "
            + suppressible.size()
            + " exclusion fixture file(s)");
  }

  /** The events of a JSON-lines file; a malformed line is a located {@link DiagnosticException}. */
  public static List<Map<String, Object>> readEvents(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw fixture(file, i + 1, "this line is not a JSON object: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw fixture(file, i + 1, "each line must be one event as a JSON object");
      }
      Map<String, Object> event = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              f ->
                  event.put(
                      f.getKey(),
                      f.getValue().isNull()
                          ? null
                          : f.getValue().isValueNode()
                              ? f.getValue().asText()
                              : f.getValue().toString()));
      out.add(event);
    }
    return out;
  }

  private static DiagnosticException fixture(Path file, int line, String message) {
    return new DiagnosticException(
        new Diagnostic(
            Diagnostic.Severity.ERROR,
            FIXTURE,
            message,
            new SourceLocation(file.toString(), line, 1),
            null));
  }

  @Override
  public Verdict examine(Query ruleQuery, ExclusionFilter exclusion, FieldMappingProfile profile) {
    ConditionEvaluator evaluator = new ConditionEvaluator(profile);
    List<String> hidden = new ArrayList<>();
    for (Map<String, Object> event : truePositives) {
      if (evaluator.matches(exclusion.conditions(), event)) {
        hidden.add(describe(event));
      }
    }
    long matched =
        suppressible.stream().filter(e -> evaluator.matches(exclusion.conditions(), e)).count();
    return new Verdict(hidden, matched, description);
  }

  private static String describe(Map<String, Object> event) {
    List<String> parts = new ArrayList<>();
    for (String key :
        List.of(
            "DeviceName",
            "RemoteUrl",
            "RemoteIP",
            "InitiatingProcessFileName",
            "FileName",
            "Timestamp")) {
      Object v = event.get(key);
      if (v != null && !v.toString().isEmpty()) {
        parts.add(key + "=" + v);
      }
    }
    return parts.isEmpty() ? event.toString() : String.join(", ", parts);
  }
}
