package org.huntboard.core.rule;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A hunting rule as written in an Azure-Sentinel hunting-query YAML file: what it looks for (name,
 * description, ATT&CK tactics and techniques), which tables it reads, its KQL query, and optionally
 * how often and over how long a window it runs.
 *
 * <p>{@code contentHash} is the SHA-256 (lower-case hex) of the file's bytes: the rule's version as
 * the run ledger records it. {@code source} is the path the rule was loaded from.
 */
public record HuntingRule(
    UUID id,
    String name,
    String description,
    List<DataConnector> requiredDataConnectors,
    List<String> tactics,
    List<String> relevantTechniques,
    RuleQuery query,
    Optional<Duration> queryFrequency,
    Optional<Duration> queryPeriod,
    String contentHash,
    String source) {

  public HuntingRule {
    requiredDataConnectors = List.copyOf(requiredDataConnectors);
    tactics = List.copyOf(tactics);
    relevantTechniques = List.copyOf(relevantTechniques);
  }

  /** Every table the rule's connectors name, in order of first mention. */
  public List<String> dataTypes() {
    Set<String> tables = new LinkedHashSet<>();
    for (DataConnector connector : requiredDataConnectors) {
      tables.addAll(connector.dataTypes());
    }
    return List.copyOf(tables);
  }
}
