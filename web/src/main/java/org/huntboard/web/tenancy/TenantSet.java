package org.huntboard.web.tenancy;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * The tenants whose data a caller may see: either a fixed set of tenant ids or, for platform
 * administrators and the scheduler, every tenant.
 *
 * <p>Every repository query that touches tenant data takes one, so scoping is decided once, where
 * the caller is known, and not repeated in each resource.
 */
public final class TenantSet {

  private static final TenantSet ALL = new TenantSet(true, Set.of());
  private static final TenantSet NONE = new TenantSet(false, Set.of());

  private final boolean all;
  private final Set<UUID> ids;

  private TenantSet(boolean all, Set<UUID> ids) {
    this.all = all;
    this.ids = ids;
  }

  /** Every tenant, present and future. */
  public static TenantSet all() {
    return ALL;
  }

  /** No tenant at all: the scope of an unidentified caller. */
  public static TenantSet none() {
    return NONE;
  }

  /** Exactly the given tenants. */
  public static TenantSet of(Collection<UUID> ids) {
    return ids.isEmpty() ? NONE : new TenantSet(false, Set.copyOf(ids));
  }

  /** Exactly one tenant. */
  public static TenantSet of(UUID id) {
    return new TenantSet(false, Set.of(id));
  }

  /** Whether this set covers every tenant. */
  public boolean isAll() {
    return all;
  }

  /** Whether the tenant is in this set. */
  public boolean contains(UUID tenantId) {
    return all || ids.contains(tenantId);
  }

  /**
   * The ids for an {@code in} clause; never empty, because an empty {@code in ()} list is not valid
   * SQL, and the nil UUID matches no tenant.
   */
  public Set<UUID> idsForQuery() {
    return ids.isEmpty() ? Set.of(new UUID(0, 0)) : ids;
  }

  @Override
  public String toString() {
    return all ? "all tenants" : ids.toString();
  }
}
