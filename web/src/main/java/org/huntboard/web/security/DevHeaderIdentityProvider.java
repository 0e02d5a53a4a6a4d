package org.huntboard.web.security;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantSet;

/**
 * DEV AND TEST PROFILES ONLY: the identity the {@link DevHeaders} describe. The tenants travel as
 * the identity attribute {@link CallerAttributes#TENANTS}, already resolved to ids, so the dev
 * caller's tenant set is exactly the header (roles never widen it). A malformed tenant id grants
 * nothing.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class DevHeaderIdentityProvider implements IdentityProvider<DevHeaderAuthenticationRequest> {

  @Override
  public Class<DevHeaderAuthenticationRequest> getRequestType() {
    return DevHeaderAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      DevHeaderAuthenticationRequest request, AuthenticationRequestContext context) {
    QuarkusSecurityIdentity.Builder identity =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(request.actor()))
            .addAttribute(CallerAttributes.TENANTS, tenants(request.tenants()));
    for (Role role : roles(request.roles())) {
      identity.addRole(role.claimValue());
    }
    return Uni.createFrom().item(identity.build());
  }

  private static List<Role> roles(String header) {
    if (header == null) {
      return List.of(Role.values());
    }
    List<Role> roles = new ArrayList<>();
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
