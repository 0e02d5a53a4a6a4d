package org.huntboard.web.run.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.huntboard.connectors.local.LocalConnectorFactory;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;

/**
 * Keeps the telemetry of local data folders loaded between runs, so an hourly assignment does not
 * parse its tenant's files again for every window (a backfill of five days is 120 windows).
 *
 * <p>A folder's entry is valid while its files are the same: the same names, sizes and modification
 * times of every file directly in the folder (the files {@link TelemetryDatabase} reads); any
 * change loads it again. At most {@code huntboard.connectors.local-cache-size} folders are kept,
 * the least recently used dropped first. Loads of different folders run in parallel; two runs on
 * one folder wait for one load.
 */
@ApplicationScoped
public class LocalTelemetryCache {

  /** The files of a folder as far as a change is concerned. */
  private record Fingerprint(List<String> files) {}

  private record Entry(Fingerprint fingerprint, Map<String, Table> tables) {}

  private final int capacity;
  private final Map<Path, Entry> entries;
  private final Map<Path, Object> loadLocks = new ConcurrentHashMap<>();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();

  @Inject
  LocalTelemetryCache(ConnectorConfig config) {
    this(config.localCacheSize());
  }

  /** A cache of at most {@code capacity} folders (0 keeps none: every run loads). */
  public LocalTelemetryCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalStateException("huntboard.connectors.local-cache-size must be 0 or more");
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            return size() > LocalTelemetryCache.this.capacity;
          }
        };
  }

  /**
   * A local connector over the folder of {@link ConnectorSettings#DATABASE}, loaded now or reused.
   *
   * @throws IllegalArgumentException when the folder is missing or its telemetry does not load
   */
  public Connector connector(ConnectorSettings settings) {
    Path folder =
        Path.of(settings.require(ConnectorSettings.DATABASE, "the telemetry folder"))
            .toAbsolutePath()
            .normalize();
    return LocalConnectorFactory.of(tables(folder), settings);
  }

  /** The tables of the folder, loaded now if its files changed since the last load. */
  Map<String, Table> tables(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("the database folder " + folder + " does not exist");
    }
    synchronized (loadLocks.computeIfAbsent(folder, f -> new Object())) {
      Fingerprint now = fingerprint(folder);
      Entry cached;
      synchronized (entries) {
        cached = entries.get(folder);
      }
      if (cached != null && cached.fingerprint().equals(now)) {
        hits.incrementAndGet();
        return cached.tables();
      }
      Map<String, Table> tables = load(folder);
      loads.incrementAndGet();
      if (capacity > 0) {
        synchronized (entries) {
          entries.put(folder, new Entry(now, tables));
        }
      }
      return tables;
    }
  }

  /** How many times a folder was loaded. */
  public long loads() {
    return loads.get();
  }

  /** How many times loaded tables were reused. */
  public long hits() {
    return hits.get();
  }

  private static Map<String, Table> load(Path folder) {
    try {
      return TelemetryDatabase.load(
              folder, SchemaCatalog.builtIn(Dialect.DEFENDER), LoadOptions.strict())
          .tables();
    } catch (DiagnosticException e) {
      throw new IllegalArgumentException("cannot load " + folder + ": " + e.first().format(), e);
    }
  }

  private static Fingerprint fingerprint(Path folder) {
    List<String> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path file : (Iterable<Path>) list.sorted()::iterator) {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          files.add(
              file.getFileName()
                  + "\0"
                  + a.size()
                  + "\0"
                  + a.lastModifiedTime().toMillis()
                  + "\0"
                  + a.lastModifiedTime().toInstant().getNano());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list the database folder " + folder + ": " + e);
    }
    return new Fingerprint(List.copyOf(files));
  }
}
