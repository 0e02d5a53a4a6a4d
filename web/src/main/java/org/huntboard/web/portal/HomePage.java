package org.huntboard.web.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The portal's start page: the tenants the caller may switch to; with one tenant, its dashboard.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance home(PortalContext ctx);
  }

  private final PortalContexts contexts;

  HomePage(PortalContexts contexts) {
    this.contexts = contexts;
  }

  @GET
  public Response home() {
    PortalContext ctx = contexts.global("home");
    if (ctx.tenants().size() == 1) {
      return Response.seeOther(URI.create(ctx.tenants().get(0).path())).build();
    }
    return Response.ok(Templates.home(ctx)).build();
  }

  /** The tenant switcher's target: the chosen tenant's dashboard. */
  @GET
  @Path("switch")
  public Response switchTenant(@jakarta.ws.rs.QueryParam("tenant") String tenant) {
    java.util.UUID id = org.huntboard.web.api.Params.pathId("Tenant", tenant == null ? "" : tenant);
    return Response.seeOther(URI.create("/t/" + id)).build();
  }
}
