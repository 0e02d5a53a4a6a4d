package org.huntboard.core.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huntboard.core.diagnostic.SourceText;

/**
 * The tables a query can name, by exact (case-sensitive) name. {@link #builtIn(Dialect)} gives the
 * tables Huntboard knows for Defender or Sentinel; {@link #of(List)} builds a catalog for tests or
 * for a workspace with custom tables.
 */
public final class SchemaCatalog {

  /** The tables shipped with Huntboard (one schema file per table and dialect). */
  static final List<String> BUILT_IN_TABLES =
      List.of("DeviceNetworkEvents", "DeviceProcessEvents", "DeviceFileCertificateInfo");

  private static final Map<Dialect, SchemaCatalog> BUILT_IN = new EnumMap<>(Dialect.class);

  private final Map<String, TableSchema> tables;

  private SchemaCatalog(Map<String, TableSchema> tables) {
    this.tables = tables;
  }

  /** A catalog of exactly these tables; two tables with one name are an error. */
  public static SchemaCatalog of(List<TableSchema> tables) {
    Map<String, TableSchema> byName = new LinkedHashMap<>();
    for (TableSchema t : tables) {
      if (byName.put(t.name(), t) != null) {
        throw new IllegalArgumentException("table " + t.name() + " is in the catalog twice");
      }
    }
    return new SchemaCatalog(byName);
  }

  /** The tables Huntboard ships for a dialect, loaded once from core's resources. */
  public static synchronized SchemaCatalog builtIn(Dialect dialect) {
    return BUILT_IN.computeIfAbsent(dialect, SchemaCatalog::load);
  }

  private static SchemaCatalog load(Dialect dialect) {
    List<TableSchema> tables =
        BUILT_IN_TABLES.stream()
            .map(
                name -> {
                  String file = name + "." + dialect.id() + ".json";
                  SchemaFile loaded = SchemaLoader.load(new SourceText(file, resource(file)));
                  if (loaded.dialect() != dialect || !loaded.table().name().equals(name)) {
                    throw new IllegalStateException(
                        file + " describes " + loaded.table().name() + " for " + loaded.dialect());
                  }
                  return loaded.table();
                })
            .toList();
    return of(tables);
  }

  private static String resource(String file) {
    try (InputStream in = SchemaCatalog.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + file + " is missing from core");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table named exactly {@code name}. */
  public Optional<TableSchema> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /** Every table, in the order given. */
  public Collection<TableSchema> tables() {
    return tables.values();
  }

  /** Every table name, in the order given. */
  public List<String> tableNames() {
    return List.copyOf(tables.keySet());
  }
}
