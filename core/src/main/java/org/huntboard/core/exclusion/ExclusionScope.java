package org.huntboard.core.exclusion;

import java.util.List;
import java.util.Optional;

/**
 * Where an exclusion applies: one tenant or all tenants, and one rule or a list of rules.
 *
 * @param tenantId the tenant, or {@code null} for all tenants
 * @param ruleIds the rules it applies to; at least one
 */
public record ExclusionScope(String tenantId, List<String> ruleIds) {

  public ExclusionScope {
    if (tenantId != null && tenantId.isBlank()) {
      throw new IllegalArgumentException("a tenant id may not be blank; use null for all tenants");
    }
    ruleIds = List.copyOf(ruleIds);
    if (ruleIds.isEmpty()) {
      throw new IllegalArgumentException("an exclusion applies to at least one rule");
    }
    for (String ruleId : ruleIds) {
      if (ruleId == null || ruleId.isBlank()) {
        throw new IllegalArgumentException("a rule id may not be blank");
      }
    }
  }

  /** All tenants, the given rules. */
  public static ExclusionScope allTenants(List<String> ruleIds) {
    return new ExclusionScope(null, ruleIds);
  }

  /** One tenant, the given rules. */
  public static ExclusionScope tenant(String tenantId, List<String> ruleIds) {
    return new ExclusionScope(tenantId, ruleIds);
  }

  public Optional<String> tenant() {
    return Optional.ofNullable(tenantId);
  }

  public boolean isAllTenants() {
    return tenantId == null;
  }

  /** Whether a run of {@code ruleId} for {@code tenant} is covered. */
  public boolean covers(String tenant, String ruleId) {
    return (tenantId == null || tenantId.equals(tenant)) && ruleIds.contains(ruleId);
  }
}
