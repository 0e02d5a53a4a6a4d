package org.huntboard.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one table from exception to HTTP status for the API; every error answers with problem
 * details, in words, and never with a stack trace or a class name.
 *
 * <p>There is one method per exception family because Quarkus ships its own, more specific mappers
 * for validation and JSON errors, and a mapper of ours for the same type is needed to win over
 * them.
 */
public class ApiExceptionMapper {

  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);
  private static final String TYPE_BASE = "https://huntboard.org/problems/";

  private record Kind(int status, String slug, String title) {}

  private static final Kind INVALID = new Kind(400, "invalid-request", "Invalid request");

  private static final Map<Class<? extends HuntboardException>, Kind> KINDS =
      Map.of(
          HuntboardException.NotFound.class, new Kind(404, "not-found", "Not found"),
          HuntboardException.InvalidRequest.class, INVALID,
          HuntboardException.Conflict.class, new Kind(409, "conflict", "Conflict"),
          HuntboardException.Forbidden.class, new Kind(403, "forbidden", "Forbidden"),
          HuntboardException.Unprocessable.class,
              new Kind(422, "unprocessable", "Unprocessable request"),
          HuntboardException.ConnectorFailed.class,
              new Kind(502, "connector-failed", "Connector failed"),
          HuntboardException.NotConfigured.class, new Kind(503, "not-configured", "Not configured"),
          HuntboardException.Busy.class, new Kind(503, "busy", "Busy"));

  @ServerExceptionMapper
  public Response huntboard(HuntboardException exception) {
    Response answer =
        answer(
            KINDS.get(exception.getClass()),
            exception.getMessage(),
            List.of(),
            exception.findings());
    if (exception instanceof HuntboardException.Busy busy) {
      return Response.fromResponse(answer)
          .header(HttpHeaders.RETRY_AFTER, busy.retryAfterSeconds())
          .build();
    }
    return answer;
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException exception) {
    List<Problem.Violation> violations =
        exception.getConstraintViolations().stream()
            .map(v -> new Problem.Violation(field(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.Violation::field))
            .toList();
    return answer(INVALID, "The request has invalid fields", violations);
  }

  @ServerExceptionMapper
  public Response validation(ValidationException exception) {
    LOG.warn("Validation could not run", exception);
    return answer(INVALID, "The request could not be validated", List.of());
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException exception) {
    return answer(INVALID, bodyDetail(exception), List.of());
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException exception) {
    if (exception instanceof JsonMappingException mapping) {
      return answer(INVALID, bodyDetail(mapping), List.of());
    }
    return answer(INVALID, "The request body is not valid JSON", List.of());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException exception) {
    int status = exception.getResponse().getStatus();
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail =
        switch (status) {
          case 400 -> "The request body or a parameter could not be read";
          case 404 -> "There is nothing at this address";
          case 405 -> "This address does not accept this method";
          case 415 -> "This address expects another content type (application/json)";
          default -> title;
        };
    return answer(
        new Kind(status, title.toLowerCase().replace(' ', '-'), title), detail, List.of());
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable exception) {
    LOG.error("Unexpected failure while answering a request", exception);
    return answer(
        new Kind(500, "internal-error", "Internal error"),
        "Huntboard failed to answer this request; the failure is in its log",
        List.of());
  }

  private static Response answer(Kind kind, String detail, List<Problem.Violation> violations) {
    return answer(kind, detail, violations, List.of());
  }

  private static Response answer(
      Kind kind,
      String detail,
      List<Problem.Violation> violations,
      List<Problem.Finding> findings) {
    return Response.status(kind.status())
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                TYPE_BASE + kind.slug(), kind.title(), kind.status(), detail, violations, findings))
        .build();
  }

  /**
   * Names the field of the body at fault without echoing Jackson's message, which names classes.
   */
  private static String bodyDetail(JsonMappingException exception) {
    String path =
        exception.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return path.isEmpty()
        ? "The request body does not have the expected shape"
        : "The request body has an invalid value at '" + path + "'";
  }

  /**
   * The path without the method and parameter, e.g. {@code create.draft.displayName → displayName}.
   */
  private static String field(ConstraintViolation<?> violation) {
    String path = violation.getPropertyPath().toString();
    String[] parts = path.split("\\.");
    return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : path;
  }
}
