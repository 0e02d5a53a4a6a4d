package org.huntboard.core.exclusion.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The field-mapping profiles of every table and dialect, and what the guards know about columns
 * (volatile, attacker-controlled), read from {@code field-mappings.yaml} beside this class: the
 * mapping is data, so a new table or a corrected column needs no code.
 */
public final class FieldMappings {

  /** What kind of attacker-chosen text a column holds, for the guard's advice. */
  public enum AttackerText {
    COMMAND_LINE,
    FILE_NAME,
    PATH,
    URL,
    VERSION_INFO
  }

  private static final String RESOURCE = "field-mappings.yaml";
  private static FieldMappings builtIn;

  private final Map<String, FieldMappingProfile> profiles;
  private final Set<String> volatileColumns;
  private final Map<String, AttackerText> attackerControlled;

  private FieldMappings(
      Map<String, FieldMappingProfile> profiles,
      Set<String> volatileColumns,
      Map<String, AttackerText> attackerControlled) {
    this.profiles = profiles;
    this.volatileColumns = Set.copyOf(volatileColumns);
    this.attackerControlled = Map.copyOf(attackerControlled);
  }

  /** The profiles shipped with Huntboard, over core's built-in schemas. */
  public static synchronized FieldMappings builtIn() {
    if (builtIn == null) {
      try (InputStream in = FieldMappings.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from core's resources");
        }
        builtIn = parse(in, SchemaCatalog::builtIn);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return builtIn;
  }

  /** The profile of a table in a dialect. */
  public Optional<FieldMappingProfile> profile(String table, Dialect dialect) {
    return Optional.ofNullable(profiles.get(key(table, dialect)));
  }

  /** Every profile. */
  public List<FieldMappingProfile> profiles() {
    return List.copyOf(profiles.values());
  }

  /** Whether a column's values identify one event or one process instance. */
  public boolean isVolatile(String column) {
    return volatileColumns.contains(column);
  }

  /** The kind of attacker-chosen text a column holds, if it holds any. */
  public Optional<AttackerText> attackerText(String column) {
    return Optional.ofNullable(attackerControlled.get(column));
  }

  private static String key(String table, Dialect dialect) {
    return table + "/" + dialect.id();
  }

  @SuppressWarnings("unchecked")
  static FieldMappings parse(
      InputStream in, java.util.function.Function<Dialect, SchemaCatalog> catalogs) {
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    List<Map<String, Object>> declared = (List<Map<String, Object>>) root.get("profiles");
    Set<String> generic = new HashSet<>();
    for (Map<String, Object> p : declared) {
      generic.addAll(((Map<String, String>) p.get("fields")).keySet());
    }
    Map<String, FieldMappingProfile> profiles = new LinkedHashMap<>();
    for (Map<String, Object> p : declared) {
      String tableName = (String) p.get("table");
      for (String dialectId : (List<String>) p.get("dialects")) {
        Dialect dialect =
            Dialect.fromId(dialectId)
                .orElseThrow(() -> new IllegalStateException("unknown dialect " + dialectId));
        TableSchema table =
            catalogs
                .apply(dialect)
                .table(tableName)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "field mapping for "
                                + tableName
                                + ", which "
                                + dialectId
                                + " has no schema for"));
        profiles.put(
            key(tableName, dialect),
            new FieldMappingProfile(
                table, dialect, (Map<String, String>) p.get("fields"), generic));
      }
    }
    Map<String, Object> columns = (Map<String, Object>) root.get("columns");
    Set<String> volatileColumns = new HashSet<>((List<String>) columns.get("volatile"));
    Map<String, AttackerText> attacker = new HashMap<>();
    Map<String, List<String>> kinds = (Map<String, List<String>>) columns.get("attackerControlled");
    for (Map.Entry<String, List<String>> e : kinds.entrySet()) {
      AttackerText kind =
          switch (e.getKey()) {
            case "commandLine" -> AttackerText.COMMAND_LINE;
            case "fileName" -> AttackerText.FILE_NAME;
            case "path" -> AttackerText.PATH;
            case "url" -> AttackerText.URL;
            case "versionInfo" -> AttackerText.VERSION_INFO;
            default -> throw new IllegalStateException("unknown kind of text " + e.getKey());
          };
      new ArrayList<>(e.getValue()).forEach(c -> attacker.put(c, kind));
    }
    return new FieldMappings(profiles, volatileColumns, attacker);
  }
}
