package org.huntboard.web.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field
 * quoted when it holds a comma, a double quote, CR or LF, and a double quote inside a quoted field
 * doubled.
 *
 * <p>Exported text comes from telemetry, which an attacker controls, and the files are opened in
 * spreadsheets. A text field that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or
 * a carriage return would be read there as a formula (or, after a tab or CR, as the start of one),
 * so such a field gets a leading apostrophe, which spreadsheets take as "this is text". Numbers and
 * instants written by Huntboard itself go out as they are (a negative number stays a number).
 */
final class CsvWriter {

  private final Writer out;

  CsvWriter(Writer out) {
    this.out = out;
  }

  /** Writes one record of text fields; null is an empty field. */
  void record(List<?> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      Object field = fields.get(i);
      if (field == null) {
        continue;
      }
      out.write(
          field instanceof Number || field instanceof Boolean
              ? field.toString()
              : quoted(neutralised(field.toString())));
    }
    out.write("\r\n");
  }

  /** The text with a leading apostrophe when a spreadsheet would take it for a formula. */
  static String neutralised(String text) {
    if (text.isEmpty()) {
      return text;
    }
    char first = text.charAt(0);
    return switch (first) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
      default -> text;
    };
  }

  /** The field as RFC 4180 writes it: in double quotes when it must be, quotes doubled. */
  static String quoted(String text) {
    boolean needsQuotes = false;
    for (int i = 0; i < text.length() && !needsQuotes; i++) {
      char c = text.charAt(i);
      needsQuotes = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
