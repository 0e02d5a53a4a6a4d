package org.huntboard.web.security;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * TEST ONLY: a page with a form, standing in for the portal's forms, so the tests can check that a
 * form post without the CSRF token is refused.
 */
@Path("/test-probe/form")
public class CsrfProbeResource {

  /** The form's token, as a template would put it into its hidden field. */
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String token(@Context RoutingContext context) {
    return context.get("csrf_token");
  }

  /** Accepts the form. */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_PLAIN)
  public String submit(@FormParam("note") String note) {
    return "accepted " + note;
  }
}
