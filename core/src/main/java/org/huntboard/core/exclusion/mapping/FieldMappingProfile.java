package org.huntboard.core.exclusion.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.TableSchema;

/**
 * The field names an exclusion may use on one table in one dialect: the generic names the profile
 * maps (e.g. {@code process.command_line → InitiatingProcessCommandLine}) and every column of the
 * table under its own name.
 */
public final class FieldMappingProfile {

  private final TableSchema table;
  private final Dialect dialect;
  private final Map<String, String> fields;
  private final Set<String> knownGenericNames;

  FieldMappingProfile(
      TableSchema table, Dialect dialect, Map<String, String> fields, Set<String> knownGeneric) {
    this.table = table;
    this.dialect = dialect;
    this.fields = Map.copyOf(new LinkedHashMap<>(fields));
    this.knownGenericNames = Set.copyOf(knownGeneric);
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (table.column(e.getValue()).isEmpty()) {
        throw new IllegalStateException(
            "the field mapping of "
                + table.name()
                + " ("
                + dialect.id()
                + ") maps "
                + e.getKey()
                + " to "
                + e.getValue()
                + ", which is no column of the table");
      }
    }
  }

  public TableSchema table() {
    return table;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Generic name to column name. */
  public Map<String, String> fields() {
    return fields;
  }

  /** The column a generic name maps to. */
  public Optional<String> columnOf(String generic) {
    return Optional.ofNullable(fields.get(generic));
  }

  /** What {@code field} means in this table. A column's own name wins over a generic name. */
  public FieldResolution resolve(String field) {
    Optional<ColumnSchema> direct = table.column(field);
    if (direct.isPresent()) {
      return new FieldResolution.Resolved(field, direct.get(), false);
    }
    String mapped = fields.get(field);
    if (mapped != null) {
      return new FieldResolution.Resolved(field, table.column(mapped).orElseThrow(), true);
    }
    List<String> candidates = new ArrayList<>(fields.keySet());
    candidates.sort(null);
    candidates.addAll(table.columnNames());
    List<String> close = Suggestions.closest(field, candidates);
    if (knownGenericNames.contains(field)) {
      return new FieldResolution.Unmapped(field, table.name(), close);
    }
    return new FieldResolution.Unknown(field, table.name(), close);
  }
}
