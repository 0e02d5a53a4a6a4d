package org.huntboard.connectors.spi;

import java.util.Objects;
import org.huntboard.connectors.table.Table;

/** The typed result table of a run, in the engine's table model, with its statistics. */
public record QueryResult(Table table, QueryStatistics statistics) {

  public QueryResult {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(statistics, "statistics");
  }
}
