package org.huntboard.web.system;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.huntboard.web.tenancy.Role;

/** Answers which Huntboard build is running; public, carries no tenant data. */
@Path("/api/v1/version")
public class VersionResource {

  /** The version of the running build. */
  public record Version(String name, String version) {}

  private final String name;

  VersionResource(@ConfigProperty(name = "quarkus.application.name") String name) {
    this.name = name;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Version version() {
    String version = VersionResource.class.getPackage().getImplementationVersion();
    return new Version(name, version == null ? "dev" : version);
  }
}
