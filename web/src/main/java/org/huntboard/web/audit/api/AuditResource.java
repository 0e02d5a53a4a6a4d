package org.huntboard.web.audit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.api.Params;
import org.huntboard.web.audit.persistence.AuditEvent;
import org.huntboard.web.audit.persistence.AuditEventRepository;
import org.huntboard.web.audit.service.AuditVerifier;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;

/** The audit log: events of the caller's tenants, and verification of the hash chain. */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  /** One audit event as the API shows it. */
  public record AuditEventView(
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String objectType,
      String objectId,
      UUID tenantId,
      JsonNode before,
      JsonNode after,
      String previousHash,
      String hash) {}

  private final AuditEventRepository events;
  private final AuditVerifier verifier;
  private final TenantScope scope;
  private final ObjectMapper json;

  AuditResource(
      AuditEventRepository events, AuditVerifier verifier, TenantScope scope, ObjectMapper json) {
    this.events = events;
    this.verifier = verifier;
    this.scope = scope;
    this.json = json;
  }

  /**
   * Lists audit events, newest first, filtered by actor, object, tenant and time {@code [from,
   * to)}.
   */
  @GET
  @Transactional
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public Page<AuditEventView> list(
      @QueryParam("actor") String actor,
      @QueryParam("objectType") String objectType,
      @QueryParam("objectId") String objectId,
      @QueryParam("tenantId") String tenantId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @BeanParam PageRequest page) {
    AuditEventRepository.Filter filter =
        new AuditEventRepository.Filter(
            Optional.ofNullable(actor),
            Optional.ofNullable(objectType),
            Optional.ofNullable(objectId),
            Params.uuid("tenantId", tenantId),
            Params.instant("from", from),
            Params.instant("to", to));
    PanacheQuery<AuditEvent> query =
        events.find(scope.tenants(), filter).page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count()).map(this::view);
  }

  /** Checks the whole chain and reports the first broken link, if any. */
  @GET
  @Path("/verification")
  @RolesAllowed({Role.Names.AUDITOR, Role.Names.ADMIN})
  public AuditVerifier.Verification verify() {
    if (!scope.isIdentified()) {
      throw new HuntboardException.Forbidden("Only identified callers may verify the audit log");
    }
    return verifier.verify();
  }

  private AuditEventView view(AuditEvent event) {
    return new AuditEventView(
        event.seq,
        event.occurredAt,
        event.actor,
        event.action,
        event.objectType,
        event.objectId,
        event.tenantId,
        tree(event.beforeState),
        tree(event.afterState),
        event.previousHash.trim(),
        event.hash.trim());
  }

  private JsonNode tree(String state) {
    if (state == null) {
      return null;
    }
    try {
      return json.readTree(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored audit state is not JSON", e);
    }
  }
}
