package org.huntboard.core.kql.syntax;

import java.util.Locale;
import java.util.Optional;

/** The scalar data types of KQL, with their canonical names and the aliases Kusto accepts. */
public enum ScalarType {
  BOOL("bool", "boolean"),
  DATETIME("datetime", "date"),
  DYNAMIC("dynamic"),
  GUID("guid", "uuid", "uniqueid"),
  INT("int", "int32"),
  LONG("long", "int64"),
  REAL("real", "double"),
  STRING("string"),
  TIMESPAN("timespan", "time"),
  DECIMAL("decimal");

  private final String kqlName;
  private final String[] aliases;

  ScalarType(String kqlName, String... aliases) {
    this.kqlName = kqlName;
    this.aliases = aliases;
  }

  /** The canonical KQL name, as in {@code datatable(a:long)} or a result schema. */
  public String kqlName() {
    return kqlName;
  }

  /** Whether the type is {@code int}, {@code long}, {@code real} or {@code decimal}. */
  public boolean isNumeric() {
    return this == INT || this == LONG || this == REAL || this == DECIMAL;
  }

  /** Looks a type up by its KQL name or alias (case-sensitive, as KQL is). */
  public static Optional<ScalarType> fromKqlName(String name) {
    for (ScalarType type : values()) {
      if (type.kqlName.equals(name)) {
        return Optional.of(type);
      }
      for (String alias : type.aliases) {
        if (alias.equals(name)) {
          return Optional.of(type);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Maps a type name as the Defender API reports it ({@code "DateTime"}, {@code "Int64"}, ...) or
   * as Log Analytics does ({@code "datetime"}); unknown names give empty.
   */
  public static Optional<ScalarType> fromServiceName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "boolean", "bool", "system.boolean", "sbyte" -> Optional.of(BOOL);
      case "datetime", "system.datetime", "date" -> Optional.of(DATETIME);
      case "dynamic", "object", "system.object" -> Optional.of(DYNAMIC);
      case "guid", "system.guid", "uniqueid" -> Optional.of(GUID);
      case "int", "int32", "system.int32" -> Optional.of(INT);
      case "long", "int64", "system.int64" -> Optional.of(LONG);
      case "real", "double", "system.double", "single", "float" -> Optional.of(REAL);
      case "string", "system.string" -> Optional.of(STRING);
      case "timespan", "time", "system.timespan" -> Optional.of(TIMESPAN);
      case "decimal", "system.decimal", "system.data.sqltypes.sqldecimal" -> Optional.of(DECIMAL);
      default -> Optional.empty();
    };
  }

  @Override
  public String toString() {
    return kqlName;
  }
}
