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
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, List<Violation> violations) {

  /** The media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One field at fault and why. */
  public record Violation(String field, String message) {}
}
