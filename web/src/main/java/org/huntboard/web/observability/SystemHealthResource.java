package org.huntboard.web.observability;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;

/** The platform's health for administrators (the portal's health page reads the same data). */
@Path("/api/v1/system/health-summary")
public class SystemHealthResource {

  private final SystemHealth health;
  private final TenantScope scope;

  SystemHealthResource(SystemHealth health, TenantScope scope) {
    this.health = health;
    this.scope = scope;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Health checks, scheduler cluster, run queue and the last day's runs",
      description = "Platform administrators only.")
  public SystemHealth.Summary summary() {
    if (!scope.isIdentified() || !scope.hasRole(Role.ADMIN)) {
      throw new HuntboardException.Forbidden(
          "Only a platform administrator sees the system health");
    }
    return health.summary();
  }
}
