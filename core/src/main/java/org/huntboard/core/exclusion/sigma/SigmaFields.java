package org.huntboard.core.exclusion.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The table from generic exclusion field names to Sigma's field names, and from tables to Sigma log
 * source categories, read from {@code sigma-fields.yaml} beside this class.
 */
public final class SigmaFields {

  /** One generic name and the Sigma field it exports to. */
  public record Entry(String generic, String sigma, boolean fileName) {}

  private static final SigmaFields BUILT_IN = load();

  private final List<Entry> entries;
  private final Map<String, String> categories;

  private SigmaFields(List<Entry> entries, Map<String, String> categories) {
    this.entries = List.copyOf(entries);
    this.categories = Map.copyOf(categories);
  }

  /** The table shipped with Huntboard. */
  public static SigmaFields builtIn() {
    return BUILT_IN;
  }

  /** The Sigma field of a generic name, if Sigma has one. */
  public Optional<Entry> forGeneric(String generic) {
    return entries.stream().filter(e -> e.generic().equals(generic)).findFirst();
  }

  /** The entries for a Sigma field, canonical first. */
  public List<Entry> forSigma(String sigma) {
    return entries.stream().filter(e -> e.sigma().equals(sigma)).toList();
  }

  /** The Sigma log source category of a table. */
  public Optional<String> category(String table) {
    return Optional.ofNullable(categories.get(table));
  }

  @SuppressWarnings("unchecked")
  private static SigmaFields load() {
    try (InputStream in = SigmaFields.class.getResourceAsStream("sigma-fields.yaml")) {
      if (in == null) {
        throw new IllegalStateException("sigma-fields.yaml is missing from core's resources");
      }
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      List<Entry> entries = new ArrayList<>();
      for (Map<String, Object> m : (List<Map<String, Object>>) root.get("fields")) {
        entries.add(
            new Entry(
                (String) m.get("generic"),
                (String) m.get("sigma"),
                Boolean.TRUE.equals(m.get("fileName"))));
      }
      Map<String, String> categories =
          new LinkedHashMap<>((Map<String, String>) root.get("categories"));
      return new SigmaFields(entries, categories);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
