package org.huntboard.web.tenant.persistence;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A customer organisation whose data Huntboard hunts in. */
@Entity
@Table(name = "tenant")
public class Tenant {

  @Id public UUID id;

  /**
   * The tenant's key: unique, never changed, and the name of its group at the identity provider.
   */
  @Column(name = "slug", nullable = false, length = 63, updatable = false)
  public String slug;

  @Column(name = "display_name", nullable = false, length = 200)
  public String displayName;

  /** The organisation's Microsoft Entra tenant id, the authority for its Defender tokens. */
  @Column(name = "entra_tenant_id")
  public UUID entraTenantId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;

  @OneToMany(mappedBy = "tenant", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("kind")
  public List<TenantConnector> connectors = new ArrayList<>();
}
