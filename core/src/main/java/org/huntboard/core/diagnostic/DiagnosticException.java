package org.huntboard.core.diagnostic;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when input cannot be used; carries the located problems. Its message is the formatted
 * problems, fit to print as they are.
 */
public class DiagnosticException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public DiagnosticException(List<Diagnostic> diagnostics) {
    super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public DiagnosticException(Diagnostic diagnostic) {
    this(List.of(diagnostic));
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The first problem. */
  public Diagnostic first() {
    return diagnostics.get(0);
  }
}
