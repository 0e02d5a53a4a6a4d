package org.huntboard.web.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.huntboard.web.tenancy.IdentityConfig;

/**
 * Puts the security headers on every answer, whoever produced it (a page, the API, an error, a
 * redirect to sign in): a Content-Security-Policy without inline scripts that forbids framing,
 * {@code nosniff}, a Referrer-Policy and, in production, Strict-Transport-Security.
 */
@ApplicationScoped
public class SecurityHeaders {

  private final String contentSecurityPolicy;
  private final IdentityConfig config;

  SecurityHeaders(
      IdentityConfig config,
      @ConfigProperty(name = "quarkus.oidc.portal.auth-server-url") Optional<String> issuer) {
    this.config = config;
    this.contentSecurityPolicy = withIssuer(config.headers().contentSecurityPolicy(), issuer);
  }

  void register(@Observes Filters filters) {
    // Before every other handler, so even answers that end early carry the headers.
    filters.register(
        context -> {
          context.addHeadersEndHandler(v -> set(context.response().headers()));
          context.next();
        },
        Integer.MAX_VALUE);
  }

  private void set(MultiMap headers) {
    headers.set("Content-Security-Policy", contentSecurityPolicy);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", config.headers().referrerPolicy());
    if (config.headers().hsts()) {
      headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  }

  /** Lets forms lead to the identity provider (sign-out), whose origin only configuration knows. */
  static String withIssuer(String policy, Optional<String> issuer) {
    if (issuer.isEmpty() || !policy.contains("form-action 'self'")) {
      return policy;
    }
    try {
      URI uri = URI.create(issuer.get());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return policy;
      }
      String origin =
          uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      return policy.replace("form-action 'self'", "form-action 'self' " + origin);
    } catch (IllegalArgumentException e) {
      return policy;
    }
  }
}
