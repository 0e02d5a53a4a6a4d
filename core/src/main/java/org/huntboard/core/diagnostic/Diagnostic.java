package org.huntboard.core.diagnostic;

/**
 * One problem found in a query, rule or exclusion, with where it is. {@code code} is a short stable
 * identifier (e.g. {@code KQL-SYNTAX}, {@code KQL-UNKNOWN-COLUMN}, {@code RULE-ID}) that tests and
 * the API can rely on; {@code message} is for people.
 */
public record Diagnostic(
    Severity severity, String code, String message, SourceLocation location, String excerpt) {

  /** How bad a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  /** {@code file:line:column: message}, the form every Huntboard tool prints. */
  public String headline() {
    return (location == null ? "" : location + ": ")
        + (severity == Severity.WARNING ? "warning: " : "")
        + message;
  }

  /** The headline, then the offending line with a caret under the place, when known. */
  public String format() {
    return excerpt == null || excerpt.isEmpty() ? headline() : headline() + "\n" + excerpt;
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return headline();
  }
}
