package org.huntboard.web.tenant.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * What a platform administrator sends to create or change a tenant.
 *
 * @param slug the tenant's key ({@code acme}): lower-case letters, digits and inner dashes, at most
 *     63; unique, fixed at creation, and the name of the tenant's group at the identity provider.
 *     Derived from the display name when absent; on a change it may only repeat the key
 * @param displayName the name people see, unique regardless of case
 * @param entraTenantId the organisation's Entra tenant id (a GUID); required with Defender
 * @param connectors at most one of each kind
 */
public record TenantDraft(
    @Size(max = 63) String slug,
    @NotBlank @Size(max = 200) String displayName,
    String entraTenantId,
    @Size(max = 3) List<@Valid @NotNull ConnectorDraft> connectors) {

  /**
   * One connector of a tenant.
   *
   * @param kind DEFENDER, SENTINEL or LOCAL
   * @param workspaceIds Sentinel only: one or more Log Analytics workspace ids (GUIDs)
   * @param dataFolder local only: the folder with the tenant's exported telemetry
   */
  public record ConnectorDraft(
      @NotNull ConnectorKind kind,
      @Size(max = 50) List<String> workspaceIds,
      @Size(max = 1000) String dataFolder) {}
}
