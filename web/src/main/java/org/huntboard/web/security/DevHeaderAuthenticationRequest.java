package org.huntboard.web.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * The raw values of the dev identification headers, as {@link DevHeaderAuthenticationMechanism}
 * read them; {@link DevHeaderIdentityProvider} turns them into an identity.
 *
 * @param actor the caller's name
 * @param tenants the tenants header, or null
 * @param roles the roles header, or null for every role
 */
public final class DevHeaderAuthenticationRequest extends BaseAuthenticationRequest {

  private final String actor;
  private final String tenants;
  private final String roles;

  DevHeaderAuthenticationRequest(String actor, String tenants, String roles) {
    this.actor = actor;
    this.tenants = tenants;
    this.roles = roles;
  }

  String actor() {
    return actor;
  }

  String tenants() {
    return tenants;
  }

  String roles() {
    return roles;
  }
}
