package org.huntboard.web.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import org.huntboard.web.api.Problem;
import org.jboss.logging.Logger;

/**
 * Shows errors on the portal's pages as a page in words: the problem details that the one error
 * table ({@code ApiExceptionMapper}) produces for every failure become an HTML page on any path
 * outside the API and Quarkus' own endpoints, with the same status and never a trace.
 */
@Provider
public class PortalErrorPages implements ContainerResponseFilter {

  private static final Logger LOG = Logger.getLogger(PortalErrorPages.class);

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance error(
        PortalContext ctx, int status, String title, String detail);
  }

  private final PortalContexts contexts;

  PortalErrorPages(PortalContexts contexts) {
    this.contexts = contexts;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400 || !isPortalPath(request.getUriInfo().getPath())) {
      return;
    }
    if (!(response.getEntity() instanceof Problem problem)) {
      return;
    }
    String page = render(problem);
    response.setEntity(page, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
  }

  /** Whether a path is one of the portal's pages: anything but the API and Quarkus' endpoints. */
  static boolean isPortalPath(String path) {
    return !(path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/"));
  }

  private String render(Problem problem) {
    PortalContext ctx;
    try {
      ctx = contexts.global("error");
    } catch (RuntimeException e) {
      // The failure being shown may be the one that keeps the tenant list from loading.
      LOG.debug("The error page is shown without the tenant list", e);
      ctx =
          new PortalContext(
              "", "", java.util.List.of(), null, "error", Permissions.of(java.util.Set.of()));
    }
    return Templates.error(ctx, problem.status(), problem.title(), problem.detail()).render();
  }
}
