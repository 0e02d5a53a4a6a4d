package org.huntboard.web.tenant.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A tenant's credential set; its secret is stored only as AES-GCM ciphertext. */
@Entity
@Table(name = "tenant_credential")
public class TenantCredential {

  @Id
  @Column(name = "tenant_id")
  public UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  public CredentialKind kind;

  @Column(name = "client_id", length = 100)
  public String clientId;

  /** {@code v1:<key id>:<Base64>}, see {@link org.huntboard.web.secret.SecretCipher}. */
  @Column(name = "secret_ciphertext", columnDefinition = "text")
  public String secretCiphertext;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;
}
