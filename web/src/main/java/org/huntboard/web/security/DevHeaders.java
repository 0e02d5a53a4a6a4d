package org.huntboard.web.security;

/**
 * The request headers that identify a caller in the dev and test profiles only (see {@link
 * DevHeaderAuthenticationMechanism}); a production build ignores them.
 */
public final class DevHeaders {

  /** The caller's name, e.g. {@code alice}. */
  public static final String ACTOR = "X-Huntboard-Dev-Actor";

  /** {@code *} for every tenant, or tenant ids separated by commas. */
  public static final String TENANTS = "X-Huntboard-Dev-Tenants";

  /** Realm role names separated by commas; without the header the caller holds every role. */
  public static final String ROLES = "X-Huntboard-Dev-Roles";

  private DevHeaders() {}
}
