package org.huntboard.web.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import org.huntboard.web.api.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers failed security checks with problem details that say only what failed: 401 for a caller
 * who is not authenticated (no token, an invalid or expired one), 403 for one whose roles do not
 * allow the action. Neither names the role that was needed nor the object asked for. Each is a
 * denied attempt for {@link AccessAudit}.
 */
public class SecurityProblems {

  private static final String TYPE_BASE = "https://huntboard.org/problems/";

  private final AccessAudit audit;

  SecurityProblems(AccessAudit audit) {
    this.audit = audit;
  }

  @ServerExceptionMapper
  public Response unauthorized(
      UnauthorizedException exception, ContainerRequestContext request, HttpServerRequest http) {
    record("anonymous", request, http, 401);
    return unauthenticated();
  }

  @ServerExceptionMapper
  public Response authenticationFailed(
      AuthenticationFailedException exception,
      ContainerRequestContext request,
      HttpServerRequest http) {
    record("anonymous", request, http, 401);
    return unauthenticated();
  }

  @ServerExceptionMapper
  public Response forbidden(
      ForbiddenException exception, ContainerRequestContext request, HttpServerRequest http) {
    // A 403 comes after authentication, so the principal is known and reading it does not block.
    Principal principal = request.getSecurityContext().getUserPrincipal();
    record(principal == null ? "anonymous" : principal.getName(), request, http, 403);
    return Response.status(403)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                TYPE_BASE + "forbidden",
                "Forbidden",
                403,
                "Your roles do not allow this action",
                null))
        .build();
  }

  private void record(
      String actor, ContainerRequestContext request, HttpServerRequest http, int status) {
    String path = request.getUriInfo().getPath();
    audit.denied(
        new AccessAudit.Denial(
            actor,
            http.remoteAddress().hostAddress(),
            request.getMethod(),
            path,
            status,
            AccessAudit.tenantOf(path).orElse(null)));
  }

  private static Response unauthenticated() {
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .entity(
            new Problem(
                TYPE_BASE + "unauthenticated",
                "Unauthorized",
                401,
                "Sign in: this address needs a valid bearer token",
                null))
        .build();
  }
}
