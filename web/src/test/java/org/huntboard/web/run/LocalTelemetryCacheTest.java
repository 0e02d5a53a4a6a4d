package org.huntboard.web.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.web.run.service.LocalTelemetryCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local connector's folders stay loaded between windows, are loaded again when a file changes,
 * and only so many are kept; the 5-day hourly backfill (120 windows) is timed with and without the
 * cache.
 */
class LocalTelemetryCacheTest {

  static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
  static final String RULE = "hunting/rmm/tigervnc/tigervnc-network-connection.yaml";

  @TempDir static Path dir;
  static Path data;
  static String rule;

  @BeforeAll
  static void generate() throws IOException {
    data = dir.resolve("tenant");
    TelemetryGenerator.generate(new GeneratorOptions(data, 8, 6, 7, NOW, 60, null));
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(RULE)) {
      rule = new RuleLoader().load(RULE, in.readAllBytes()).rule().orElseThrow().query().text();
    }
  }

  @Test
  void aBackfillOfOneHundredTwentyWindowsLoadsTheFolderOnce() throws Exception {
    LocalTelemetryCache uncached = new LocalTelemetryCache(0);
    long withoutCache = backfill(uncached, data);
    LocalTelemetryCache cache = new LocalTelemetryCache(8);
    long withCache = backfill(cache, data);

    assertThat(uncached.loads()).isEqualTo(120);
    assertThat(cache.loads()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(119);
    System.out.printf(
        "local connector, 120 hourly windows of a 5-day backfill (8 devices, 6 days, 60 connections a device-day):"
            + " %d ms without the cache, %d ms with it%n",
        withoutCache, withCache);
    assertThat(withCache).isLessThan(withoutCache);
  }

  @Test
  void loadsAgainWhenAFileChanges() throws Exception {
    Path copy = copyOf(data, dir.resolve("changing"));
    LocalTelemetryCache cache = new LocalTelemetryCache(8);
    ConnectorSettings settings = settings(copy);
    long before = rows(cache, settings);
    rows(cache, settings);
    assertThat(cache.loads()).isEqualTo(1);

    // One more TigerVNC-looking connection (same size would do: the mtime changes too).
    Path events = copy.resolve("DeviceNetworkEvents.jsonl");
    String line = Files.readAllLines(events).get(0);
    Files.writeString(events, line + "\n", StandardOpenOption.APPEND);
    Files.setLastModifiedTime(events, FileTime.from(Instant.now().plusSeconds(5)));
    rows(cache, settings);
    assertThat(cache.loads()).isEqualTo(2);
    assertThat(before).isNotNegative();

    Files.writeString(copy.resolve("DeviceInfo.jsonl"), "{not json", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> rows(cache, settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load");
  }

  @Test
  void keepsOnlyTheMostRecentlyUsedFolders() throws Exception {
    Path a = copyOf(data, dir.resolve("a"));
    Path b = copyOf(data, dir.resolve("b"));
    Path c = copyOf(data, dir.resolve("c"));
    LocalTelemetryCache cache = new LocalTelemetryCache(2);
    rows(cache, settings(a));
    rows(cache, settings(b));
    rows(cache, settings(a)); // a is now the most recently used
    rows(cache, settings(c)); // drops b
    assertThat(cache.loads()).isEqualTo(3);
    rows(cache, settings(a));
    assertThat(cache.loads()).isEqualTo(3);
    rows(cache, settings(b));
    assertThat(cache.loads()).isEqualTo(4);
  }

  private static long backfill(LocalTelemetryCache cache, Path folder) throws Exception {
    ConnectorSettings settings = settings(folder);
    long started = System.nanoTime();
    Instant end = NOW.minus(Duration.ofDays(5));
    for (int window = 0; window < 120; window++) {
      end = end.plus(Duration.ofHours(1));
      Instant start = end.minus(Duration.ofDays(5));
      String kql =
          KqlRenderer.render(
              QueryRewriter.bindTimeWindow(
                  KqlParser.parse(rule), start, end.minus(Duration.ofNanos(100))));
      try (Connector connector = cache.connector(settings)) {
        connector.run(kql, new TimeWindow(start, end));
      }
    }
    return Duration.ofNanos(System.nanoTime() - started).toMillis();
  }

  private static long rows(LocalTelemetryCache cache, ConnectorSettings settings) throws Exception {
    try (Connector connector = cache.connector(settings)) {
      return connector
          .run("DeviceNetworkEvents | count", new TimeWindow(NOW.minus(Duration.ofDays(30)), NOW))
          .table()
          .rowCount();
    }
  }

  private static ConnectorSettings settings(Path folder) {
    return ConnectorSettings.builder("t")
        .property(ConnectorSettings.DATABASE, folder.toString())
        .build();
  }

  private static Path copyOf(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
