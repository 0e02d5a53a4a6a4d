package org.huntboard.web.security;

import java.util.EnumSet;
import java.util.Set;
import org.huntboard.web.tenancy.Role;

/**
 * What a caller may do in the tenants they see, by role: the table that the {@code @RolesAllowed}
 * annotations of the API implement (and {@code web/README.md} shows), so pages can offer only the
 * actions a caller holds.
 */
public enum Action {
  /** Read tenants, assignments, runs, detections, rules and the audit log. */
  READ(Role.ANALYST, Role.RULE_OWNER, Role.AUDITOR, Role.ADMIN),
  /** Export detections, runs and the audit log. */
  EXPORT(Role.ANALYST, Role.RULE_OWNER, Role.AUDITOR, Role.ADMIN),
  /** Move a detection through triage and comment on it. */
  TRIAGE(Role.ANALYST, Role.RULE_OWNER),
  /** Propose an exclusion. */
  PROPOSE_EXCLUSION(Role.ANALYST, Role.RULE_OWNER),
  /** Approve, reject, revoke or renew an exclusion someone else proposed. */
  DECIDE_EXCLUSION(Role.RULE_OWNER),
  /** Create, pause, resume and run assignments. */
  MANAGE_ASSIGNMENTS(Role.RULE_OWNER, Role.ADMIN),
  /** Verify the audit log's hash chain. */
  VERIFY_AUDIT(Role.AUDITOR, Role.ADMIN),
  /** Create and change tenants, their connectors and credentials; re-encrypt secrets. */
  MANAGE_TENANTS(Role.ADMIN);

  private final Set<Role> roles;

  Action(Role... roles) {
    this.roles = Set.copyOf(EnumSet.of(roles[0], roles));
  }

  /** The roles that may take this action. */
  public Set<Role> roles() {
    return roles;
  }

  /** The actions the roles allow, in declaration order. */
  public static Set<Action> allowedTo(Set<Role> held) {
    Set<Action> actions = EnumSet.noneOf(Action.class);
    for (Action action : values()) {
      if (action.roles.stream().anyMatch(held::contains)) {
        actions.add(action);
      }
    }
    return actions;
  }
}
