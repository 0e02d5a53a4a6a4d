package org.huntboard.web.portal.audit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.audit.persistence.AuditEvent;
import org.huntboard.web.audit.persistence.AuditEventRepository;
import org.huntboard.web.audit.service.AuditQueryService;
import org.huntboard.web.audit.service.AuditVerifier;
import org.huntboard.web.portal.Paging;
import org.huntboard.web.portal.PortalContext;
import org.huntboard.web.portal.PortalContexts;
import org.huntboard.web.portal.detection.DetectionPages;

/** A tenant's audit log with filters, and the verification of the hash chain. */
@Path("/t/{tenantId}/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

  static final int PAGE_SIZE = 50;

  /** The filters as the form sent them. */
  public record ListFilter(String actor, String objectType, String from, String to) {
    public String query() {
      StringBuilder q = new StringBuilder();
      add(q, "actor", actor);
      add(q, "objectType", objectType);
      add(q, "from", from);
      add(q, "to", to);
      return q.toString();
    }

    private static void add(StringBuilder q, String name, String value) {
      if (value != null && !value.isBlank()) {
        q.append('&')
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance log(
        PortalContext ctx,
        List<AuditEvent> events,
        Paging paging,
        ListFilter filter,
        List<String> objectTypes,
        String exportQuery);

    static native TemplateInstance verification(
        PortalContext ctx, AuditVerifier.Verification result);
  }

  /** The kinds of object audit events name, for the filter. */
  static final List<String> OBJECT_TYPES =
      List.of("tenant", "credential", "assignment", "run", "detection", "exclusion");

  private final PortalContexts contexts;
  private final AuditQueryService audit;
  private final AuditVerifier verifier;

  AuditPages(PortalContexts contexts, AuditQueryService audit, AuditVerifier verifier) {
    this.contexts = contexts;
    this.audit = audit;
    this.verifier = verifier;
  }

  @GET
  public TemplateInstance log(
      @PathParam("tenantId") String tenantIdText,
      @QueryParam("actor") String actor,
      @QueryParam("objectType") String objectType,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") Integer page) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "audit");
    AuditEventRepository.Filter filter =
        new AuditEventRepository.Filter(
            Optional.ofNullable(actor).filter(a -> !a.isBlank()).map(String::trim),
            Optional.ofNullable(objectType).filter(t -> !t.isBlank()),
            Optional.empty(),
            Optional.of(tenantId),
            DetectionPages.dateTime("from", from),
            DetectionPages.dateTime("to", to));
    int number = page == null ? 0 : Math.max(0, page);
    Page<AuditEvent> found = audit.list(filter, new PageRequest(number, PAGE_SIZE));
    return Templates.log(
        ctx,
        found.items(),
        Paging.of(found),
        new ListFilter(actor, objectType, from, to),
        OBJECT_TYPES,
        org.huntboard.web.portal.ExportLinks.of()
            .with("actor", actor)
            .with("objectType", objectType)
            .withInstant("from", from)
            .withInstant("to", to)
            .query());
  }

  /** Walks the whole chain; the log page loads it after itself, or links to it without script. */
  @GET
  @Path("/verification")
  public TemplateInstance verification(@PathParam("tenantId") String tenantIdText) {
    UUID tenantId = Params.pathId("Tenant", tenantIdText);
    PortalContext ctx = contexts.tenant(tenantId, "audit");
    return Templates.verification(ctx, verifier.verify());
  }
}
