package org.huntboard.connectors.spi;

import java.time.Clock;
import java.util.random.RandomGenerator;
import org.huntboard.connectors.credential.TenantCredentials;
import org.huntboard.connectors.resilience.Sleeper;
import org.huntboard.connectors.resilience.TenantLimiters;

/**
 * What connectors of every tenant share in one process: the clock and sleeper (simulated in tests),
 * the source of backoff jitter, the per-tenant rate limiters and the per-tenant credentials.
 * Connectors made with the same runtime for the same tenant share its limiter and credential.
 */
public final class ConnectorRuntime {

  private static final ConnectorRuntime SYSTEM =
      new ConnectorRuntime(Clock.systemUTC(), Sleeper.system(), RandomGenerator.getDefault());

  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final TenantLimiters limiters;
  private final TenantCredentials credentials;

  public ConnectorRuntime(Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.limiters = new TenantLimiters(clock, sleeper);
    this.credentials = new TenantCredentials();
  }

  /** The process-wide runtime on the system clock. */
  public static ConnectorRuntime system() {
    return SYSTEM;
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public RandomGenerator random() {
    return random;
  }

  public TenantLimiters limiters() {
    return limiters;
  }

  public TenantCredentials credentials() {
    return credentials;
  }
}
