package org.huntboard.connectors.local.load;

import org.huntboard.core.schema.ColumnSchema;

/** Receives the rows of one table as a loader decodes them, in file order. */
public interface RowSink {

  /**
   * Called when a file brings a column the layout did not have; rows accepted before it have that
   * column empty.
   */
  default void columnAdded(ColumnSchema column) {}

  /** One decoded row; the instance is reused, so copy what you keep. */
  void accept(DecodedRow row);
}
