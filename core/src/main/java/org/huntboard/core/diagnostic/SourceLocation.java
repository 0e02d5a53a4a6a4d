package org.huntboard.core.diagnostic;

/** A place in a named text: 1-based line and column. */
public record SourceLocation(String file, int line, int column) {

  /** {@code file:line:column}, or {@code line:column} when there is no file name. */
  @Override
  public String toString() {
    return (file == null || file.isEmpty() ? "" : file + ":") + line + ":" + column;
  }
}
