package org.huntboard.connectors.local.load;

import java.util.List;
import java.util.Optional;

/** The known tables of a dialect, as the loader needs them: columns in order, with types. */
@FunctionalInterface
public interface TableSchemas {

  /** The columns of a table, or empty when the dialect does not know the table. */
  Optional<List<ColumnSpec>> columns(String table);
}
