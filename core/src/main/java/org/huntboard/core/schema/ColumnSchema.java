package org.huntboard.core.schema;

import java.util.Objects;
import org.huntboard.core.kql.syntax.ScalarType;

/** A column of a table: its exact (case-sensitive) name and its KQL scalar type. */
public record ColumnSchema(String name, ScalarType type) {

  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** {@code name:type}, as KQL writes a column declaration. */
  @Override
  public String toString() {
    return name + ":" + type.kqlName();
  }
}
