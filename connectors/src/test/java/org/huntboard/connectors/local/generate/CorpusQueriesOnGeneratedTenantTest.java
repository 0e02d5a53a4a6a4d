package org.huntboard.connectors.local.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.engine.QueryResult;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TelemetryDatabase;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the public RMM corpus that Microsoft's parser and binder accept (per the corpus
 * index) runs on a generated tenant, and the RMM tools the generator planted are found by their own
 * network queries.
 */
class CorpusQueriesOnGeneratedTenantTest {

  static final Instant NOW = Instant.parse("2026-03-06T12:00:00Z");

  @TempDir Path dir;

  @Test
  void everyAcceptedCorpusQueryRunsOnAGeneratedTenant() throws IOException {
    Path corpus =
        Path.of(System.getProperty("huntboard.shared.dir", "../../shared"), "data/corpus/rmm");
    Assumptions.assumeTrue(
        Files.isRegularFile(corpus.resolve("index.csv")),
        "the RMM corpus is not beside the repository (huntboard.shared.dir)");
    TelemetryGenerator.generate(
        new GeneratorOptions(dir, 40, 5, 3, NOW, 40, corpus.resolve("tools.csv")));
    TelemetryDatabase telemetry =
        TelemetryDatabase.load(dir, SchemaCatalog.builtIn(Dialect.DEFENDER), LoadOptions.strict());
    Database db = new Database(telemetry.tables());
    KqlEngine engine =
        new KqlEngine(EngineOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

    List<String> lines = Files.readAllLines(corpus.resolve("index.csv"), StandardCharsets.UTF_8);
    List<String> header = splitCsv(lines.get(0));
    List<String> failures = new ArrayList<>();
    Map<String, Long> netconnHits = new HashMap<>();
    int ran = 0;
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = splitCsv(line);
      if (f.size() < header.size()) {
        continue;
      }
      String file = f.get(header.indexOf("file"));
      boolean accepted =
          f.get(header.indexOf("kusto_syntax_ok")).equals("1")
              && f.get(header.indexOf("kusto_semantic_ok_docs")).equals("1")
              && f.get(header.indexOf("is_template")).equals("0");
      if (!accepted) {
        continue;
      }
      String text = Files.readString(corpus.resolve(file), StandardCharsets.UTF_8);
      try {
        QueryResult r = engine.execute(new SourceText(file, text), db, null);
        if (file.startsWith("azsentinel-yaml/") && file.endsWith("_netconn.kql")) {
          netconnHits.put(f.get(header.indexOf("tool")), (long) r.table().rowCount());
        }
        ran++;
      } catch (RuntimeException e) {
        failures.add(file + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    assertThat(failures).as("corpus queries that fail on the generated tenant").isEmpty();
    assertThat(ran).isGreaterThan(200);
    // The tools the generator gave devices show up in their own network hunt.
    long toolsFound = netconnHits.values().stream().filter(n -> n > 0).count();
    assertThat(toolsFound).as("netconn hunts with detections: " + netconnHits).isPositive();
  }

  /** Splits one CSV record of the index (quoted fields, no line breaks inside). */
  static List<String> splitCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }
}
