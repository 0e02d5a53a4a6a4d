package org.huntboard.web.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of health checks and metrics, under {@code huntboard.observability}. */
@ConfigMapping(prefix = "huntboard.observability")
public interface ObservabilityConfig {

  /**
   * Whether readiness includes the OpenID Connect issuer (only when {@code
   * quarkus.oidc.auth-server-url} is set); default true.
   */
  @WithDefault("true")
  boolean oidcReadiness();

  /** How long the issuer's discovery document may take to answer; default PT3S. */
  @WithDefault("PT3S")
  Duration issuerTimeout();

  /**
   * How long a result of the issuer check or of the run queue query is reused, so that probes and
   * scrapes do not load Keycloak or the database; default PT15S.
   */
  @WithDefault("PT15S")
  Duration cacheFor();

  /**
   * How many check-in intervals a scheduler node may miss before readiness reports it stale;
   * default 4.
   */
  @WithDefault("4")
  int missedCheckins();
}
