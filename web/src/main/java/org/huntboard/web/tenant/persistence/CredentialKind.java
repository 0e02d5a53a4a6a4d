package org.huntboard.web.tenant.persistence;

/** How Huntboard authenticates to a tenant's Microsoft APIs. */
public enum CredentialKind {
  /** An app registration's client id and client secret. */
  CLIENT_SECRET(true),
  /** An app registration's client id and a PEM certificate with its private key. */
  CLIENT_CERTIFICATE(true),
  /** The managed identity of the host, optionally user-assigned by client id; no secret. */
  MANAGED_IDENTITY(false);

  private final boolean needsSecret;

  CredentialKind(boolean needsSecret) {
    this.needsSecret = needsSecret;
  }

  /** Whether this kind carries a secret that must be stored encrypted. */
  public boolean needsSecret() {
    return needsSecret;
  }
}
