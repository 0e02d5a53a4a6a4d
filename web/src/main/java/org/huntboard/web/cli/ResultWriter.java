package org.huntboard.web.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.Table;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Prints a result table as an aligned text table, as JSON ({@code {"columns":[{"name","type"}],
 * "rows":[[...]]}}: datetimes ISO-8601 UTC, dynamic values as JSON) or as RFC 4180 CSV.
 *
 * <p>Cells come from telemetry and are attacker-controlled: the text table shows control characters
 * as escapes ({@code \n}, {@code \u001b}) so a value cannot move the cursor or recolour the
 * terminal; JSON and CSV keep values exact, quoted as their formats require.
 */
final class ResultWriter {

  enum Format {
    TABLE,
    JSON,
    CSV
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultWriter() {}

  static void write(Table table, Format format, PrintStream out) throws IOException {
    switch (format) {
      case TABLE -> text(table, out);
      case JSON -> json(table, out);
      case CSV -> csv(table, out);
      default -> throw new IllegalStateException("unhandled format " + format);
    }
    out.flush();
  }

  private static void text(Table table, PrintStream out) {
    int n = table.columnCount();
    int[] widths = new int[n];
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[n];
    for (int c = 0; c < n; c++) {
      header[c] = escapeControls(table.columnName(c));
      widths[c] = header[c].length();
    }
    for (int r = 0; r < table.rowCount(); r++) {
      String[] row = new String[n];
      for (int c = 0; c < n; c++) {
        row[c] = escapeControls(table.column(c).format(r));
        widths[c] = Math.max(widths[c], row[c].length());
      }
      cells.add(row);
    }
    StringBuilder line = new StringBuilder();
    appendRow(line, header, widths);
    out.println(line);
    line.setLength(0);
    for (int c = 0; c < n; c++) {
      if (c > 0) {
        line.append("  ");
      }
      line.append("-".repeat(widths[c]));
    }
    out.println(line);
    for (String[] row : cells) {
      line.setLength(0);
      appendRow(line, row, widths);
      out.println(line);
    }
    out.println("(" + table.rowCount() + (table.rowCount() == 1 ? " row)" : " rows)"));
  }

  private static void appendRow(StringBuilder line, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      line.append(cells[c]);
      if (c < cells.length - 1) {
        line.append(" ".repeat(widths[c] - cells[c].length()));
      }
    }
    // No trailing blanks: strip what the last padded cells left.
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    line.setLength(end);
  }

  /** Shows C0 and C1 control characters (and DEL) as escapes. */
  static String escapeControls(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean control = ch < 0x20 || (ch >= 0x7f && ch < 0xa0);
      if (control) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        switch (ch) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> sb.append(String.format("\\u%04x", (int) ch));
        }
      } else if (sb != null) {
        sb.append(ch);
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static void json(Table table, PrintStream out) throws IOException {
    Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeArrayFieldStart("columns");
      for (int c = 0; c < table.columnCount(); c++) {
        g.writeStartObject();
        g.writeStringField("name", table.columnName(c));
        g.writeStringField("type", table.column(c).type().kqlName());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rows");
      for (int r = 0; r < table.rowCount(); r++) {
        g.writeStartArray();
        for (int c = 0; c < table.columnCount(); c++) {
          writeCell(g, table.column(c), r);
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    w.write('\n');
    w.flush();
  }

  private static void writeCell(JsonGenerator g, Column column, int row) throws IOException {
    if (column.isNull(row)) {
      g.writeNull();
      return;
    }
    ScalarType type = column.type();
    switch (type) {
      case DATETIME -> g.writeString(Ticks.formatDatetime(((LongColumn) column).getLong(row)));
      case TIMESPAN -> g.writeString(column.format(row));
      case LONG, INT -> g.writeNumber(((Number) column.get(row)).longValue());
      case REAL, DECIMAL -> {
        double d = ((Number) column.get(row)).doubleValue();
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeString(Double.toString(d)); // JSON has no NaN or infinity
        }
      }
      case BOOL -> g.writeBoolean((Boolean) column.get(row));
      case DYNAMIC -> MAPPER.writeTree(g, (JsonNode) column.get(row));
      default -> g.writeString(column.format(row));
    }
  }

  private static void csv(Table table, PrintStream out) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < table.columnCount(); c++) {
      if (c > 0) {
        line.append(',');
      }
      line.append(csvField(table.columnName(c)));
    }
    out.print(line.append("\r\n"));
    for (int r = 0; r < table.rowCount(); r++) {
      line.setLength(0);
      for (int c = 0; c < table.columnCount(); c++) {
        if (c > 0) {
          line.append(',');
        }
        line.append(csvField(table.column(c).format(r)));
      }
      out.print(line.append("\r\n"));
    }
  }

  private static String csvField(String v) {
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char ch = v.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
