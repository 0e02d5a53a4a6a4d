package org.huntboard.web.security;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the local Keycloak with the Huntboard realm, started once per
 * test run.
 *
 * <p>Use it with {@code @QuarkusTestResource(value = KeycloakTestResource.class,
 * restrictToAnnotatedClass = false)}. Stopping is left to the JVM's exit so that every test class
 * of the run shares one server.
 */
public final class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

  /** Secret of the {@code huntboard-portal} client in the demo realm. */
  public static final String PORTAL_SECRET = "huntboard-portal-demo-secret";

  /** Secret of the {@code huntboard-api} client in the demo realm. */
  public static final String API_SECRET = "huntboard-api-demo-secret";

  @Override
  public Map<String, String> start() {
    LocalKeycloak keycloak = LocalKeycloak.shared();
    // The %test defaults name the same server; these follow a non-default port.
    return Map.of(
        "quarkus.oidc.auth-server-url",
        keycloak.issuer(),
        "quarkus.oidc.portal.auth-server-url",
        keycloak.issuer());
  }

  @Override
  public void stop() {
    // The server outlives each test class; LocalKeycloak stops it at JVM exit if it started it.
  }
}
