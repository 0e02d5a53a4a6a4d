package org.huntboard.web.observability;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.huntboard.web.tenancy.Role;

/** The platform's health for administrators (the portal's health page reads the same data). */
@Path("/api/v1/system/health-summary")
public class SystemHealthResource {

  private final SystemHealth health;

  SystemHealthResource(SystemHealth health) {
    this.health = health;
  }

  @GET
  @RolesAllowed(Role.Names.ADMIN)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Health checks, scheduler cluster, run queue and the last day's runs",
      description = "Platform administrators only.")
  public SystemHealth.Summary summary() {
    return health.summary();
  }
}
