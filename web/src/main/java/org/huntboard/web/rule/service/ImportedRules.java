package org.huntboard.web.rule.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.RuleLoader;

/**
 * The rules imported through the API, read from the database: the current version of an imported
 * rule is its latest import. Read on every lookup (one indexed query), so a rule imported on one
 * Huntboard node runs on every node at once; the YAML is parsed once per version.
 */
@ApplicationScoped
public class ImportedRules {

  private final EntityManager entities;
  private final RuleLoader loader = new RuleLoader();
  private final Map<String, HuntingRule> parsedByHash = new ConcurrentHashMap<>();

  ImportedRules(EntityManager entities) {
    this.entities = entities;
  }

  /** The current version of an imported rule, if that id was imported. */
  public Optional<HuntingRule> find(String id) {
    List<?> rows =
        QuarkusTransaction.joiningExisting()
            .call(
                () ->
                    entities
                        .createNativeQuery(
                            "select content_hash, content from rule_version"
                                + " where rule_id = ?1 and origin = 'IMPORTED'"
                                + " order by id desc limit 1")
                        .setParameter(1, id)
                        .getResultList());
    return rows.isEmpty() ? Optional.empty() : Optional.of(parse((Object[]) rows.get(0)));
  }

  /** The current version of every imported rule. */
  public List<HuntingRule> all() {
    List<?> rows =
        QuarkusTransaction.joiningExisting()
            .call(
                () ->
                    entities
                        .createNativeQuery(
                            "select distinct on (rule_id) content_hash, content from rule_version"
                                + " where origin = 'IMPORTED' order by rule_id, id desc")
                        .getResultList());
    List<HuntingRule> rules = new ArrayList<>();
    for (Object row : rows) {
      rules.add(parse((Object[]) row));
    }
    return rules;
  }

  private HuntingRule parse(Object[] row) {
    String hash = ((String) row[0]).trim();
    String content = (String) row[1];
    return parsedByHash.computeIfAbsent(
        hash,
        h ->
            loader
                .load("imported:" + h, content.getBytes(StandardCharsets.UTF_8))
                .rule()
                .orElseThrow(
                    () -> new IllegalStateException("a stored imported rule does not load: " + h)));
  }
}
