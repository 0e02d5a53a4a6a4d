package org.huntboard.web.tenant.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.huntboard.web.tenant.persistence.CredentialKind;

/**
 * A tenant's new credential set; the secret is write-only and never answered back.
 *
 * @param kind CLIENT_SECRET, CLIENT_CERTIFICATE or MANAGED_IDENTITY
 * @param clientId the app registration's (or user-assigned identity's) client id
 * @param secret the client secret or the PEM certificate with its private key
 */
public record CredentialDraft(
    @NotNull CredentialKind kind,
    @Size(max = 100) String clientId,
    @Size(max = 20000) String secret) {

  @Override
  public String toString() {
    // Keeps the secret out of logs and exception messages.
    return "CredentialDraft[kind=" + kind + ", clientId=" + clientId + ", secret=***]";
  }
}
