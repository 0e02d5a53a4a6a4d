package org.huntboard.connectors.local.load;

import org.huntboard.core.kql.syntax.ScalarType;

/** A column as the loader fills it: its name and the KQL type its values are decoded to. */
public record ColumnSpec(String name, ScalarType type) {}
