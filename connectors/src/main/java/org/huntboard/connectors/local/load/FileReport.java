package org.huntboard.connectors.local.load;

import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;

/**
 * What loading one file did: rows accepted, rows rejected (lenient loads only) and the first
 * problems, each located by file, line and column.
 */
public record FileReport(
    String file, String table, String format, long rows, long rejected, List<Diagnostic> problems) {

  public FileReport {
    problems = List.copyOf(problems);
  }
}
