package org.huntboard.connectors.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-run choices that are not part of the query.
 *
 * @param cancellation raised to stop the run; checked during waits and aborts the request in flight
 * @param timeout the client-side limit for one request, or null for the connector's default (which
 *     stays above the service's own limit)
 * @param maxSplitDepth how often a truncated window may be halved, or null for the connector's
 *     default
 * @param waitForQuotaCycle whether to wait for Defender's next CPU cycle and retry once, instead of
 *     failing at once with {@link FailureClass#QUOTA_EXHAUSTED}
 * @param timeColumn the column the rule's KQL filters time on: {@code Timestamp} in the Defender
 *     dialect, {@code TimeGenerated} in the Sentinel one
 */
public record RunOptions(
    Cancellation cancellation,
    Duration timeout,
    Integer maxSplitDepth,
    boolean waitForQuotaCycle,
    String timeColumn) {

  /** The column Defender hunting queries filter time on. */
  public static final String TIMESTAMP = "Timestamp";

  /** The column Log Analytics filters the query's time interval on. */
  public static final String TIME_GENERATED = "TimeGenerated";

  public RunOptions {
    Objects.requireNonNull(cancellation, "cancellation");
    timeColumn = timeColumn == null ? TIMESTAMP : timeColumn;
    if (maxSplitDepth != null && maxSplitDepth < 0) {
      throw new IllegalArgumentException("maxSplitDepth must be >= 0");
    }
  }

  /** No cancellation, the connector's timeouts and split depth, Defender dialect. */
  public static RunOptions defaults() {
    return new RunOptions(Cancellation.none(), null, null, false, TIMESTAMP);
  }

  public RunOptions withCancellation(Cancellation c) {
    return new RunOptions(c, timeout, maxSplitDepth, waitForQuotaCycle, timeColumn);
  }

  public RunOptions withTimeout(Duration t) {
    return new RunOptions(cancellation, t, maxSplitDepth, waitForQuotaCycle, timeColumn);
  }

  public RunOptions withMaxSplitDepth(int depth) {
    return new RunOptions(cancellation, timeout, depth, waitForQuotaCycle, timeColumn);
  }

  public RunOptions withWaitForQuotaCycle(boolean wait) {
    return new RunOptions(cancellation, timeout, maxSplitDepth, wait, timeColumn);
  }

  public RunOptions withTimeColumn(String column) {
    return new RunOptions(cancellation, timeout, maxSplitDepth, waitForQuotaCycle, column);
  }

  public Optional<Duration> timeoutIfSet() {
    return Optional.ofNullable(timeout);
  }
}
