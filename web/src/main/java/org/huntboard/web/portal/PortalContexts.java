package org.huntboard.web.portal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.service.TenantService;
import org.huntboard.web.tenant.service.TenantView;

/** Builds the {@link PortalContext} of a page from the caller's scope. */
@ApplicationScoped
public class PortalContexts {

  private final TenantService tenants;
  private final TenantScope scope;

  PortalContexts(TenantService tenants, TenantScope scope) {
    this.tenants = tenants;
    this.scope = scope;
  }

  /** The context of a page of no tenant (the tenant list, errors). */
  public PortalContext global(String section) {
    return new PortalContext(scope.actor(), roles(), switcher(), null, section, permissions());
  }

  /** The context of a page of one tenant; a tenant outside the caller's scope answers 404. */
  public PortalContext tenant(UUID tenantId, String section) {
    TenantView tenant = tenants.get(tenantId);
    return new PortalContext(
        scope.actor(),
        roles(),
        switcher(),
        new TenantLink(tenant.id(), tenant.displayName()),
        section,
        permissions());
  }

  /** What the caller may do. */
  public Permissions permissions() {
    return Permissions.of(scope.roles());
  }

  private List<TenantLink> switcher() {
    if (!scope.isIdentified()) {
      return List.of();
    }
    return tenants.names(PageRequest.MAX_SIZE).stream()
        .map(t -> new TenantLink(t.id(), t.displayName()))
        .toList();
  }

  private String roles() {
    return scope.roles().stream().map(Role::claimValue).sorted().collect(Collectors.joining(", "));
  }
}
