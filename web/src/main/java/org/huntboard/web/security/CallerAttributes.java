package org.huntboard.web.security;

/** Names of {@code SecurityIdentity} attributes that Huntboard sets. */
public final class CallerAttributes {

  /**
   * A {@code TenantSet} already resolved by the authentication mechanism (dev headers only); when
   * present it replaces the tenants claim.
   */
  public static final String TENANTS = "huntboard.tenants";

  private CallerAttributes() {}
}
