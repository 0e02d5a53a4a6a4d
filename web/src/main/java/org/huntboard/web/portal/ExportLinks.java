package org.huntboard.web.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.huntboard.web.portal.detection.DetectionPages;

/**
 * The query strings of the streaming export endpoints ({@code /api/v1/.../export}) for the filters
 * a list page shows, so "export" downloads exactly what the page lists, over all its pages.
 */
public final class ExportLinks {

  private final Map<String, String> parameters = new LinkedHashMap<>();

  private ExportLinks() {}

  /** An empty set of parameters. */
  public static ExportLinks of() {
    return new ExportLinks();
  }

  /** Adds a parameter when it has a value. */
  public ExportLinks with(String name, String value) {
    if (value != null && !value.isBlank()) {
      parameters.put(name, value.trim());
    }
    return this;
  }

  /** Adds an instant parameter from a form's {@code datetime-local} value, as ISO-8601. */
  public ExportLinks withInstant(String name, String value) {
    DetectionPages.dateTime(name, value).ifPresent(i -> parameters.put(name, i.toString()));
    return this;
  }

  /** The query string after {@code format=...}, starting with {@code &} when not empty. */
  public String query() {
    StringBuilder q = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            q.append('&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return q.toString();
  }
}
