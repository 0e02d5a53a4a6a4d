package org.huntboard.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error answer in the problem-details format of RFC 9457 ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem
 * @param title the kind of problem in words
 * @param status the HTTP status
 * @param detail this occurrence in words, safe to show to the caller
 * @param violations the fields at fault, for invalid input
 * @param findings located problems in a text the caller sent (a filter, a query), or the guards'
 *     findings that refused a request
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    List<Violation> violations,
    List<Finding> findings) {

  /** The media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Problem details without findings. */
  public Problem(String type, String title, int status, String detail, List<Violation> violations) {
    this(type, title, status, detail, violations, List.of());
  }

  /** One field at fault and why. */
  public record Violation(String field, String message) {}

  /**
   * One located problem: its severity ({@code error} or {@code warning}), a stable code, the
   * message, and where it is (1-based line and column, both null when it has no place).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Finding(
      String severity, String code, String message, Integer line, Integer column, String excerpt) {}
}
