package org.huntboard.web.tenancy;

import jakarta.enterprise.context.RequestScoped;
import java.util.EnumSet;
import java.util.Set;

/**
 * The caller of the current request: who they are (for the audit log) and which tenants they may
 * see.
 *
 * <p>It starts empty (no tenant, anonymous); an authentication filter fills it in before any
 * resource runs. Services and repositories read it and never look at headers or tokens themselves,
 * so replacing how the caller is identified touches only that filter.
 */
@RequestScoped
public class TenantScope {

  private TenantSet tenants = TenantSet.none();
  private String actor = "anonymous";
  private Set<Role> roles = Set.of();

  /** The tenants the caller may see. */
  public TenantSet tenants() {
    return tenants;
  }

  /** The caller's name as written into audit events. */
  public String actor() {
    return actor;
  }

  /** The caller's roles; empty for an anonymous caller. */
  public Set<Role> roles() {
    return roles;
  }

  /** Whether the caller holds the role. */
  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  /** Whether the caller is identified at all. */
  public boolean isIdentified() {
    return !"anonymous".equals(actor);
  }

  /** Sets the caller; called by the authentication filter only. */
  public void identify(String actor, TenantSet tenants, Set<Role> roles) {
    this.actor = actor;
    this.tenants = tenants;
    this.roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }
}
