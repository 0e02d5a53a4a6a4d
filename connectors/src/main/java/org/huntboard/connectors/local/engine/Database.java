package org.huntboard.connectors.local.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huntboard.connectors.table.Table;

/** The tables a query can name, by case-sensitive name (KQL table names are case-sensitive). */
public final class Database {

  private final Map<String, Table> tables;

  public Database(Map<String, Table> tables) {
    this.tables = Map.copyOf(tables);
  }

  /** A database of one table. */
  public static Database of(String name, Table table) {
    return new Database(Map.of(name, table));
  }

  public Optional<Table> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Set<String> tableNames() {
    return tables.keySet();
  }

  /** A database with one more (or one replaced) table. */
  public Database with(String name, Table table) {
    Map<String, Table> m = new LinkedHashMap<>(tables);
    m.put(name, table);
    return new Database(m);
  }
}
