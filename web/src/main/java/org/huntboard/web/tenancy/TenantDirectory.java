package org.huntboard.web.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps tenant keys (the {@code slug} of a tenant, which is the name of its identity-provider group)
 * to tenant ids, with a cache.
 *
 * <p>A slug never changes and tenants are not deleted, so a key once found stays valid and is kept
 * for the life of the process. A key that names no tenant is remembered as unknown for a short time
 * ({@link IdentityConfig#unknownKeyTtl()}), so a token with a stray group does not query the
 * database on every request; a tenant created on this node clears that memory when its transaction
 * commits, and one created on another node is found once the entry expires.
 */
@ApplicationScoped
public class TenantDirectory {

  private final EntityManager entityManager;
  private final IdentityConfig config;
  private final Clock clock;
  private final Map<String, UUID> known = new ConcurrentHashMap<>();
  private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();

  TenantDirectory(EntityManager entityManager, IdentityConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
  }

  /** The ids of the tenants whose keys are given; keys of no tenant are left out. */
  @Transactional
  public Set<UUID> idsOf(Collection<String> keys) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (String key : keys) {
      idOf(key).ifPresent(ids::add);
    }
    return ids;
  }

  /** The id of the tenant with this key, if there is one. */
  @Transactional
  public Optional<UUID> idOf(String key) {
    UUID cached = known.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Instant now = Instant.now(clock);
    Instant until = unknownUntil.get(key);
    if (until != null && now.isBefore(until)) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    List<UUID> found =
        entityManager
            .createNativeQuery("select id from tenant where slug = ?1", UUID.class)
            .setParameter(1, key)
            .getResultList();
    if (found.isEmpty()) {
      unknownUntil.put(key, now.plus(config.unknownKeyTtl()));
      return Optional.empty();
    }
    unknownUntil.remove(key);
    known.put(key, found.get(0));
    return Optional.of(found.get(0));
  }

  /** Forgets unknown keys once a tenant change commits, so a new tenant's key is found at once. */
  void tenantsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantsChanged change) {
    unknownUntil.clear();
  }
}
