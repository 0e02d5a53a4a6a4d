package org.huntboard.web.rule.service;

import java.util.List;
import org.huntboard.core.rule.HuntingRule;

/**
 * A hunting rule as the API shows it.
 *
 * @param id the rule's UUID
 * @param name the rule's name
 * @param tactics ATT&CK tactics
 * @param techniques ATT&CK technique ids
 * @param tables the tables the rule reads
 * @param query the rule's KQL as written
 * @param queryFrequency how often the rule asks to run (ISO-8601), or null
 * @param queryPeriod how far back the rule asks to look (ISO-8601), or null
 * @param versionHash SHA-256 of the rule file: the version the run ledger records
 */
public record RuleView(
    String id,
    String name,
    List<String> tactics,
    List<String> techniques,
    List<String> tables,
    String query,
    String queryFrequency,
    String queryPeriod,
    String versionHash) {

  /** The view of a loaded rule. */
  public static RuleView of(HuntingRule rule) {
    return new RuleView(
        rule.id().toString(),
        rule.name(),
        rule.tactics(),
        rule.relevantTechniques(),
        rule.dataTypes(),
        rule.query().text(),
        rule.queryFrequency().map(Object::toString).orElse(null),
        rule.queryPeriod().map(Object::toString).orElse(null),
        rule.contentHash());
  }
}
