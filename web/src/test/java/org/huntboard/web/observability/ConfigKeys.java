package org.huntboard.web.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Huntboard's configuration keys as the code declares them: every {@link ConfigMapping} interface
 * compiled into the application, walked as SmallRye Config walks it (kebab-case names, {@link
 * WithName}, nested groups, maps as {@code prefix.*}); and the keys {@code docs/configuration.md}
 * documents.
 */
final class ConfigKeys {

  /** The repository's root, seen from the web module where tests run. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final Pattern DOC_KEY =
      Pattern.compile("^\\| `([a-z0-9.*\\-\"]+)`", Pattern.MULTILINE);

  private ConfigKeys() {}

  /** Every key of every mapping under target/classes, maps ending in {@code .*}. */
  static TreeSet<String> fromCode() {
    TreeSet<String> keys = new TreeSet<>();
    for (Class<?> mapping : mappings()) {
      walk(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
    }
    return keys;
  }

  /** The mapping interfaces compiled into the application. */
  static List<Class<?>> mappings() {
    Path classes = ROOT.resolve("web/target/classes");
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$"))
          .map(p -> classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .map(ConfigKeys::load)
          .filter(c -> c != null && c.isInterface() && c.isAnnotationPresent(ConfigMapping.class))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ConfigKeys.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static void walk(String prefix, Class<?> group, TreeSet<String> keys) {
    for (Method method : group.getMethods()) {
      if (method.getParameterCount() > 0
          || Modifier.isStatic(method.getModifiers())
          || method.isDefault()) {
        continue;
      }
      WithName withName = method.getAnnotation(WithName.class);
      String name = withName != null ? withName.value() : kebab(method.getName());
      String key = prefix + "." + name;
      Type type = method.getGenericReturnType();
      Class<?> raw = method.getReturnType();
      if (raw == Optional.class && type instanceof ParameterizedType p) {
        Type inner = p.getActualTypeArguments()[0];
        if (inner instanceof Class<?> c && isGroup(c)) {
          walk(key, c, keys);
          continue;
        }
        keys.add(key);
      } else if (raw == Map.class && type instanceof ParameterizedType p) {
        Type value = p.getActualTypeArguments()[1];
        if (value instanceof Class<?> c && isGroup(c)) {
          walk(key + ".*", c, keys);
        } else {
          keys.add(key + ".*");
        }
      } else if (isGroup(raw)) {
        walk(key, raw, keys);
      } else {
        keys.add(key);
      }
    }
  }

  private static boolean isGroup(Class<?> type) {
    return type.isInterface()
        && !type.getName().startsWith("java.")
        && type != Map.class
        && type != List.class;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The keys in the first column of the tables of docs/configuration.md. */
  static TreeSet<String> documented() {
    try {
      String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
      TreeSet<String> keys = new TreeSet<>();
      Matcher m = DOC_KEY.matcher(doc);
      while (m.find()) {
        keys.add(m.group(1));
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The property an environment variable names, among {@code known} (keys with {@code .*} match any
   * map key), by SmallRye's rule: upper case, every character other than letters and digits an
   * underscore.
   */
  static Optional<String> propertyOfEnv(String env, TreeSet<String> known) {
    for (String key : known) {
      if (key.endsWith(".*")) {
        String stem = envForm(key.substring(0, key.length() - 2)) + "_";
        if (env.startsWith(stem) && env.length() > stem.length()) {
          return Optional.of(key);
        }
      } else if (envForm(key).equals(env)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** Whether a property key (as written in a properties file) is one of {@code known}. */
  static boolean isKnownProperty(String property, TreeSet<String> known) {
    for (String key : known) {
      if (key.endsWith(".*")) {
        String stem = key.substring(0, key.length() - 1);
        if (property.startsWith(stem) && property.length() > stem.length()) {
          return true;
        }
      } else if (key.equals(property)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Quarkus's own configuration properties, by environment variable, from the configuration model
   * every extension on the class path ships ({@code
   * META-INF/quarkus-config-doc/quarkus-config-model.json}): the property and its phase ({@code
   * RUN_TIME}, {@code BUILD_TIME}, {@code BUILD_AND_RUN_TIME_FIXED}).
   */
  static Map<String, QuarkusProperty> quarkusProperties() {
    Map<String, QuarkusProperty> out = new java.util.TreeMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      var models =
          ConfigKeys.class
              .getClassLoader()
              .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
      while (models.hasMoreElements()) {
        try (var in = models.nextElement().openStream()) {
          collect(json.readTree(in), out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The Quarkus property an environment variable sets. A named OpenID Connect tenant ({@code
   * quarkus.oidc.portal.*} in application.properties) has the default tenant's properties under its
   * name, which the configuration model lists once: {@code QUARKUS_OIDC_PORTAL_CLIENT_ID} is {@code
   * QUARKUS_OIDC_CLIENT_ID} of the tenant {@code portal}.
   */
  static Optional<QuarkusProperty> quarkusProperty(
      String variable, Map<String, QuarkusProperty> properties) {
    QuarkusProperty exact = properties.get(variable);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (String tenant : oidcTenants()) {
      String prefix = "QUARKUS_OIDC_" + envForm(tenant) + "_";
      if (variable.startsWith(prefix)) {
        return Optional.ofNullable(
            properties.get("QUARKUS_OIDC_" + variable.substring(prefix.length())));
      }
    }
    return Optional.empty();
  }

  /** The named OpenID Connect tenants application.properties configures. */
  static TreeSet<String> oidcTenants() {
    TreeSet<String> tenants = new TreeSet<>();
    Pattern named =
        Pattern.compile("^(?:%[\\w-]+\\.)?quarkus\\.oidc\\.([a-z0-9-]+)\\.application-type=");
    try {
      for (String line :
          Files.readAllLines(ROOT.resolve("web/src/main/resources/application.properties"))) {
        Matcher m = named.matcher(line.trim());
        if (m.find()) {
          tenants.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tenants;
  }

  /** A Quarkus property: its name, its environment variable and when it is read. */
  record QuarkusProperty(String property, String environmentVariable, String phase) {

    /** Whether setting it when the application starts has an effect. */
    boolean runtime() {
      return "RUN_TIME".equals(phase);
    }
  }

  private static void collect(
      com.fasterxml.jackson.databind.JsonNode node, Map<String, QuarkusProperty> out) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.JsonNode path = node.get("path");
      if (path != null && path.has("property") && node.has("phase")) {
        QuarkusProperty property =
            new QuarkusProperty(
                path.get("property").asText(),
                path.path("environmentVariable").asText(envForm(path.get("property").asText())),
                node.get("phase").asText());
        out.put(property.environmentVariable(), property);
      }
      node.elements().forEachRemaining(child -> collect(child, out));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collect(child, out));
    }
  }

  static String envForm(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
