package org.huntboard.web.tenant.persistence;

/** Where a tenant's hunts run. */
public enum ConnectorKind {
  /** Microsoft Defender XDR advanced hunting. */
  DEFENDER,
  /** Microsoft Sentinel (Log Analytics workspaces). */
  SENTINEL,
  /** The embedded KQL engine over telemetry exported to a local folder. */
  LOCAL
}
