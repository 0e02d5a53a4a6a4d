package org.huntboard.core.rule;

import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.Diagnostic.Severity;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;

/** Builds located rule problems with the offending line of the file and a caret under the place. */
final class RuleDiagnostics {

  private RuleDiagnostics() {}

  static Diagnostic error(SourceText file, SourceLocation at, String code, String message) {
    return new Diagnostic(Severity.ERROR, code, message, at, excerpt(file, at));
  }

  /** The file's line at {@code at}, and a caret under its column (tabs kept so it lines up). */
  static String excerpt(SourceText file, SourceLocation at) {
    if (file == null || at.line() < 1 || at.line() > file.line(file.text().length())) {
      return "";
    }
    String line = file.lineText(at.line());
    StringBuilder pad = new StringBuilder();
    for (int i = 0; i < at.column() - 1; i++) {
      pad.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
    }
    return line + "\n" + pad + "^";
  }
}
