package org.huntboard.core.exclusion.file;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.Exclusion;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.ExclusionScope;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterText;

/**
 * One entry of an exclusions file: the seed's {@code name}, {@code description} and {@code filter},
 * and the optional fields of the model. It is a template until someone proposes it ({@link
 * #propose}); its conditions keep spans into the file, so findings point at the filter's text.
 *
 * @param id the tag of its rows; the {@code id} field, or derived from the name
 * @param name what the scenario is
 * @param description why its rows are benign; the proposal's justification
 * @param conditions the parsed filter
 * @param filter the filter text and its place in the file
 * @param location where the entry starts
 * @param tenant the tenant it is meant for, or {@code null} for all tenants
 * @param rules rule ids it applies to; empty means the rule the file belongs to
 * @param ticket a ticket reference, or {@code null}
 * @param proposer who proposes it, or {@code null}
 * @param expires when it should expire, or {@code null}
 * @param renews the id it renews, or {@code null}
 */
public record ExclusionDefinition(
    String id,
    String name,
    String description,
    Condition conditions,
    FilterText filter,
    SourceLocation location,
    String tenant,
    List<String> rules,
    String ticket,
    String proposer,
    Instant expires,
    String renews)
    implements ExclusionFilter {

  public ExclusionDefinition {
    rules = List.copyOf(rules);
  }

  @Override
  public SourceText source() {
    return filter.source();
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expires);
  }

  /**
   * A proposal made from this entry. The entry's own proposer and expiry win over the arguments;
   * {@code ruleId} is used when the entry names no rules.
   */
  public Exclusion propose(String proposedBy, Instant at, Instant expiresAt, String ruleId) {
    List<String> ruleIds = rules.isEmpty() ? List.of(ruleId) : rules;
    Exclusion proposal =
        Exclusion.propose(
            id,
            conditions,
            new ExclusionScope(tenant, ruleIds),
            description,
            ticket,
            proposer != null ? proposer : proposedBy,
            at,
            expires != null ? expires : expiresAt);
    if (renews == null) {
      return proposal;
    }
    return new Exclusion(
        proposal.id(),
        proposal.conditions(),
        proposal.scope(),
        proposal.justification(),
        proposal.ticket(),
        proposal.proposer(),
        null,
        proposal.createdAt(),
        null,
        proposal.expiresAt(),
        proposal.state(),
        null,
        null,
        null,
        renews);
  }
}
