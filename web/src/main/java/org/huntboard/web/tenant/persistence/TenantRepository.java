package org.huntboard.web.tenant.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.tenancy.TenantSet;

/** Tenants, always read through the caller's tenant set. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, UUID> {

  /** The tenant, if it exists and is in the scope. */
  public Optional<Tenant> findInScope(TenantSet scope, UUID id) {
    if (!scope.contains(id)) {
      return Optional.empty();
    }
    return findByIdOptional(id);
  }

  /** The tenant, locked for update, if it exists and is in the scope. */
  public Optional<Tenant> lockInScope(TenantSet scope, UUID id) {
    if (!scope.contains(id)) {
      return Optional.empty();
    }
    return findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
  }

  /** The tenants in the scope, by display name. */
  public PanacheQuery<Tenant> listInScope(TenantSet scope) {
    Sort byName = Sort.ascending("displayName").and("id");
    if (scope.isAll()) {
      return findAll(byName);
    }
    return find("id in :scope", byName, Map.of("scope", scope.idsForQuery()));
  }

  /** Whether a tenant already has this key. */
  public boolean slugTaken(String slug) {
    return count("slug", slug) > 0;
  }

  /** Whether another tenant already has this display name (case-insensitive). */
  public boolean nameTaken(String displayName, UUID except) {
    return count(
            "lower(displayName) = lower(:name) and id <> :except",
            Map.of("name", displayName, "except", except))
        > 0;
  }
}
