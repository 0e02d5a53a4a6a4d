package org.huntboard.connectors.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * A column of {@code dynamic} values as Jackson trees. A null cell is a Java null or a JSON null;
 * both read as null.
 */
public final class DynamicColumn extends Column {

  private final JsonNode[] values;

  /** Wraps values (length ≥ size). */
  public DynamicColumn(JsonNode[] values, int size) {
    super(size);
    this.values = values;
  }

  @Override
  public ScalarType type() {
    return ScalarType.DYNAMIC;
  }

  @Override
  public boolean isNull(int row) {
    JsonNode v = values[row];
    return v == null || v.isNull() || v.isMissingNode();
  }

  /** The tree of a row; null for a null cell. */
  @Override
  public JsonNode get(int row) {
    return isNull(row) ? null : values[row];
  }

  /** The tree of a row; {@link NullNode} for a null cell. */
  public JsonNode node(int row) {
    JsonNode v = values[row];
    return v == null ? NullNode.getInstance() : v;
  }

  @Override
  public String format(int row) {
    if (isNull(row)) {
      return "";
    }
    JsonNode v = values[row];
    return v.isTextual() ? v.textValue() : v.toString();
  }

  @Override
  public DynamicColumn gather(int[] rows, int count) {
    JsonNode[] out = new JsonNode[count];
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      out[i] = r < 0 ? null : values[r];
    }
    return new DynamicColumn(out, count);
  }

  @Override
  public long estimatedBytes() {
    long bytes = 8L * size;
    for (int i = 0; i < size; i++) {
      JsonNode v = values[i];
      if (v != null && !v.isNull()) {
        bytes += v.isContainerNode() ? 48L + 32L * v.size() : 24;
      }
    }
    return bytes;
  }
}
