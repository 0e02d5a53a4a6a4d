package org.huntboard.connectors.table;

import java.util.UUID;
import org.huntboard.core.kql.syntax.ScalarType;

/** A column of {@code guid} values; a null cell is a Java null. */
public final class GuidColumn extends Column {

  private final UUID[] values;

  /** Wraps values (length ≥ size). */
  public GuidColumn(UUID[] values, int size) {
    super(size);
    this.values = values;
  }

  @Override
  public ScalarType type() {
    return ScalarType.GUID;
  }

  @Override
  public boolean isNull(int row) {
    return values[row] == null;
  }

  @Override
  public UUID get(int row) {
    return values[row];
  }

  @Override
  public GuidColumn gather(int[] rows, int count) {
    UUID[] out = new UUID[count];
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      out[i] = r < 0 ? null : values[r];
    }
    return new GuidColumn(out, count);
  }

  @Override
  public long estimatedBytes() {
    return 40L * size;
  }
}
