package org.huntboard.web.portal;

import java.util.Set;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.tenancy.Role;

/**
 * What the caller may do on the portal's pages, from their roles: pages offer only these actions,
 * and the handlers behind the forms refuse the others.
 *
 * @param triage move detections through triage and comment on them
 * @param manageAssignments create, reschedule, pause, resume and run assignments
 * @param proposeExclusions propose exclusions
 * @param decideExclusions approve or reject exclusions proposed by someone else
 * @param administer see the platform's pages, such as its health (administrators)
 */
public record Permissions(
    boolean triage,
    boolean manageAssignments,
    boolean proposeExclusions,
    boolean decideExclusions,
    boolean administer) {

  /** The permissions of a caller holding these roles. */
  public static Permissions of(Set<Role> roles) {
    boolean analyst = roles.contains(Role.ANALYST) || roles.contains(Role.RULE_OWNER);
    boolean admin = roles.contains(Role.ADMIN);
    return new Permissions(
        analyst, analyst || admin, analyst, roles.contains(Role.RULE_OWNER), admin);
  }

  /** Whether the caller may change nothing at all, as an auditor. */
  public boolean readOnly() {
    return !triage && !manageAssignments && !proposeExclusions && !decideExclusions;
  }

  /** Refuses triage and comments unless the caller may triage. */
  public static void requireTriage(Permissions can) {
    require(can.triage(), "triage detections or comment on them");
  }

  /** Refuses changes to assignments unless the caller may manage them. */
  public static void requireAssignments(Permissions can) {
    require(can.manageAssignments(), "change or run assignments");
  }

  /** Refuses the action unless {@code allowed}. */
  public static void require(boolean allowed, String action) {
    if (!allowed) {
      throw new HuntboardException.Forbidden("Your role does not allow you to " + action);
    }
  }
}
