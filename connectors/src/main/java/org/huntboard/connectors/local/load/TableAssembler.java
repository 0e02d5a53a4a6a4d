package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.schema.ColumnSchema;

/**
 * Collects decoded rows into the engine's columnar {@link Table}: one typed builder per column of
 * the layout, strings dictionary-encoded. A column added by a later file or line is empty for the
 * rows before it.
 */
public final class TableAssembler implements RowSink {

  private final TableLayout layout;
  private final List<ColumnBuilder> builders = new ArrayList<>();
  private int rows;
  // The builders as an array, refreshed when a column is added: accept runs once per row.
  private ColumnBuilder[] fast = new ColumnBuilder[0];

  public TableAssembler(TableLayout layout) {
    this.layout = layout;
    for (ColumnSchema c : layout.columns()) {
      builders.add(ColumnBuilder.forType(c.type(), 1024));
    }
  }

  public TableLayout layout() {
    return layout;
  }

  @Override
  public void columnAdded(ColumnSchema column) {
    ColumnBuilder b = ColumnBuilder.forType(column.type(), Math.max(1024, rows));
    for (int i = 0; i < rows; i++) {
      b.appendNull();
    }
    builders.add(b);
  }

  @Override
  public void accept(DecodedRow row) {
    if (fast.length != builders.size()) {
      fast = builders.toArray(new ColumnBuilder[0]);
    }
    ColumnBuilder[] all = fast;
    for (int c = 0; c < all.length; c++) {
      ColumnBuilder b = all[c];
      if (b instanceof ColumnBuilder.Strings s) {
        s.append(row.string(c));
      } else if (!row.isPresent(c)) {
        b.appendNull();
      } else if (b instanceof ColumnBuilder.Longs l) {
        l.append(row.bits(c));
      } else if (b instanceof ColumnBuilder.Ints i) {
        i.append((int) row.bits(c));
      } else if (b instanceof ColumnBuilder.Reals r) {
        Object ref = row.ref(c);
        r.append(ref instanceof BigDecimal d ? d.doubleValue() : row.real(c));
      } else if (b instanceof ColumnBuilder.Bools bo) {
        bo.append(row.bits(c) != 0);
      } else if (b instanceof ColumnBuilder.Dynamics d) {
        d.append((JsonNode) row.ref(c));
      } else if (b instanceof ColumnBuilder.Guids g) {
        g.append((UUID) row.ref(c));
      }
    }
    rows++;
  }

  public int rowCount() {
    return rows;
  }

  /** The table of every row accepted so far; the assembler must not be used afterwards. */
  public Table build() {
    List<String> names = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < builders.size(); c++) {
      names.add(layout.column(c).name());
      columns.add(builders.get(c).build());
    }
    return new Table(names, columns, rows);
  }
}
