package org.huntboard.connectors.local.generate;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What to generate: {@code devices} devices over the {@code days} days before {@code now}, about
 * {@code networkEventsPerDeviceDay} network events per device and day, from {@code seed}. {@code
 * rmmTools} is the RMM tool list ({@code tools.csv} of the public RMM corpus); null generates no
 * third-party RMM traffic.
 */
public record GeneratorOptions(
    Path out,
    int devices,
    int days,
    long seed,
    Instant now,
    int networkEventsPerDeviceDay,
    Path rmmTools) {

  /** Network events per device and day unless told otherwise. */
  public static final int DEFAULT_RATE = 240;

  public GeneratorOptions {
    if (devices < 1) {
      throw new IllegalArgumentException("--devices must be at least 1");
    }
    if (days < 1) {
      throw new IllegalArgumentException("--days must be at least 1");
    }
    if (networkEventsPerDeviceDay < 1) {
      throw new IllegalArgumentException("--rate must be at least 1");
    }
  }
}
