package org.huntboard.web.database;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.datasource.jdbc.url} from an embedded PostgreSQL when none is configured.
 *
 * <p>Quarkus builds its runtime configuration before it creates the datasource, runs Flyway or
 * starts Quartz, so a config source is the one place that runs early enough on every path into the
 * application (the packaged jar, dev mode, {@code @QuarkusTest}) without a launcher of our own.
 * Quarkus also builds configuration while it builds the application, so the source starts the
 * server only when the URL is first read, which only the datasource does at run time.
 */
public final class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

  static final String URL = "quarkus.datasource.jdbc.url";
  static final String USERNAME = "quarkus.datasource.username";
  static final String DATA_DIR = "huntboard.database.embedded.data-dir";
  static final String PORT = "huntboard.database.embedded.port";
  static final String EPHEMERAL = "huntboard.database.embedded.ephemeral";

  /** Below application.properties (250), so that anything configured by hand wins. */
  private static final int ORDINAL = 200;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    if (present(context.getValue(URL))) {
      return List.of();
    }
    boolean ephemeral = Boolean.parseBoolean(value(context, EPHEMERAL).orElse("false"));
    Optional<Path> dataDirectory =
        ephemeral
            ? Optional.empty()
            : Optional.of(
                value(context, DATA_DIR)
                    .map(Path::of)
                    .orElse(Path.of(System.getProperty("user.home"), ".huntboard", "pgdata")));
    int port = Integer.parseInt(value(context, PORT).orElse("0"));
    return List.of(new EmbeddedDatabaseConfigSource(dataDirectory, port));
  }

  private static Optional<String> value(ConfigSourceContext context, String name) {
    ConfigValue value = context.getValue(name);
    return present(value) ? Optional.of(value.getValue().trim()) : Optional.empty();
  }

  private static boolean present(ConfigValue value) {
    return value != null && value.getValue() != null && !value.getValue().isBlank();
  }

  /** Answers the datasource URL and user of the embedded server, starting it on first use. */
  static final class EmbeddedDatabaseConfigSource implements ConfigSource {

    private final Optional<Path> dataDirectory;
    private final int port;

    EmbeddedDatabaseConfigSource(Optional<Path> dataDirectory, int port) {
      this.dataDirectory = dataDirectory;
      this.port = port;
    }

    @Override
    public Set<String> getPropertyNames() {
      // Listing the names would make Quarkus read them while it builds the application.
      return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
      if (URL.equals(propertyName)) {
        return EmbeddedDatabase.jdbcUrl(dataDirectory, port);
      }
      if (USERNAME.equals(propertyName)) {
        return EmbeddedDatabase.USER;
      }
      return null;
    }

    @Override
    public String getName() {
      return "Huntboard embedded PostgreSQL";
    }

    @Override
    public int getOrdinal() {
      return ORDINAL;
    }
  }
}
