package org.huntboard.web.export;

import org.huntboard.web.api.HuntboardException;

/** The file formats of an export. */
public enum ExportFormat {
  /** RFC 4180 CSV in UTF-8 with a header row, formula-like text neutralised. */
  CSV("text/csv; charset=UTF-8", "csv"),
  /** One JSON object per line (JSON Lines / NDJSON), UTF-8. */
  JSONL("application/x-ndjson; charset=UTF-8", "jsonl");

  private final String mediaType;
  private final String extension;

  ExportFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The Content-Type of the answer. */
  public String mediaType() {
    return mediaType;
  }

  /** The file name extension. */
  public String extension() {
    return extension;
  }

  /** The format a {@code format} parameter names: csv (default), jsonl or ndjson. */
  public static ExportFormat parse(String value) {
    if (value == null || value.isBlank()) {
      return CSV;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "csv" -> CSV;
      case "jsonl", "ndjson", "json-lines" -> JSONL;
      default ->
          throw new HuntboardException.InvalidRequest(
              "format must be csv or jsonl (also ndjson), not '" + value + "'");
    };
  }
}
