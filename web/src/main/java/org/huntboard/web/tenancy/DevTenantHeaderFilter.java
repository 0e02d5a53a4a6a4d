package org.huntboard.web.tenancy;

import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * DEV AND TEST PROFILES ONLY: identifies the caller from two request headers, until OpenID Connect
 * identifies callers from their tokens.
 *
 * <ul>
 *   <li>{@code X-Huntboard-Dev-Actor}: the caller's name, e.g. {@code alice};
 *   <li>{@code X-Huntboard-Dev-Tenants}: {@code *} for every tenant (a platform administrator), or
 *       tenant ids separated by commas;
 *   <li>{@code X-Huntboard-Dev-Roles}: realm role names separated by commas ({@code analyst},
 *       {@code rule-owner}, {@code auditor}, {@code admin}); without the header the caller holds
 *       every role, so tests that are not about authorisation need not say.
 * </ul>
 *
 * <p>The class is removed from production builds ({@link IfBuildProfile}), so a production
 * Huntboard ignores these headers and, without OIDC, sees every caller as anonymous with no tenant.
 * A malformed tenant id grants nothing.
 */
@Provider
@PreMatching
@IfBuildProfile(anyOf = {"dev", "test"})
public class DevTenantHeaderFilter implements ContainerRequestFilter {

  /** The header naming the caller. */
  public static final String ACTOR = "X-Huntboard-Dev-Actor";

  /** The header listing the caller's tenants. */
  public static final String TENANTS = "X-Huntboard-Dev-Tenants";

  /** The header listing the caller's roles. */
  public static final String ROLES = "X-Huntboard-Dev-Roles";

  private final TenantScope scope;

  DevTenantHeaderFilter(TenantScope scope) {
    this.scope = scope;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String actor = request.getHeaderString(ACTOR);
    if (actor == null || actor.isBlank()) {
      return;
    }
    scope.identify(
        actor.trim(),
        tenants(request.getHeaderString(TENANTS)),
        roles(request.getHeaderString(ROLES)));
  }

  private static Set<Role> roles(String header) {
    if (header == null) {
      return EnumSet.allOf(Role.class);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : header.split(",")) {
      Role.fromClaim(part.trim()).ifPresent(roles::add);
    }
    return roles;
  }

  private static TenantSet tenants(String header) {
    if (header == null || header.isBlank()) {
      return TenantSet.none();
    }
    if (header.trim().equals("*")) {
      return TenantSet.all();
    }
    List<UUID> ids = new ArrayList<>();
    for (String part : header.split(",")) {
      try {
        ids.add(UUID.fromString(part.trim()));
      } catch (IllegalArgumentException e) {
        return TenantSet.none();
      }
    }
    return TenantSet.of(ids);
  }
}
