package org.huntboard.web.tenant.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One way a tenant's hunts can run: Defender, Sentinel workspaces, or a local data folder. */
@Entity
@Table(name = "tenant_connector")
public class TenantConnector {

  @Id public UUID id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "tenant_id", nullable = false)
  public Tenant tenant;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public ConnectorKind kind;

  /** Sentinel only: the Log Analytics workspace ids, separated by commas. */
  @Column(name = "workspace_ids", length = 2000)
  public String workspaceIds;

  /** Local only: the folder of exported telemetry. */
  @Column(name = "data_folder", length = 1000)
  public String dataFolder;

  /** The Sentinel workspace ids as a list; empty for other kinds. */
  public List<String> workspaceIdList() {
    return workspaceIds == null || workspaceIds.isBlank()
        ? List.of()
        : Arrays.stream(workspaceIds.split(",")).map(String::trim).toList();
  }
}
