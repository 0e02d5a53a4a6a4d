package org.huntboard.web.tenancy;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a caller may do inside the tenants they see, as granted by the identity provider's realm
 * roles (the token's {@code roles} claim).
 */
public enum Role {
  /** Reads a tenant's runs and detections, triages detections, proposes exclusions. */
  ANALYST("analyst"),
  /** Everything an analyst does, and decides on exclusions that someone else proposed. */
  RULE_OWNER("rule-owner"),
  /** Reads and exports everything of their tenants, and changes nothing. */
  AUDITOR("auditor"),
  /** Manages tenants, their connectors and credentials, and assignments, across all tenants. */
  ADMIN("admin");

  private final String claimValue;

  Role(String claimValue) {
    this.claimValue = claimValue;
  }

  /** The role's name in tokens and in the realm. */
  public String claimValue() {
    return claimValue;
  }

  /** The role a claim value names, if any; unknown values grant nothing. */
  public static Optional<Role> fromClaim(String value) {
    return Arrays.stream(values()).filter(r -> r.claimValue.equals(value)).findFirst();
  }
}
