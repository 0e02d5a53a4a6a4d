package org.huntboard.web.rule.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.web.api.Problem;
import org.huntboard.web.rule.service.RuleRejected;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a rejected rule import with problem details that locate each problem in the YAML sent
 * (line and column, from 1), so an editor can point at it.
 */
public class RuleProblemMapper {

  /**
   * Problem details of a rejected rule.
   *
   * @param problems each error with its stable code, message, line and column
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleProblem(
      String type, String title, int status, String detail, List<Located> problems) {}

  /** One located problem of the rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Located(String code, String message, Integer line, Integer column) {}

  @ServerExceptionMapper
  public Response rejected(RuleRejected exception) {
    List<Located> problems =
        exception.problems().stream()
            .map(
                d ->
                    new Located(
                        d.code(),
                        d.message(),
                        d.location() == null ? null : d.location().line(),
                        d.location() == null ? null : d.location().column()))
            .toList();
    String detail =
        problems.isEmpty()
            ? "The rule could not be read"
            : "The rule has "
                + problems.size()
                + " problem(s); the first: "
                + first(exception.problems().get(0));
    return Response.status(400)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new RuleProblem(
                "https://huntboard.org/problems/invalid-rule",
                "Invalid rule",
                400,
                detail,
                problems))
        .build();
  }

  private static String first(Diagnostic d) {
    return d.location() == null
        ? d.message()
        : "line " + d.location().line() + ", column " + d.location().column() + ": " + d.message();
  }
}
