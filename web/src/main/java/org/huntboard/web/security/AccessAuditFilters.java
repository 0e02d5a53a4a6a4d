package org.huntboard.web.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.huntboard.web.tenancy.TenantScope;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Feeds {@link AccessAudit} from the REST layer: a tenant's path ({@code /api/v1/tenants/<id>/...})
 * opened by one of its members is an access, and a 404 on the path of a tenant outside the caller's
 * scope is a denied attempt. (401 and 403 are recorded where they are answered, in {@link
 * SecurityProblems}.)
 */
public class AccessAuditFilters {

  private final AccessAudit audit;
  private final TenantScope scope;
  private final SecurityIdentity identity;

  AccessAuditFilters(AccessAudit audit, TenantScope scope, SecurityIdentity identity) {
    this.audit = audit;
    this.scope = scope;
    this.identity = identity;
  }

  @ServerRequestFilter
  public void access(ContainerRequestContext request) {
    Optional<UUID> tenant = AccessAudit.tenantOf(request.getUriInfo().getPath());
    if (tenant.isEmpty() || !scope.isIdentified() || !scope.tenants().contains(tenant.get())) {
      return;
    }
    audit.accessed(tenant.get(), session());
  }

  @ServerResponseFilter
  public void denial(
      ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
    if (response.getStatus() != 404) {
      return;
    }
    String path = request.getUriInfo().getPath();
    Optional<UUID> tenant = AccessAudit.tenantOf(path);
    if (tenant.isEmpty() || scope.tenants().contains(tenant.get())) {
      return;
    }
    audit.denied(
        new AccessAudit.Denial(
            scope.actor(),
            http.remoteAddress().hostAddress(),
            request.getMethod(),
            path,
            404,
            tenant.get()));
  }

  /** The sign-in session: the token's {@code sid}, or the actor for callers without one. */
  private String session() {
    if (identity.getPrincipal() instanceof JsonWebToken token) {
      Object sid = token.getClaim("sid");
      if (sid != null) {
        return "sid:" + sid;
      }
    }
    return "actor:" + scope.actor();
  }
}
