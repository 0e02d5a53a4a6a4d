package org.huntboard.web.tenant.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.tenancy.TenantSet;

/** Tenants' credential sets, read through the caller's tenant set. */
@ApplicationScoped
public class TenantCredentialRepository implements PanacheRepositoryBase<TenantCredential, UUID> {

  /** The tenant's credential set, if the tenant is in the scope and has one. */
  public Optional<TenantCredential> findInScope(TenantSet scope, UUID tenantId) {
    return scope.contains(tenantId) ? findByIdOptional(tenantId) : Optional.empty();
  }

  /** Credential sets whose secret is encrypted with another key than the given one. */
  public List<TenantCredential> encryptedWithOtherKey(String keyId) {
    return list(
        "secretCiphertext is not null and secretCiphertext not like ?1", "v1:" + keyId + ":%");
  }
}
