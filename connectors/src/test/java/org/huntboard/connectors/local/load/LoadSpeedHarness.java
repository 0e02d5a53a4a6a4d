package org.huntboard.connectors.local.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * Times the generator and the JSON-lines loader on generated DeviceNetworkEvents, run by hand (not
 * a test): {@code java -cp ... LoadSpeedHarness DIR [DEVICES] [RUNS]}. The benchmark settings are
 * those of {@code huntboard bench engine}: 5 days, 200 network events per device and day, seed 7.
 */
final class LoadSpeedHarness {
  // The machine is shared: thread CPU time says what the loader costs whatever else runs.
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LoadSpeedHarness() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path file = dir.resolve("DeviceNetworkEvents.jsonl");
    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
      String shared = System.getProperty("huntboard.shared.dir", "../shared");
      Path tools = Path.of(shared, "data/corpus/rmm/tools.csv");
      long g = System.nanoTime();
      TelemetryGenerator.generate(
          new GeneratorOptions(
              dir,
              devices,
              5,
              7,
              Instant.parse("2026-03-06T12:00:00Z"),
              200,
              Files.isRegularFile(tools) ? tools : null));
      System.out.printf(Locale.ROOT, "generate: %.2f s%n", (System.nanoTime() - g) / 1e9);
    }
    TableSchema schema =
        SchemaCatalog.builtIn(Dialect.DEFENDER).table("DeviceNetworkEvents").orElseThrow();
    for (int run = 0; run < runs; run++) {
      long t0 = System.nanoTime();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      TableLayout layout = new TableLayout(schema.name(), schema.columns(), true);
      TableAssembler assembler = new TableAssembler(layout);
      new TelemetryLoader(LoadOptions.strict()).load(file, layout, assembler);
      Table table = assembler.build();
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "load run %d: %,d rows in %.3f s = %,.0f rows/s; thread CPU %.3f s = %,.0f rows/s"
              + " (%,d bytes)%n",
          run,
          table.rowCount(),
          s,
          table.rowCount() / s,
          cpu,
          table.rowCount() / cpu,
          Files.size(file));
    }
  }
}
