package org.huntboard.connectors.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.QueryPosition;

/**
 * Classifies a failed HTTP answer of Graph or Log Analytics by status, {@code Retry-After} and the
 * OneAPI error body {@code {"error":{"code","message","innererror":{...}}}}.
 *
 * <ul>
 *   <li>429: {@link FailureClass#QUOTA_EXHAUSTED} when the message speaks of CPU or resource
 *       allocation, else {@link FailureClass#THROTTLED}; both carry Retry-After when sent.
 *   <li>401 unauthorized; 403 forbidden, naming the permission the message names or the service's
 *       usual one.
 *   <li>400: {@link FailureClass#TRUNCATED} for the result-size cap, {@link FailureClass#TIMEOUT}
 *       when the message says the query timed out, else {@link FailureClass#BAD_QUERY} with the
 *       position from the innermost error ({@code line}, {@code pos}, {@code token}) or from the
 *       text "on line [l,c]".
 *   <li>408 and 504 timeout; other statuses unavailable.
 * </ul>
 */
public final class HttpFailures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINE_POS = Pattern.compile("line \\[(\\d+),(\\d+)\\]");
  private static final Pattern AT_TOKEN = Pattern.compile("at '([^']*)'");
  private static final Pattern ROLES =
      Pattern.compile(
          "(?i)required (?:roles|permissions|scopes?):\\s*([A-Za-z0-9_.\\-]+(?:\\s*,\\s*[A-Za-z0-9_.\\-]+)*)");

  private HttpFailures() {}

  /**
   * The classified failure.
   *
   * @param service the service's name for messages ({@code Defender advanced hunting})
   * @param usualPermission what grants access when the service's message does not say
   */
  public static ConnectorException classify(
      int status,
      Optional<String> retryAfterHeader,
      String body,
      String service,
      String usualPermission,
      Clock clock) {
    ServiceError err = ServiceError.parse(body);
    String message =
        err.message().isEmpty()
            ? service + " answered HTTP " + status
            : service + " answered HTTP " + status + ": " + err.message();
    Duration retryAfter = retryAfterHeader.flatMap(h -> parseRetryAfter(h, clock)).orElse(null);
    ConnectorException.Builder b =
        ConnectorException.of(classOf(status, err), message)
            .httpStatus(status)
            .serviceCode(err.code().isEmpty() ? null : err.code())
            .retryAfter(retryAfter);
    FailureClass fc = classOf(status, err);
    if (fc == FailureClass.FORBIDDEN) {
      Matcher m = ROLES.matcher(err.allText());
      b.missingPermission(m.find() ? m.group(1).replaceAll("\\.+$", "") : usualPermission);
    }
    if (fc == FailureClass.BAD_QUERY) {
      err.position().ifPresent(b::position);
    }
    return b.build();
  }

  static FailureClass classOf(int status, ServiceError err) {
    String text = err.allText().toLowerCase(Locale.ROOT);
    if (status == 429) {
      return isCpuQuota(text) ? FailureClass.QUOTA_EXHAUSTED : FailureClass.THROTTLED;
    }
    if (status == 401) {
      return FailureClass.UNAUTHORIZED;
    }
    if (status == 403) {
      return FailureClass.FORBIDDEN;
    }
    if (status == 408 || status == 504) {
      return FailureClass.TIMEOUT;
    }
    if (status == 400) {
      if (text.contains("exceeded the allowed result size") || text.contains("result size")) {
        return FailureClass.TRUNCATED;
      }
      if (text.contains("timed out") || text.contains("timeout")) {
        return FailureClass.TIMEOUT;
      }
      return FailureClass.BAD_QUERY;
    }
    return FailureClass.UNAVAILABLE;
  }

  /**
   * Whether a 429's text is about the CPU allocation rather than the request rate: Defender's docs
   * distinguish "requests or CPU allocation"; the request-rate text is "API calls quota exceeded".
   */
  static boolean isCpuQuota(String lowerText) {
    return lowerText.contains("cpu")
        || lowerText.contains("resource allocation")
        || lowerText.contains("allocated resources")
        || lowerText.contains("execution time");
  }

  /** Retry-After as whole seconds or an HTTP date; a past date gives zero. */
  static Optional<Duration> parseRetryAfter(String header, Clock clock) {
    String h = header.trim();
    if (h.isEmpty()) {
      return Optional.empty();
    }
    if (h.chars().allMatch(Character::isDigit)) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The fields of a OneAPI error body: the outer code and the innermost message (the most
   * specific), all messages joined for keyword checks, and the position when one is given.
   */
  record ServiceError(
      String code, String message, String allText, Optional<QueryPosition> position) {

    static ServiceError parse(String body) {
      if (body == null || body.isBlank()) {
        return new ServiceError("", "", "", Optional.empty());
      }
      JsonNode root;
      try {
        root = JSON.readTree(body);
      } catch (IOException e) {
        String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return new ServiceError("", text.strip(), text, Optional.empty());
      }
      JsonNode err = root.path("error");
      if (!err.isObject()) {
        return new ServiceError("", "", body, Optional.empty());
      }
      String code = err.path("code").asText("");
      StringBuilder all = new StringBuilder();
      String innermostMessage = err.path("message").asText("");
      QueryPosition pos = null;
      JsonNode e = err;
      while (e != null && e.isObject()) {
        String m = e.path("message").asText("");
        if (!m.isEmpty()) {
          innermostMessage = m;
          all.append(m).append(' ');
        }
        all.append(e.path("code").asText("")).append(' ');
        if (e.has("line") && e.has("pos")) {
          pos =
              new QueryPosition(
                  e.path("line").asInt(), e.path("pos").asInt(), e.path("token").asText(""));
        }
        for (JsonNode d : e.path("details")) {
          all.append(d.path("message").asText("")).append(' ');
        }
        JsonNode inner = e.has("innererror") ? e.get("innererror") : e.get("innerError");
        e = inner;
      }
      String outer = err.path("message").asText("");
      String message =
          outer.isEmpty() || outer.equals(innermostMessage)
              ? innermostMessage
              : outer + ": " + innermostMessage;
      if (pos == null) {
        Matcher lp = LINE_POS.matcher(all);
        if (lp.find()) {
          Matcher tok = AT_TOKEN.matcher(all);
          pos =
              new QueryPosition(
                  Integer.parseInt(lp.group(1)),
                  Integer.parseInt(lp.group(2)),
                  tok.find() ? tok.group(1) : "");
        }
      }
      return new ServiceError(code, message, all.toString(), Optional.ofNullable(pos));
    }
  }
}
