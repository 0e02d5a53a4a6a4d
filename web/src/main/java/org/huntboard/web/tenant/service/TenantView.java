package org.huntboard.web.tenant.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.huntboard.web.tenant.persistence.CredentialKind;

/**
 * A tenant as the API and the audit log show it: never with a secret.
 *
 * @param slug the tenant's key, the name of its group at the identity provider
 * @param credential the credential set without its secret, or null if none is stored
 */
public record TenantView(
    UUID id,
    String slug,
    String displayName,
    UUID entraTenantId,
    List<ConnectorView> connectors,
    CredentialView credential,
    Instant createdAt,
    Instant updatedAt) {

  /** One connector of the tenant. */
  public record ConnectorView(ConnectorKind kind, List<String> workspaceIds, String dataFolder) {}

  /**
   * The credential set without its secret.
   *
   * @param secretStored whether an encrypted secret is stored
   * @param keyId the id of the key that encrypts the secret, for rotation
   */
  public record CredentialView(
      CredentialKind kind,
      String clientId,
      boolean secretStored,
      String keyId,
      Instant updatedAt) {}
}
