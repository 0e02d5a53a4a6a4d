package org.huntboard.web.security;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * DEV AND TEST PROFILES ONLY: authenticates a caller from the {@link DevHeaders}, so tests and the
 * local demo can act as anyone without a token.
 *
 * <p>The bean is removed from production builds ({@link IfBuildProfile}), where the headers mean
 * nothing and only OpenID Connect identifies callers. A request without {@link DevHeaders#ACTOR} is
 * left to the other mechanisms (bearer tokens, the portal's session).
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class DevHeaderAuthenticationMechanism implements HttpAuthenticationMechanism {

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviders) {
    String actor = context.request().getHeader(DevHeaders.ACTOR);
    if (actor == null || actor.isBlank()) {
      return Uni.createFrom().optional(java.util.Optional.empty());
    }
    return identityProviders.authenticate(
        new DevHeaderAuthenticationRequest(
            actor.trim(),
            context.request().getHeader(DevHeaders.TENANTS),
            context.request().getHeader(DevHeaders.ROLES)));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    // No challenge of its own: a caller without the headers is challenged by OpenID Connect.
    return Uni.createFrom().nullItem();
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(DevHeaderAuthenticationRequest.class);
  }
}
