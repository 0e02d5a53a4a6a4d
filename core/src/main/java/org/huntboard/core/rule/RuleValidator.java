package org.huntboard.core.rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;

/**
 * Checks hunting rules: the id is a UUID and unique across the rule set, name and description are
 * present, tactics are ATT&CK Enterprise tactics, techniques look like {@code T1219} or {@code
 * T1219.001}, every table the rule declares is known, the schedule keeps to the bounds of
 * Sentinel's scheduled rules, and the query parses and binds against the declared tables.
 *
 * <p>Every problem is a {@link Diagnostic} located in the rule file; a problem inside the query is
 * moved from its place in the KQL text to its place in the YAML file.
 */
public final class RuleValidator {

  /** Sentinel's bounds for a scheduled rule's frequency and period. */
  public static final Duration SHORTEST = Duration.ofMinutes(5);

  public static final Duration LONGEST = Duration.ofDays(14);

  /**
   * From this period on, Sentinel requires a frequency of at least {@link #LONG_PERIOD_FREQUENCY}.
   */
  public static final Duration LONG_PERIOD = Duration.ofDays(2);

  public static final Duration LONG_PERIOD_FREQUENCY = Duration.ofHours(1);

  private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

  private final QueryCheck queries;

  public RuleValidator(QueryCheck queries) {
    this.queries = queries;
  }

  /** The problems of a rule set: each file's own, and every id used by more than one file. */
  public RuleSetReport validate(List<RuleFile> files) {
    Map<String, List<Diagnostic>> problems = new LinkedHashMap<>();
    Map<UUID, List<RuleFile>> byId = new LinkedHashMap<>();
    for (RuleFile file : files) {
      problems.put(file.path(), new ArrayList<>(validate(file)));
      file.rule().ifPresent(r -> byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(file));
    }
    for (Map.Entry<UUID, List<RuleFile>> entry : byId.entrySet()) {
      List<RuleFile> sharing = entry.getValue();
      if (sharing.size() < 2) {
        continue;
      }
      for (RuleFile file : sharing) {
        List<String> others = new ArrayList<>();
        for (RuleFile other : sharing) {
          if (other != file) {
            others.add(other.place("id").toString());
          }
        }
        problems
            .get(file.path())
            .add(
                RuleDiagnostics.error(
                    file.source(),
                    file.place("id"),
                    "RULE-ID-DUPLICATE",
                    "the id " + entry.getKey() + " is also used at " + String.join(", ", others)));
      }
    }
    return new RuleSetReport(files, problems);
  }

  /** The problems of one rule file, the loader's first. */
  public List<Diagnostic> validate(RuleFile file) {
    List<Diagnostic> problems = new ArrayList<>(file.diagnostics());
    if (file.rule().isEmpty()) {
      return problems;
    }
    HuntingRule rule = file.rule().get();
    Checks checks = new Checks(file, problems);
    if (rule.name().isBlank()) {
      checks.error("name", "RULE-NAME", "the rule's name is empty");
    }
    if (rule.description().isBlank()) {
      checks.error("description", "RULE-DESCRIPTION", "the rule's description is empty");
    }
    checkTactics(rule, checks);
    checkTechniques(rule, checks);
    checkTables(rule, checks);
    checkSchedule(rule, checks);
    if (!rule.dataTypes().isEmpty() && rule.dataTypes().stream().allMatch(queries::knowsTable)) {
      checkQuery(rule, file, problems);
    }
    return problems;
  }

  private static void checkTactics(HuntingRule rule, Checks checks) {
    if (rule.tactics().isEmpty()) {
      checks.error("tactics", "RULE-TACTIC", "the rule names no ATT&CK tactic");
    }
    for (int i = 0; i < rule.tactics().size(); i++) {
      String tactic = rule.tactics().get(i);
      if (Tactic.parse(tactic).isEmpty()) {
        checks.error(
            "tactics[" + i + "]",
            "RULE-TACTIC",
            "'" + tactic + "' is not an ATT&CK Enterprise tactic (" + Tactic.allNames() + ")");
      }
    }
  }

  private static void checkTechniques(HuntingRule rule, Checks checks) {
    for (int i = 0; i < rule.relevantTechniques().size(); i++) {
      String technique = rule.relevantTechniques().get(i);
      if (!TECHNIQUE.matcher(technique).matches()) {
        checks.error(
            "relevantTechniques[" + i + "]",
            "RULE-TECHNIQUE",
            "'" + technique + "' is not an ATT&CK technique id (like T1219 or T1219.001)");
      }
    }
  }

  private void checkTables(HuntingRule rule, Checks checks) {
    if (rule.dataTypes().isEmpty()) {
      checks.error(
          "requiredDataConnectors",
          "RULE-TABLE",
          "the rule declares no table (requiredDataConnectors: - connectorId: ... dataTypes: [...])");
    }
    List<DataConnector> connectors = rule.requiredDataConnectors();
    for (int c = 0; c < connectors.size(); c++) {
      List<String> types = connectors.get(c).dataTypes();
      for (int t = 0; t < types.size(); t++) {
        if (!queries.knowsTable(types.get(t))) {
          checks.error(
              "requiredDataConnectors[" + c + "].dataTypes[" + t + "]",
              "RULE-TABLE",
              "no table '" + types.get(t) + "' is known (table names are case-sensitive)");
        }
      }
    }
  }

  private static void checkSchedule(HuntingRule rule, Checks checks) {
    Optional<Duration> frequency = rule.queryFrequency();
    Optional<Duration> period = rule.queryPeriod();
    frequency.ifPresent(f -> checkBounds("queryFrequency", f, checks));
    period.ifPresent(p -> checkBounds("queryPeriod", p, checks));
    if (frequency.isPresent() != period.isPresent()) {
      String given = frequency.isPresent() ? "queryFrequency" : "queryPeriod";
      String missing = frequency.isPresent() ? "queryPeriod" : "queryFrequency";
      checks.error(given, "RULE-SCHEDULE", "'" + given + "' needs '" + missing + "' too");
      return;
    }
    if (frequency.isEmpty()) {
      return;
    }
    Duration f = frequency.get();
    Duration p = period.get();
    if (p.compareTo(f) < 0) {
      checks.error(
          "queryPeriod",
          "RULE-SCHEDULE",
          "the period ("
              + human(p)
              + ") is shorter than the frequency ("
              + human(f)
              + "): runs would leave gaps");
    }
    if (p.compareTo(LONG_PERIOD) >= 0 && f.compareTo(LONG_PERIOD_FREQUENCY) < 0) {
      checks.error(
          "queryFrequency",
          "RULE-SCHEDULE",
          "a period of 2 days or more needs a frequency of at least 1 hour, not " + human(f));
    }
  }

  private static void checkBounds(String field, Duration value, Checks checks) {
    if (value.compareTo(SHORTEST) < 0 || value.compareTo(LONGEST) > 0) {
      checks.error(
          field,
          "RULE-SCHEDULE",
          "'" + field + "' is " + human(value) + "; it must be between 5 minutes and 14 days");
    }
  }

  private void checkQuery(HuntingRule rule, RuleFile file, List<Diagnostic> problems) {
    RuleQuery query = rule.query();
    SourceText text = new SourceText(file.path(), query.text());
    for (Diagnostic found : queries.check(text, rule.dataTypes())) {
      SourceLocation inQuery = found.location();
      SourceLocation inFile =
          inQuery == null
              ? new SourceLocation(file.path(), query.line(), query.column())
              : query.locate(file.path(), inQuery.line(), inQuery.column());
      problems.add(
          new Diagnostic(
              found.severity(),
              found.code(),
              found.message(),
              inFile,
              RuleDiagnostics.excerpt(file.source(), inFile)));
    }
  }

  /** A duration as people write it: {@code 5d}, {@code 1h}, {@code 30m}, else ISO 8601. */
  static String human(Duration d) {
    if (d.toDaysPart() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + "d";
    }
    if (d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + "h";
    }
    if (d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + "m";
    }
    return d.toString();
  }

  /** Adds located problems for one file. */
  private record Checks(RuleFile file, List<Diagnostic> problems) {
    void error(String field, String code, String message) {
      problems.add(RuleDiagnostics.error(file.source(), file.place(field), code, message));
    }
  }
}
