package org.huntboard.core.exclusion.mapping;

import java.util.List;
import org.huntboard.core.schema.ColumnSchema;

/** What a field of a filter means in one table: a column, or why it is none. */
public sealed interface FieldResolution
    permits FieldResolution.Resolved, FieldResolution.Unmapped, FieldResolution.Unknown {

  /**
   * The field is {@code column}; {@code generic} says whether it was written as a generic name
   * (else as the column's own name).
   */
  record Resolved(String field, ColumnSchema column, boolean generic) implements FieldResolution {}

  /** A generic name other tables map, but this table has no column for. */
  record Unmapped(String field, String table, List<String> closeMatches)
      implements FieldResolution {
    public Unmapped {
      closeMatches = List.copyOf(closeMatches);
    }
  }

  /** Neither a generic name nor a column of the table. */
  record Unknown(String field, String table, List<String> closeMatches) implements FieldResolution {
    public Unknown {
      closeMatches = List.copyOf(closeMatches);
    }
  }
}
