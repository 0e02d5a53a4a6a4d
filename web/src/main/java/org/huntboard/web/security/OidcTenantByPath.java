package org.huntboard.web.security;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Chooses the OpenID Connect configuration by path: the API ({@code /api/}) and Quarkus' own
 * endpoints take bearer tokens (the default configuration), every other path is a page of the
 * portal and signs in with the code flow (the {@value #PORTAL} configuration).
 */
@ApplicationScoped
public class OidcTenantByPath implements TenantResolver {

  /** The name of the portal's web-app configuration, {@code quarkus.oidc.portal.*}. */
  public static final String PORTAL = "portal";

  @Override
  public String resolve(RoutingContext context) {
    return isBearerPath(context.normalizedPath()) ? null : PORTAL;
  }

  /** Whether the path belongs to the API or to Quarkus rather than to the portal's pages. */
  static boolean isBearerPath(String path) {
    return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/");
  }
}
