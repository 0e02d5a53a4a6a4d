package org.huntboard.core.schema;

import java.util.Optional;

/**
 * A KQL service whose tables Huntboard queries: Defender XDR Advanced Hunting or a Sentinel (Log
 * Analytics) workspace. The same table has different columns in each, and a different column holds
 * the event time.
 */
public enum Dialect {
  DEFENDER("defender", "Timestamp"),
  SENTINEL("sentinel", "TimeGenerated");

  private final String id;
  private final String timeColumn;

  Dialect(String id, String timeColumn) {
    this.id = id;
    this.timeColumn = timeColumn;
  }

  /** The lower-case name used in schema files ({@code "dialect": "defender"}). */
  public String id() {
    return id;
  }

  /** The column that holds the time of each row and bounds a hunt's window. */
  public String timeColumn() {
    return timeColumn;
  }

  /** The dialect whose {@link #id()} is {@code id}, exactly. */
  public static Optional<Dialect> fromId(String id) {
    for (Dialect d : values()) {
      if (d.id.equals(id)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
