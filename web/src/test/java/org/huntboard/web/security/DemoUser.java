package org.huntboard.web.security;

import java.util.Set;

/** The demo users of the Huntboard realm, with the realm roles and tenants the realm gives each. */
public enum DemoUser {
  ALICE("alice", Set.of("analyst"), Set.of("acme")),
  BOB("bob", Set.of("rule-owner"), Set.of("acme")),
  CAROL("carol", Set.of("auditor"), Set.of("acme")),
  DAVE("dave", Set.of("analyst"), Set.of("globex")),
  ERIN("erin", Set.of("rule-owner"), Set.of("globex")),
  FRANK("frank", Set.of("auditor"), Set.of("acme", "globex")),
  /** Analyst and rule owner in one tenant: proposes exclusions but must not approve their own. */
  GRACE("grace", Set.of("analyst", "rule-owner"), Set.of("acme")),
  ADMIN("admin", Set.of("admin"), Set.of());

  private final String username;
  private final Set<String> roles;
  private final Set<String> tenants;

  DemoUser(String username, Set<String> roles, Set<String> tenants) {
    this.username = username;
    this.roles = roles;
    this.tenants = tenants;
  }

  public String username() {
    return username;
  }

  /** The demo-only password documented in {@code deploy/keycloak/README.md}. */
  public String password() {
    return username + "-demo-password";
  }

  public Set<String> roles() {
    return roles;
  }

  public Set<String> tenants() {
    return tenants;
  }
}
