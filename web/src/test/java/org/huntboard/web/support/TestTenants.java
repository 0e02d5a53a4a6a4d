package org.huntboard.web.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates tenants through the API for tests. */
public final class TestTenants {

  private TestTenants() {}

  /** A tenant with a unique name and the local connector. */
  public static UUID localTenant(String prefix) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    prefix + " " + UUID.randomUUID().toString().substring(0, 8),
                    "connectors",
                    List.of(Map.of("kind", "LOCAL", "dataFolder", "/data/" + prefix))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }

  /** Assigns a rule to a tenant's local connector and returns the assignment id. */
  public static UUID assign(UUID tenant, String ruleId, String frequency, String lookback) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "ruleId",
                    ruleId,
                    "connector",
                    "LOCAL",
                    "frequency",
                    frequency,
                    "lookback",
                    lookback))
            .post("/api/v1/tenants/{t}/assignments", tenant)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }
}
