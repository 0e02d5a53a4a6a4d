package org.huntboard.connectors.local.load;

import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * The state of loading one file into one table: where rows go, what was counted, and how a problem
 * is handled (thrown when strict, counted when lenient).
 */
final class FileLoad {

  /** Diagnostic code of a line that is not well-formed JSON or CSV. */
  static final String SYNTAX = "DATA-SYNTAX";

  /** Diagnostic code of a value that does not fit its column's type. */
  static final String VALUE = "DATA-VALUE";

  /** Diagnostic code of a file whose overall shape is not the expected form. */
  static final String SHAPE = "DATA-SHAPE";

  private final String file;
  private final TableLayout layout;
  private final RowSink sink;
  private final LoadOptions options;
  private final DecodedRow row = new DecodedRow();
  private final List<Diagnostic> problems = new ArrayList<>();
  private long rows;
  private long rejected;

  FileLoad(String file, TableLayout layout, RowSink sink, LoadOptions options) {
    this.file = file;
    this.layout = layout;
    this.sink = sink;
    this.options = options;
    row.resize(layout.size());
  }

  String file() {
    return file;
  }

  TableLayout layout() {
    return layout;
  }

  /** A fresh row to fill (all cells empty). */
  DecodedRow startRow() {
    row.resize(layout.size());
    row.clear();
    return row;
  }

  /** Adds a column the schema lacks and widens the current row. */
  int addColumn(String name, ScalarType type) {
    int before = layout.size();
    int index = layout.add(name, type);
    if (layout.size() > before) {
      row.resize(layout.size());
      row.setNull(index);
      sink.columnAdded(layout.column(index));
    }
    return index;
  }

  void acceptRow() {
    sink.accept(row);
    rows++;
  }

  /**
   * Reports a problem at a place: strict loads throw it; lenient loads count the row as rejected
   * and return, so the caller skips the row.
   */
  void problem(String code, long line, long column, String message) {
    Diagnostic d =
        new Diagnostic(
            Diagnostic.Severity.ERROR,
            code,
            message,
            new SourceLocation(
                file, (int) Math.min(line, Integer.MAX_VALUE), (int) Math.max(1, column)),
            null);
    if (!options.lenient()) {
      throw new DiagnosticException(d);
    }
    rejected++;
    if (problems.size() < options.maxReportedProblems()) {
      problems.add(d);
    }
  }

  /** A problem that makes the rest of the file unreadable: thrown even in lenient loads. */
  DiagnosticException fatal(String code, long line, long column, String message) {
    return new DiagnosticException(
        new Diagnostic(
            Diagnostic.Severity.ERROR,
            code,
            message,
            new SourceLocation(
                file, (int) Math.min(line, Integer.MAX_VALUE), (int) Math.max(1, column)),
            null));
  }

  FileReport report(String format) {
    return new FileReport(file, layout.table(), format, rows, rejected, problems);
  }
}
