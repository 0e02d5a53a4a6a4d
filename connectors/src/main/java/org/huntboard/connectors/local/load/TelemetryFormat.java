package org.huntboard.connectors.local.load;

/** The file forms a SOC has telemetry in, each with the reader for it. */
public enum TelemetryFormat {
  /** One row object per line, as the rows of an Advanced Hunting {@code results} array. */
  JSON_LINES("json lines"),
  /**
   * A Graph {@code runHuntingQuery} response ({@code schema} + {@code results}) or a legacy
   * Defender one ({@code Schema} + {@code Results}).
   */
  HUNTING_RESPONSE("hunting response"),
  /** A Log Analytics query response: {@code {"tables":[{"columns":[..],"rows":[[..]]}]}}. */
  LOG_ANALYTICS_RESPONSE("log analytics response"),
  /** The Defender portal's CSV export: a header row, then RFC 4180 records. */
  CSV("csv");

  private final String label;

  TelemetryFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
