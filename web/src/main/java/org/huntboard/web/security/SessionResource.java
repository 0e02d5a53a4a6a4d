package org.huntboard.web.security;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.service.TenantService;

/**
 * The portal's session: who is signed in, in which tenants, with which roles and actions, and the
 * address that starts the sign-in. These are pages (outside {@code /api/}), so they belong to the
 * code-flow session and never accept bearer tokens.
 */
@Path("/")
public class SessionResource {

  /** The signed-in caller as the portal shows them. */
  public record Session(
      String actor, Set<Role> roles, List<SessionTenant> tenants, Set<Action> actions) {}

  /** One tenant the caller sees. */
  public record SessionTenant(UUID id, String slug, String displayName) {}

  private final TenantScope scope;
  private final TenantService tenants;

  SessionResource(TenantScope scope, TenantService tenants) {
    this.scope = scope;
    this.tenants = tenants;
  }

  /** The signed-in caller, their tenants (at most 500) and what their roles allow. */
  @GET
  @Path("session")
  @Produces(MediaType.APPLICATION_JSON)
  @Authenticated
  public Session session() {
    List<SessionTenant> visible =
        tenants.list(new PageRequest(0, 500)).items().stream()
            .map(t -> new SessionTenant(t.id(), t.slug(), t.displayName()))
            .toList();
    return new Session(scope.actor(), scope.roles(), visible, Action.allowedTo(scope.roles()));
  }

  /**
   * Starts the sign-in (the code flow runs before this method) and then goes to the portal's start
   * page; never to an address from the request, so it cannot redirect elsewhere.
   */
  @GET
  @Path("login")
  @Authenticated
  public Response login() {
    return Response.seeOther(URI.create("/")).build();
  }
}
