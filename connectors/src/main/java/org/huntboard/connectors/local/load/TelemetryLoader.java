package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;

/**
 * Loads one telemetry file into a table: JSON lines ({@code .jsonl}, {@code .ndjson}), a saved API
 * response ({@code .json}: Graph, legacy Defender or Log Analytics body; a {@code .json} file that
 * is a row object per line is read as JSON lines) or the Defender portal's CSV export ({@code
 * .csv}); any of them gzip-compressed when the name ends in {@code .gz}.
 */
public final class TelemetryLoader {

  /** Diagnostic code of a file that cannot be read at all. */
  public static final String IO = "DATA-IO";

  private static final Set<String> RESPONSE_KEYS =
      Set.of("schema", "results", "tables", "stats", "@odata.context");

  private final JsonFactory json = new JsonFactory();
  private final LoadOptions options;

  public TelemetryLoader(LoadOptions options) {
    this.options = options;
  }

  /**
   * The table a file holds: its name up to the first dot ({@code DeviceNetworkEvents.jsonl.gz}).
   */
  public static String tableOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** Whether a file name has one of the extensions this loader reads. */
  public static boolean isTelemetryFile(Path file) {
    String name = baseName(file);
    return name.endsWith(".jsonl")
        || name.endsWith(".ndjson")
        || name.endsWith(".json")
        || name.endsWith(".csv");
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  /**
   * Loads {@code file} into {@code layout}'s table, handing every accepted row to {@code sink}.
   *
   * @throws DiagnosticException located at file, line and column, for a strict load's first problem
   *     or a file that cannot be read
   */
  public FileReport load(Path file, TableLayout layout, RowSink sink) {
    String label = file.toString();
    FileLoad load = new FileLoad(label, layout, sink, options);
    String name = baseName(file);
    try (InputStream raw = open(file)) {
      if (name.endsWith(".csv")) {
        new CsvReader(new InputStreamReader(raw, StandardCharsets.UTF_8)).read(load);
        return load.report(TelemetryFormat.CSV.label());
      }
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        new JsonLinesReader(json).read(raw, new byte[0], load);
        return load.report(TelemetryFormat.JSON_LINES.label());
      }
      byte[] prefix = raw.readNBytes(64 * 1024);
      if (isResponseBody(prefix)) {
        ResponseBodyReader reader = new ResponseBodyReader();
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(prefix), raw);
        try (JsonParser parser = json.createParser(all)) {
          reader.read(parser, load);
        } catch (JsonProcessingException e) {
          JsonLocation at = e.getLocation();
          throw load.fatal(
              FileLoad.SYNTAX,
              at == null ? 1 : at.getLineNr(),
              at == null ? 1 : at.getColumnNr(),
              "malformed JSON: " + e.getOriginalMessage());
        }
        return load.report(reader.format().label());
      }
      new JsonLinesReader(json).read(raw, prefix, load);
      return load.report(TelemetryFormat.JSON_LINES.label());
    } catch (ZipException e) {
      throw ioProblem(label, "not a readable gzip file: " + e.getMessage());
    } catch (IOException e) {
      throw ioProblem(label, "cannot read: " + e.getMessage());
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedInputStream(in, 1 << 16);
  }

  /**
   * Whether a {@code .json} file starts as a response body: its first key is one a response has
   * ({@code schema}, {@code results}, {@code tables}, ...), rather than a column of a row.
   */
  private boolean isResponseBody(byte[] prefix) {
    try (JsonParser parser = json.createParser(prefix)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return true; // not a row object: let the body reader say what it expected
      }
      String first = parser.nextFieldName();
      return first == null || RESPONSE_KEYS.contains(first.toLowerCase(Locale.ROOT));
    } catch (IOException e) {
      return false; // let the reader locate the problem
    }
  }

  private static DiagnosticException ioProblem(String file, String message) {
    return new DiagnosticException(
        new Diagnostic(
            Diagnostic.Severity.ERROR, IO, message, new SourceLocation(file, 1, 1), null));
  }

  /** Reports of several files, for printing. */
  public static String summary(List<FileReport> reports) {
    StringBuilder out = new StringBuilder();
    for (FileReport r : reports) {
      out.append(r.file())
          .append(": ")
          .append(r.rows())
          .append(" rows into ")
          .append(r.table())
          .append(" (")
          .append(r.format())
          .append(")");
      if (r.rejected() > 0) {
        out.append(", ").append(r.rejected()).append(" rejected");
      }
      out.append('\n');
      for (Diagnostic d : r.problems()) {
        out.append("  ").append(d.headline()).append('\n');
      }
    }
    return out.toString();
  }
}
