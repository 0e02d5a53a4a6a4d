package org.huntboard.connectors.local.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * A folder of telemetry files loaded as a database: every {@code <Table>.<ext>} file ({@code
 * .jsonl}, {@code .ndjson}, {@code .json}, {@code .csv}, each optionally {@code .gz}) becomes the
 * table named before the first dot; several files of one table ({@code
 * DeviceNetworkEvents.part1.jsonl}) are appended in name order. The generator's {@code
 * manifest.json} and files of other extensions are not tables.
 */
public record TelemetryDatabase(Map<String, Table> tables, List<FileReport> reports) {

  /** The file the generator writes beside the tables; never loaded as a table. */
  public static final String MANIFEST = "manifest.json";

  /**
   * Loads every telemetry file of {@code folder}, typing columns by the tables of {@code schemas}
   * (a table it lacks takes its columns and types from the files).
   */
  public static TelemetryDatabase load(Path folder, SchemaCatalog schemas, LoadOptions options) {
    if (!Files.isDirectory(folder)) {
      throw new DiagnosticException(
          new Diagnostic(
              Diagnostic.Severity.ERROR,
              TelemetryLoader.IO,
              "not a folder of telemetry files",
              new SourceLocation(folder.toString(), 1, 1),
              null));
    }
    Map<String, List<Path>> byTable = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(Files::isRegularFile)
          .filter(TelemetryLoader::isTelemetryFile)
          .filter(f -> !f.getFileName().toString().equals(MANIFEST))
          .sorted()
          .forEach(
              f ->
                  byTable
                      .computeIfAbsent(TelemetryLoader.tableOf(f), t -> new ArrayList<>())
                      .add(f));
    } catch (IOException e) {
      throw new DiagnosticException(
          new Diagnostic(
              Diagnostic.Severity.ERROR,
              TelemetryLoader.IO,
              "cannot list the folder: " + e.getMessage(),
              new SourceLocation(folder.toString(), 1, 1),
              null));
    }
    TelemetryLoader loader = new TelemetryLoader(options);
    Map<String, Table> tables = new LinkedHashMap<>();
    List<FileReport> reports = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : byTable.entrySet()) {
      Optional<TableSchema> schema = schemas.table(e.getKey());
      TableLayout layout =
          new TableLayout(
              e.getKey(), schema.map(TableSchema::columns).orElse(List.of()), schema.isPresent());
      TableAssembler assembler = new TableAssembler(layout);
      for (Path file : e.getValue()) {
        reports.add(loader.load(file, layout, assembler));
      }
      tables.put(e.getKey(), assembler.build());
    }
    return new TelemetryDatabase(tables, reports);
  }

  /** Rows rejected by a lenient load, over all files. */
  public long rejected() {
    return reports.stream().mapToLong(FileReport::rejected).sum();
  }
}
