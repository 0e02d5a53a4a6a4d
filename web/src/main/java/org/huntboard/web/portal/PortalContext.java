package org.huntboard.web.portal;

import java.util.List;

/**
 * What every portal page shows around its content: who is signed in, the tenants they may switch
 * to, the tenant of the page (if any), the section the page belongs to, and what they may do.
 *
 * @param tenant the page's tenant, or null on pages of no tenant
 * @param section the navigation entry to mark as current, e.g. {@code detections}
 */
public record PortalContext(
    String actor,
    String roles,
    List<TenantLink> tenants,
    TenantLink tenant,
    String section,
    Permissions can) {

  /** Whether this is the page's section, for the navigation. */
  public boolean at(String name) {
    return name.equals(section);
  }

  /** The API path of the current tenant's resource, e.g. {@code api("runs/export")}. */
  public String api(String rest) {
    return "/api/v1/tenants/" + tenant.id() + "/" + rest;
  }

  /** The path of a page of the current tenant, e.g. {@code path("runs")}. */
  public String path(String rest) {
    return tenant.path() + "/" + rest;
  }
}
