package org.huntboard.connectors.local.load;

/**
 * How strict a load is. Strict (the default) stops at the first malformed line or value that does
 * not fit its type; lenient skips such a row, counts it and keeps the first {@code
 * maxReportedProblems} problems for the report — a row is never dropped without being counted.
 */
public record LoadOptions(boolean lenient, int maxReportedProblems) {

  public static LoadOptions strict() {
    return new LoadOptions(false, 0);
  }

  public static LoadOptions lenientReporting() {
    return new LoadOptions(true, 20);
  }
}
