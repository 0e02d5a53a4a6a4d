package org.huntboard.web.run.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where the connectors reach Microsoft's services, under {@code huntboard.connectors}: the public
 * cloud by default; a sovereign cloud, a proxy or a fake server in tests by configuration.
 */
@ConfigMapping(prefix = "huntboard.connectors")
public interface ConnectorConfig {

  /**
   * The Entra authority that issues tokens: {@code public}, {@code usgov}, {@code china} or an
   * https URL; default public.
   */
  Optional<String> authorityHost();

  /** Graph's base URL for Defender; default {@code https://graph.microsoft.com}. */
  Optional<String> graphUrl();

  /** Log Analytics' base URL for Sentinel; default {@code https://api.loganalytics.io/v1}. */
  Optional<String> logAnalyticsUrl();

  /** A PEM or DER file of CA certificates trusted besides the JDK's (a TLS-inspecting proxy). */
  Optional<String> caFile();

  /** Requests per run at most, retries included; default the connectors' own (4). */
  Optional<Integer> maxAttempts();

  /**
   * The folder where stored client certificates are written (owner-only) for Azure Identity, which
   * reads a certificate from a file; default {@code huntboard-credentials} in the temporary folder.
   */
  Optional<String> certificateDir();

  /** How many local telemetry folders are kept loaded, least recently used dropped; default 8. */
  @WithDefault("8")
  int localCacheSize();
}
