package org.huntboard.connectors.spi;

import java.util.ArrayList;
import java.util.List;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * A service's answer as converted rows, before it becomes a {@link Table}: column names and types,
 * and one array of Java values per row. Parts of a split window are merged at this stage.
 */
public record ResultRows(List<String> names, List<ScalarType> types, List<Object[]> rows) {

  public ResultRows {
    names = List.copyOf(names);
    types = List.copyOf(types);
    if (names.size() != types.size()) {
      throw new IllegalArgumentException(names.size() + " names for " + types.size() + " types");
    }
  }

  /** The same columns with other rows. */
  public ResultRows withRows(List<Object[]> newRows) {
    return new ResultRows(names, types, newRows);
  }

  /** The typed table of these rows. */
  public Table toTable() {
    Table.Builder b = Table.builder();
    for (int i = 0; i < names.size(); i++) {
      b.column(names.get(i), types.get(i));
    }
    for (Object[] row : rows) {
      b.addRow(row);
    }
    return b.build();
  }

  /** The rows of a table, for merging with others. */
  public static ResultRows of(Table table) {
    List<Object[]> rows = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      rows.add(table.row(r).toArray());
    }
    return new ResultRows(table.columnNames(), table.columnTypes(), rows);
  }
}
