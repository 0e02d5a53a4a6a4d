package org.huntboard.web.tenancy;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a caller may do inside the tenants they see, as granted by the identity provider's realm
 * roles (the token's {@code roles} claim).
 */
public enum Role {
  /** Reads a tenant's runs and detections, triages detections, proposes exclusions. */
  ANALYST(Names.ANALYST),
  /** Everything an analyst does, and decides on exclusions that someone else proposed. */
  RULE_OWNER(Names.RULE_OWNER),
  /** Reads and exports everything of their tenants, and changes nothing. */
  AUDITOR(Names.AUDITOR),
  /** Manages tenants, their connectors and credentials, and assignments, across all tenants. */
  ADMIN(Names.ADMIN);

  /** The claim values as constants, for {@code @RolesAllowed}. */
  public static final class Names {
    public static final String ANALYST = "analyst";
    public static final String RULE_OWNER = "rule-owner";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";

    private Names() {}
  }

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
