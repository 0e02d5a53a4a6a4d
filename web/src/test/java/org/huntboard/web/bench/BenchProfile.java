package org.huntboard.web.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The application as the benchmarks run it: the Defender executor against the fake instead of the
 * test suite's recording one, and the application's own scheduler in standby (the benchmark's
 * Quartz nodes fire the hunts on the simulated timeline).
 */
public class BenchProfile implements QuarkusTestProfile {

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(BenchDefenderExecutor.class);
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "huntboard.scheduling.enabled",
        "false",
        "quarkus.log.category.\"org.huntboard.web.run.service.HuntRunner\".level",
        "ERROR",
        // One line per token request otherwise.
        "quarkus.log.category.\"com.microsoft.aad.msal4j\".level",
        "WARN");
  }
}
