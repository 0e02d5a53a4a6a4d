package org.huntboard.web.tenant.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenant.service.CredentialDraft;
import org.huntboard.web.tenant.service.TenantDraft;
import org.huntboard.web.tenant.service.TenantService;
import org.huntboard.web.tenant.service.TenantView;

/** Tenants, their connectors and their (write-only) credential sets. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

  private final TenantService tenants;

  TenantResource(TenantService tenants) {
    this.tenants = tenants;
  }

  /** Lists the caller's tenants by name. */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Page<TenantView> list(@BeanParam PageRequest page) {
    return tenants.list(page);
  }

  /** Creates a tenant. */
  @POST
  @RolesAllowed(Role.Names.ADMIN)
  public Response create(@Valid @NotNull TenantDraft draft, @Context UriInfo uri) {
    TenantView created = tenants.create(draft);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .entity(created)
        .build();
  }

  /** One tenant. */
  @GET
  @Path("/{tenantId}")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public TenantView get(@PathParam("tenantId") String tenantId) {
    return tenants.get(id(tenantId));
  }

  /** Changes a tenant's name, Entra tenant id and connectors. */
  @PUT
  @Path("/{tenantId}")
  @RolesAllowed(Role.Names.ADMIN)
  public TenantView update(
      @PathParam("tenantId") String tenantId, @Valid @NotNull TenantDraft draft) {
    return tenants.update(id(tenantId), draft);
  }

  /** Replaces the tenant's credential set; the secret is never answered back. */
  @PUT
  @Path("/{tenantId}/credential")
  @RolesAllowed(Role.Names.ADMIN)
  public TenantView setCredential(
      @PathParam("tenantId") String tenantId, @Valid @NotNull CredentialDraft draft) {
    return tenants.setCredential(id(tenantId), draft);
  }

  /** Re-encrypts every stored secret under the current key, after a key rotation. */
  @POST
  @Path("/credentials/reencryption")
  @RolesAllowed(Role.Names.ADMIN)
  public ReencryptionResult reencrypt() {
    return new ReencryptionResult(tenants.reencryptSecrets());
  }

  /** How many secrets a re-encryption rewrote. */
  public record ReencryptionResult(int reencrypted) {}

  static UUID id(String value) {
    return Params.pathId("Tenant", value);
  }
}
