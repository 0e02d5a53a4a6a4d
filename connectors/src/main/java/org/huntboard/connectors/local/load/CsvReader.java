package org.huntboard.connectors.local.load;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.schema.ColumnSchema;

/**
 * Reads the Defender portal's CSV export: a header row of column names, then one record per row,
 * RFC 4180 quoting ({@code "a ""quoted"" value"}, commas and line breaks inside quotes). An empty
 * field is an empty cell: {@code ""} in a string column, null in any other.
 */
final class CsvReader {

  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private long column = 1;

  // The record being read.
  private final List<String> fields = new ArrayList<>();
  private final List<long[]> fieldStarts = new ArrayList<>();
  private String syntaxProblem;
  private long[] syntaxAt;
  private final StringBuilder field = new StringBuilder();

  CsvReader(Reader in) {
    this.in = in;
  }

  void read(FileLoad load) throws IOException {
    skipByteOrderMark();
    long headerLine = line;
    if (!nextRecord()) {
      throw load.fatal(FileLoad.SHAPE, 1, 1, "the file is empty; expected a header row");
    }
    if (syntaxProblem != null) {
      throw load.fatal(FileLoad.SYNTAX, syntaxAt[0], syntaxAt[1], syntaxProblem);
    }
    int[] columns = new int[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).trim();
      if (name.isEmpty()) {
        throw load.fatal(
            FileLoad.SHAPE,
            headerLine,
            fieldStarts.get(i)[1],
            "header: column " + (i + 1) + " has no name");
      }
      int index = load.layout().indexOf(name);
      columns[i] = index >= 0 ? index : load.addColumn(name, ScalarType.STRING);
    }
    while (true) {
      long recordLine = line;
      if (!nextRecord()) {
        return;
      }
      if (fields.size() == 1 && fields.get(0).isEmpty() && syntaxProblem == null) {
        continue; // a blank line
      }
      if (syntaxProblem != null) {
        load.problem(FileLoad.SYNTAX, syntaxAt[0], syntaxAt[1], syntaxProblem);
        continue;
      }
      if (fields.size() != columns.length) {
        load.problem(
            FileLoad.SHAPE,
            recordLine,
            1,
            "the record has " + fields.size() + " fields but the header has " + columns.length);
        continue;
      }
      DecodedRow row = load.startRow();
      boolean ok = true;
      for (int i = 0; i < columns.length; i++) {
        ColumnSchema spec = load.layout().column(columns[i]);
        try {
          ValueDecoder.decodeText(row, columns[i], spec.type(), fields.get(i));
        } catch (ValueDecoder.ValueException e) {
          long[] at = fieldStarts.get(i);
          load.problem(
              FileLoad.VALUE, at[0], at[1], "column " + spec.name() + ": " + e.getMessage());
          ok = false;
          break;
        }
      }
      if (ok) {
        load.acceptRow();
      }
    }
  }

  private void skipByteOrderMark() throws IOException {
    if (fill() && buf[pos] == '\uFEFF') {
      pos++;
    }
  }

  private boolean fill() throws IOException {
    if (pos < len) {
      return true;
    }
    len = in.read(buf, 0, buf.length);
    pos = 0;
    if (len <= 0) {
      len = 0;
      return false;
    }
    return true;
  }

  /** Reads one record into {@link #fields}; false at the end of the input. */
  private boolean nextRecord() throws IOException {
    fields.clear();
    fieldStarts.clear();
    syntaxProblem = null;
    if (!fill()) {
      return false;
    }
    while (true) {
      field.setLength(0);
      fieldStarts.add(new long[] {line, column});
      boolean quoted = false;
      if (fill() && buf[pos] == '"') {
        quoted = true;
        advance('"');
        readQuoted();
      }
      // Unquoted text, or what follows a closing quote up to the delimiter.
      while (fill()) {
        char c = buf[pos];
        if (c == ',' || c == '\n' || c == '\r') {
          break;
        }
        if (quoted && syntaxProblem == null) {
          syntaxProblem = "text after a closing quote; a quote inside a field is written \"\"";
          syntaxAt = new long[] {line, column};
        } else if (!quoted && c == '"' && syntaxProblem == null) {
          syntaxProblem = "a quote inside an unquoted field; quote the field and write \"\"";
          syntaxAt = new long[] {line, column};
        }
        field.append(c);
        advance(c);
      }
      fields.add(field.toString());
      if (!fill()) {
        return true;
      }
      char c = buf[pos];
      advance(c);
      if (c == ',') {
        continue;
      }
      if (c == '\r' && fill() && buf[pos] == '\n') {
        advance('\n');
      }
      return true;
    }
  }

  private void readQuoted() throws IOException {
    long startLine = line;
    long startColumn = column - 1;
    while (true) {
      if (!fill()) {
        if (syntaxProblem == null) {
          syntaxProblem = "a quoted field is not closed before the end of the file";
          syntaxAt = new long[] {startLine, startColumn};
        }
        return;
      }
      char c = buf[pos];
      advance(c);
      if (c == '"') {
        if (fill() && buf[pos] == '"') {
          advance('"');
          field.append('"');
        } else {
          return;
        }
      } else {
        field.append(c);
      }
    }
  }

  private void advance(char c) {
    pos++;
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
}
