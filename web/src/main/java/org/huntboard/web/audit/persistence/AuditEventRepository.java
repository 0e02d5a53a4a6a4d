package org.huntboard.web.audit.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.tenancy.TenantSet;

/** Reads and appends audit events; there is deliberately no update or delete. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEvent, Long> {

  /** Filters of the audit list; empty fields do not filter. */
  public record Filter(
      Optional<String> actor,
      Optional<String> objectType,
      Optional<String> objectId,
      Optional<UUID> tenantId,
      Optional<Instant> from,
      Optional<Instant> to) {}

  /**
   * The events the caller may see that match the filter, newest first. Events of no tenant are
   * visible only with the scope of every tenant.
   */
  public PanacheQuery<AuditEvent> find(TenantSet scope, Filter filter) {
    List<String> where = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    if (!scope.isAll()) {
      where.add("tenantId in :scope");
      parameters.put("scope", scope.idsForQuery());
    }
    filter.actor().ifPresent(a -> add(where, parameters, "actor = :actor", "actor", a));
    filter
        .objectType()
        .ifPresent(t -> add(where, parameters, "objectType = :objectType", "objectType", t));
    filter.objectId().ifPresent(i -> add(where, parameters, "objectId = :objectId", "objectId", i));
    filter.tenantId().ifPresent(t -> add(where, parameters, "tenantId = :tenant", "tenant", t));
    filter.from().ifPresent(f -> add(where, parameters, "occurredAt >= :from", "from", f));
    filter.to().ifPresent(t -> add(where, parameters, "occurredAt < :to", "to", t));
    String query = where.isEmpty() ? "" : String.join(" and ", where);
    return find(query, Sort.descending("seq"), parameters);
  }

  private static void add(
      List<String> where,
      Map<String, Object> parameters,
      String clause,
      String name,
      Object value) {
    where.add(clause);
    parameters.put(name, value);
  }
}
