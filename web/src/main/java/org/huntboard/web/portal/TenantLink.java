package org.huntboard.web.portal;

import java.util.UUID;

/** A tenant as the switcher names it. */
public record TenantLink(UUID id, String name) {

  /** The path of the tenant's dashboard. */
  public String path() {
    return "/t/" + id;
  }
}
