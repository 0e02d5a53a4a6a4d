package org.huntboard.web.tenancy;

import java.util.UUID;

/**
 * Fired (as a CDI event) when a tenant is created or changed, so caches of tenant keys can forget
 * what they knew once the change commits.
 *
 * @param tenantId the tenant created or changed
 */
public record TenantsChanged(UUID tenantId) {}
