package org.huntboard.connectors.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * What a run cost and how it was carried out.
 *
 * @param requests HTTP requests sent, retries included (0 for the embedded engine)
 * @param parts sub-windows whose results were merged (1 when the window was not split)
 * @param splitDepth how many times the window was halved on the deepest path (0 when not split)
 * @param rows rows in the result
 * @param elapsed wall time of the run, waits for rate limits and backoff included
 * @param serviceExecutionTime the execution time the service reported, when it reports one
 * @param serviceStatistics the service's statistics document as JSON, when it sent one
 */
public record QueryStatistics(
    int requests,
    int parts,
    int splitDepth,
    long rows,
    Duration elapsed,
    Duration serviceExecutionTime,
    String serviceStatistics) {

  public Optional<Duration> serviceExecutionTimeIfKnown() {
    return Optional.ofNullable(serviceExecutionTime);
  }

  public Optional<String> serviceStatisticsIfSent() {
    return Optional.ofNullable(serviceStatistics);
  }
}
