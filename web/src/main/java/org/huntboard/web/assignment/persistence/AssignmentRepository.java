package org.huntboard.web.assignment.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.tenancy.TenantSet;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/** Assignments, always read through the caller's tenant set. */
@ApplicationScoped
public class AssignmentRepository implements PanacheRepositoryBase<Assignment, UUID> {

  /** The assignment, if it belongs to the given tenant and the tenant is in scope. */
  public Optional<Assignment> findInScope(TenantSet scope, UUID tenantId, UUID id) {
    if (!scope.contains(tenantId)) {
      return Optional.empty();
    }
    return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
  }

  /** The same, locked for update. */
  public Optional<Assignment> lockInScope(TenantSet scope, UUID tenantId, UUID id) {
    if (!scope.contains(tenantId)) {
      return Optional.empty();
    }
    return find("id = ?1 and tenantId = ?2", id, tenantId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /** A tenant's assignments, by rule and connector. */
  public PanacheQuery<Assignment> listForTenant(TenantSet scope, UUID tenantId) {
    Sort order = Sort.ascending("ruleId").and("connector");
    if (!scope.contains(tenantId)) {
      return find("tenantId in :scope", order, Map.of("scope", TenantSet.none().idsForQuery()));
    }
    return find("tenantId = :tenant", order, Map.of("tenant", tenantId));
  }

  /** Whether the tenant already runs this rule on this connector. */
  public boolean exists(UUID tenantId, String ruleId, ConnectorKind connector) {
    return count("tenantId = ?1 and ruleId = ?2 and connector = ?3", tenantId, ruleId, connector)
        > 0;
  }
}
