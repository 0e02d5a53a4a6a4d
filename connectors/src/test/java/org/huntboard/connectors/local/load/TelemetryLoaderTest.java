package org.huntboard.connectors.local.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryLoaderTest {

  /** A small DeviceNetworkEvents-like schema, so these tests do not depend on shared files. */
  static final SchemaCatalog SCHEMAS =
      SchemaCatalog.of(
          List.of(
              new TableSchema(
                  "Net",
                  List.of(
                      new ColumnSchema("Timestamp", ScalarType.DATETIME),
                      new ColumnSchema("DeviceName", ScalarType.STRING),
                      new ColumnSchema("RemotePort", ScalarType.INT),
                      new ColumnSchema("ReportId", ScalarType.LONG),
                      new ColumnSchema("IsRemote", ScalarType.BOOL),
                      new ColumnSchema("Score", ScalarType.REAL),
                      new ColumnSchema("Duration", ScalarType.TIMESPAN),
                      new ColumnSchema("Extra", ScalarType.DYNAMIC),
                      new ColumnSchema("Id", ScalarType.GUID)))));

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private Table loadOne(Path file, LoadOptions options) {
    return TelemetryDatabase.load(file.getParent(), SCHEMAS, options).tables().get("Net");
  }

  @Test
  void readsJsonLinesTypedBySchemaWithMissingColumnsEmpty() throws IOException {
    Path file =
        write(
            "Net.jsonl",
            """
            {"Timestamp":"2024-02-15T08:01:02.1234567Z","DeviceName":"pc-01","RemotePort":5900,"ReportId":7,"IsRemote":true}
            {"Timestamp":"2024-02-15T09:00:00Z","DeviceName":null,"RemotePort":null,"Score":1.5,"Duration":"1.02:03:04.5","Extra":{"a":[1,2]},"Id":"a3b1c2d4-0000-4000-8000-000000000001"}

            """);
    Table t = loadOne(file, LoadOptions.strict());

    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.columnNames())
        .containsExactly(
            "Timestamp",
            "DeviceName",
            "RemotePort",
            "ReportId",
            "IsRemote",
            "Score",
            "Duration",
            "Extra",
            "Id");
    assertThat(t.value(0, "Timestamp")).isEqualTo(Instant.parse("2024-02-15T08:01:02.1234567Z"));
    assertThat(t.value(0, "RemotePort")).isEqualTo(5900);
    assertThat(t.value(0, "ReportId")).isEqualTo(7L);
    assertThat(t.value(0, "IsRemote")).isEqualTo(true);
    assertThat(t.value(0, "Score")).isNull();
    assertThat(t.value(0, "Extra")).isNull();
    assertThat(t.value(1, "DeviceName")).isEqualTo("");
    assertThat(t.value(1, "RemotePort")).isNull();
    assertThat(t.value(1, "Score")).isEqualTo(1.5);
    assertThat(t.value(1, "Duration")).isEqualTo(java.time.Duration.parse("P1DT2H3M4.5S"));
    assertThat(t.value(1, "Extra").toString()).isEqualTo("{\"a\":[1,2]}");
    assertThat(t.value(1, "Id").toString()).isEqualTo("a3b1c2d4-0000-4000-8000-000000000001");
  }

  @Test
  void rejectsValueThatDoesNotFitItsTypeWithFileLineAndColumn() throws IOException {
    Path file =
        write(
            "Net.jsonl",
            """
            {"DeviceName":"pc-01","RemotePort":5900}
            {"DeviceName":"pc-02","RemotePort":"vnc"}
            """);

    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .isInstanceOf(DiagnosticException.class)
        .hasMessage(
            file + ":2:36: column RemotePort: expected an int (32-bit integer), found \"vnc\"");
  }

  @Test
  void rejectsIntOutOfRangeAndFractionalLong() throws IOException {
    Path file = write("Net.jsonl", "{\"RemotePort\":3000000000}\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessageContaining(":1:15: column RemotePort: expected an int")
        .hasMessageContaining("out of range");

    Files.writeString(file, "{\"ReportId\":1.5}\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessageContaining(":1:13: column ReportId: expected a long");
  }

  @Test
  void rejectsMalformedLineWithItsNumber() throws IOException {
    Path file =
        write(
            "Net.jsonl",
            """
            {"DeviceName":"pc-01"}
            {"DeviceName":"pc-02"}
            {"DeviceName":"pc-03",
            """);

    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageStartingWith(file + ":3:")
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void rejectsTwoObjectsOnOneLine() throws IOException {
    Path file = write("Net.jsonl", "{\"DeviceName\":\"a\"} {\"DeviceName\":\"b\"}\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessage(file + ":1:20: unexpected text after the row object (one row object per line)");
  }

  @Test
  void lenientLoadCountsAndReportsEveryRejectedRow() throws IOException {
    Path file =
        write(
            "Net.jsonl",
            """
            {"DeviceName":"pc-01","RemotePort":1}
            {"DeviceName":"pc-02","RemotePort":"x"}
            not json
            {"DeviceName":"pc-04","Timestamp":"yesterday"}
            {"DeviceName":"pc-05","RemotePort":5}
            """);

    TelemetryDatabase db = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.lenientReporting());

    Table t = db.tables().get("Net");
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(List.of(t.value(0, "DeviceName"), t.value(1, "DeviceName")))
        .containsExactly("pc-01", "pc-05");
    FileReport report = db.reports().get(0);
    assertThat(report.rows()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(3);
    assertThat(report.problems()).extracting(d -> d.location().line()).containsExactly(2, 3, 4);
    assertThat(report.problems().get(2).message())
        .startsWith("column Timestamp: expected an ISO 8601 datetime");
    assertThat(TelemetryLoader.summary(db.reports()))
        .contains("2 rows into Net (json lines), 3 rejected");
  }

  @Test
  void readsGzipCompressedJsonLines() throws IOException {
    Path file = dir.resolve("Net.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < 5000; i++) {
        out.write(("{\"DeviceName\":\"pc-" + (i % 7) + "\",\"ReportId\":" + i + "}\n").getBytes());
      }
    }
    Table t = loadOne(file, LoadOptions.strict());
    assertThat(t.rowCount()).isEqualTo(5000);
    assertThat(t.value(4999, "ReportId")).isEqualTo(4999L);
    assertThat(t.value(4999, "DeviceName")).isEqualTo("pc-" + (4999 % 7));
  }

  @Test
  void reportsCorruptGzipAsDataError() throws IOException {
    Path file = write("Net.jsonl.gz", "not gzip at all");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageStartingWith(file + ":1:1: not a readable gzip file");
  }

  @Test
  void readsGraphHuntingResponseWithEitherCaseOfSchemaKeys() throws IOException {
    write(
        "Net.json",
        """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults",
          "schema": [
            {"name": "Timestamp", "type": "DateTime"},
            {"Name": "DeviceName", "Type": "String"},
            {"name": "Bytes", "type": "Int64"}
          ],
          "results": [
            {"Timestamp": "2024-02-15T08:01:02Z", "DeviceName": "pc-01", "Bytes": 10},
            {"Timestamp": "2024-02-15T08:01:03Z", "DeviceName": "pc-02", "Bytes": 20}
          ]
        }
        """);
    TelemetryDatabase db = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.strict());
    Table t = db.tables().get("Net");

    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.column("Bytes").type()).isEqualTo(ScalarType.LONG);
    assertThat(t.value(1, "Bytes")).isEqualTo(20L);
    assertThat(t.value(1, "DeviceName")).isEqualTo("pc-02");
    assertThat(db.reports().get(0).format()).isEqualTo("hunting response");
  }

  @Test
  void readsLegacyDefenderResponse() throws IOException {
    write(
        "Net.json",
        """
        {"Stats": {"ExecutionTime": 0.1},
         "Schema": [{"Name": "DeviceName", "Type": "String"}, {"Name": "RemotePort", "Type": "Int32"}],
         "Results": [{"DeviceName": "pc-01", "RemotePort": 443}]}
        """);
    Table t = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.strict()).tables().get("Net");
    assertThat(t.rowCount()).isEqualTo(1);
    assertThat(t.value(0, "RemotePort")).isEqualTo(443);
  }

  @Test
  void locatesBadValueInsideResponseBodyByLine() throws IOException {
    Path file =
        write(
            "Net.json",
            """
            {"schema": [],
             "results": [
              {"DeviceName": "pc-01"},
              {"DeviceName": "pc-02", "IsRemote": "maybe"}
             ]}
            """);
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessage(file + ":4:39: column IsRemote: expected true or false, found \"maybe\"");
  }

  @Test
  void readsLogAnalyticsResponseWithDynamicAsJsonText() throws IOException {
    write(
        "Net.json",
        """
        {"tables": [{"name": "PrimaryResult",
          "columns": [{"name": "DeviceName", "type": "string"}, {"name": "Extra", "type": "dynamic"},
                      {"name": "TimeGenerated", "type": "datetime"}, {"name": "Timestamp", "type": "datetime"}],
          "rows": [["pc-01", "{\\"k\\":1}", "2024-02-15T08:00:00Z", "2024-02-15T07:59:59.5Z"],
                   ["pc-02", null, null, null]]}]}
        """);
    Table t = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.strict()).tables().get("Net");

    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.value(0, "Extra").toString()).isEqualTo("{\"k\":1}");
    assertThat(t.column("TimeGenerated").type()).isEqualTo(ScalarType.DATETIME);
    assertThat(t.value(0, "Timestamp")).isEqualTo(Instant.parse("2024-02-15T07:59:59.5Z"));
    assertThat(t.value(1, "TimeGenerated")).isNull();
  }

  @Test
  void rejectsLogAnalyticsRowWithWrongCellCount() throws IOException {
    Path file =
        write(
            "Net.json",
            """
            {"tables": [{"name": "PrimaryResult",
              "columns": [{"name": "DeviceName", "type": "string"}, {"name": "RemotePort", "type": "int"}],
              "rows": [["pc-01", 1],
                       ["pc-02"]]}]}
            """);
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessage(file + ":4:12: a row has 1 cells but the table has 2 columns");
  }

  @Test
  void readsPortalCsvExportWithQuotedCommasQuotesAndLineBreaks() throws IOException {
    write(
        "Net.csv",
        "\uFEFFTimestamp,DeviceName,RemotePort,Extra,Comment\r\n"
            + "2024-02-15T08:01:02.1234567Z,pc-01,5900,\"{\"\"a\"\":1}\",\"line one\r\nline two, \"\"quoted\"\"\"\r\n"
            + "2024-02-15T08:01:03Z,\"pc,02\",,,\r\n");
    Table t = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.strict()).tables().get("Net");

    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.value(0, "Comment")).isEqualTo("line one\r\nline two, \"quoted\"");
    assertThat(t.value(0, "Extra").toString()).isEqualTo("{\"a\":1}");
    assertThat(t.value(0, "RemotePort")).isEqualTo(5900);
    assertThat(t.value(1, "DeviceName")).isEqualTo("pc,02");
    assertThat(t.value(1, "RemotePort")).isNull();
    assertThat(t.value(1, "Comment")).isEqualTo("");
  }

  @Test
  void locatesCsvErrorsAfterMultiLineFieldsByPhysicalLine() throws IOException {
    Path file =
        write(
            "Net.csv",
            "DeviceName,Comment,RemotePort\n" + "pc-01,\"two\nlines\",1\n" + "pc-02,x,port\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessage(
            file + ":4:9: column RemotePort: expected an int (32-bit integer), found \"port\"");
  }

  @Test
  void rejectsCsvRecordWithWrongFieldCountAndUnclosedQuote() throws IOException {
    Path file = write("Net.csv", "DeviceName,RemotePort\npc-01,1,extra\npc-02,\"2\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessage(file + ":2:1: the record has 3 fields but the header has 2");

    TelemetryDatabase db = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.lenientReporting());
    assertThat(db.rejected()).isEqualTo(2);
    assertThat(db.reports().get(0).problems().get(1).headline())
        .isEqualTo(file + ":3:7: a quoted field is not closed before the end of the file");
  }

  @Test
  void appendsSeveralFilesOfOneTableAndKeepsUnknownTablesWithInferredTypes() throws IOException {
    write("Net.a.jsonl", "{\"DeviceName\":\"a\"}\n");
    write("Net.b.csv", "DeviceName,RemotePort\nb,2\n");
    write("Custom.jsonl", "{\"n\":1,\"s\":\"x\",\"d\":[1]}\n{\"n\":2}\n");
    write("manifest.json", "{\"not\":\"a table\"}");
    write("notes.txt", "ignored");

    TelemetryDatabase db = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.strict());

    assertThat(db.tables()).containsOnlyKeys("Custom", "Net");
    Table net = db.tables().get("Net");
    assertThat(net.rowCount()).isEqualTo(2);
    assertThat(net.value(1, "RemotePort")).isEqualTo(2);
    Table custom = db.tables().get("Custom");
    assertThat(custom.columnTypes())
        .containsExactly(ScalarType.LONG, ScalarType.STRING, ScalarType.DYNAMIC);
    assertThat(custom.value(1, "s")).isEqualTo("");
  }

  @Test
  void decodesEscapesUnicodeAndOddKeyOrderExactlyAsJsonDefines() throws IOException {
    write(
        "Net.jsonl",
        "{\"Id\":null,\"DeviceName\":\"C:\\\\Users\\\\x \\\"q\\\" \\u00e9\\ud83d\\ude00\\t\",\"RemotePort\":-7}\n"
            + "{ \"ReportId\" : 9007199254740993 , \"DeviceName\" : \"caf\u00e9 \u65e5\u672c\" , \"Score\" : -1.25e2 }\n"
            + "{\"DeviceName\":12,\"IsRemote\":false,\"Extra\":\"plain text\"}\n"
            + "{}\n");
    Table t = TelemetryDatabase.load(dir, SCHEMAS, LoadOptions.strict()).tables().get("Net");

    assertThat(t.rowCount()).isEqualTo(4);
    assertThat(t.value(0, "DeviceName")).isEqualTo("C:\\Users\\x \"q\" \u00e9\ud83d\ude00\t");
    assertThat(t.value(0, "RemotePort")).isEqualTo(-7);
    assertThat(t.value(0, "Id")).isNull();
    assertThat(t.value(1, "ReportId")).isEqualTo(9007199254740993L);
    assertThat(t.value(1, "DeviceName")).isEqualTo("caf\u00e9 \u65e5\u672c");
    assertThat(t.value(1, "Score")).isEqualTo(-125.0);
    assertThat(t.value(2, "DeviceName")).isEqualTo("12");
    assertThat(t.value(2, "IsRemote")).isEqualTo(false);
    assertThat(t.value(2, "Extra").toString()).isEqualTo("\"plain text\"");
    assertThat(t.value(3, "DeviceName")).isEqualTo("");
  }

  @Test
  void rejectsRawControlCharacterAndBadEscapeInsideAString() throws IOException {
    Path file = write("Net.jsonl", "{\"DeviceName\":\"a\u0001b\"}\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessageStartingWith(file + ":1:")
        .hasMessageContaining("malformed JSON");
    Files.writeString(file, "{\"DeviceName\":\"a\\qb\"}\n");
    assertThatThrownBy(() -> loadOne(file, LoadOptions.strict()))
        .hasMessageStartingWith(file + ":1:")
        .hasMessageContaining("malformed JSON");
  }
}
