package org.huntboard.web.observability;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The depth of the run queue as the ledger shows it: windows due (planned, or failed and waiting
 * for a retry) and windows claimed by a node. Read with plain JDBC outside any transaction, cached
 * for {@code huntboard.observability.cache-for} so that frequent scrapes cost one query.
 */
@ApplicationScoped
public class RunQueue {

  /** What the queue holds now. */
  public record Depth(long due, long claimed, Duration oldestDueAge, Instant measuredAt) {}

  private static final String QUERY =
      """
      select
        count(*) filter (where state = 'PLANNED' or (state = 'FAILED' and retryable)) as due,
        count(*) filter (where state = 'RUNNING') as claimed,
        min(window_end) filter (where state = 'PLANNED' or (state = 'FAILED' and retryable))
          as oldest_due
      from hunt_run
      where state in ('PLANNED', 'RUNNING', 'FAILED')
      """;

  private final AgroalDataSource dataSource;
  private final Clock clock;
  private final Duration cacheFor;
  private volatile Depth cached;

  RunQueue(AgroalDataSource dataSource, Clock clock, ObservabilityConfig config) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.cacheFor = config.cacheFor();
  }

  /** The queue's depth, at most {@code cache-for} old. */
  public Depth depth() throws SQLException {
    Depth last = cached;
    Instant now = Instant.now(clock);
    if (last != null && !last.measuredAt().plus(cacheFor).isBefore(now)) {
      return last;
    }
    Depth fresh = measure(now);
    cached = fresh;
    return fresh;
  }

  /** The depth, or the last known one (or zeros) when the database cannot answer. */
  Depth depthOrLast() {
    try {
      return depth();
    } catch (SQLException e) {
      Depth last = cached;
      return last != null ? last : new Depth(0, 0, Duration.ZERO, Instant.EPOCH);
    }
  }

  private Depth measure(Instant now) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(QUERY);
        ResultSet row = statement.executeQuery()) {
      row.next();
      Timestamp oldest = row.getTimestamp("oldest_due");
      Duration age =
          oldest == null || oldest.toInstant().isAfter(now)
              ? Duration.ZERO
              : Duration.between(oldest.toInstant(), now);
      return new Depth(row.getLong("due"), row.getLong("claimed"), age, now);
    }
  }
}
