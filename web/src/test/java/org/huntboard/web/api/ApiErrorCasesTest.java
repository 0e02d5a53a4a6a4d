package org.huntboard.web.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint's error cases answer problem details with the right status: a path id that is not
 * a UUID or names nothing (404), another tenant's object (404, like one that does not exist), a bad
 * enum, time, UUID or duration parameter (400 naming it), page bounds (400), a malformed or
 * mistyped JSON body (400), another content type (415). No answer carries a stack trace.
 */
@QuarkusTest
class ApiErrorCasesTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  /** The lists with their filters, by path template of one tenant. */
  private static final List<String> TENANT_LISTS =
      List.of(
          "/api/v1/tenants/{t}/assignments",
          "/api/v1/tenants/{t}/runs",
          "/api/v1/tenants/{t}/detections");

  /** The single objects under a tenant, by path template with the object's id last. */
  private static final List<String> TENANT_OBJECTS =
      List.of(
          "/api/v1/tenants/{t}/assignments/{id}",
          "/api/v1/tenants/{t}/runs/{id}",
          "/api/v1/tenants/{t}/detections/{id}");

  private UUID mine;
  private UUID theirs;
  private UUID assignment;

  @BeforeEach
  void tenants() {
    mine = TestTenants.localTenant("Errors");
    theirs = TestTenants.localTenant("Others");
    assignment = TestTenants.assign(mine, TIGERVNC, "PT1H", "P5D");
  }

  @Test
  void unknownAndMalformedIdsAreNotFound() {
    for (String path : TENANT_OBJECTS) {
      problem(Callers.member("a", mine).get(path, mine, "not-a-uuid"), 404);
      problem(Callers.member("a", mine).get(path, mine, UUID.randomUUID()), 404);
      problem(Callers.member("a", mine).get(path, "not-a-uuid", UUID.randomUUID()), 404);
    }
    for (String path : TENANT_LISTS) {
      problem(Callers.member("a", mine).get(path, "not-a-uuid"), 404);
      problem(Callers.member("a", mine).get(path, UUID.randomUUID()), 404);
    }
    problem(Callers.admin().get("/api/v1/tenants/{t}", "12345"), 404);
    problem(Callers.admin().get("/api/v1/tenants/{t}", UUID.randomUUID()), 404);
    problem(Callers.admin().get("/api/v1/rules/{id}", UUID.randomUUID()), 404);
    problem(Callers.admin().get("/api/v1/no-such-thing"), 404);
    for (String action : List.of("pause", "resume", "run-now")) {
      problem(
          Callers.admin()
              .post("/api/v1/tenants/{t}/assignments/{a}/" + action, mine, UUID.randomUUID()),
          404);
    }
    problem(
        Callers.admin()
            .body(Map.of("state", "ACKNOWLEDGED"))
            .post("/api/v1/tenants/{t}/detections/{d}/triage", mine, UUID.randomUUID()),
        404);
    problem(
        Callers.admin()
            .body(Map.of("body", "hello"))
            .post("/api/v1/tenants/{t}/detections/{d}/comments", mine, UUID.randomUUID()),
        404);
  }

  @Test
  void anotherTenantsObjectsLookLikeNothing() {
    for (String path : TENANT_LISTS) {
      problem(Callers.member("a", theirs).get(path, mine), 404);
    }
    problem(
        Callers.member("a", theirs).get("/api/v1/tenants/{t}/assignments/{id}", mine, assignment),
        404);
    // The other tenant's own path does not reach this tenant's assignment either.
    problem(
        Callers.member("a", theirs).get("/api/v1/tenants/{t}/assignments/{id}", theirs, assignment),
        404);
    problem(
        Callers.member("a", theirs)
            .post("/api/v1/tenants/{t}/assignments/{id}/pause", mine, assignment),
        404);
    problem(Callers.member("a", theirs).get("/api/v1/tenants/{t}", mine), 404);
    problem(
        Callers.member("a", theirs)
            .body(Map.of("displayName", "Taken over"))
            .put("/api/v1/tenants/{t}", mine),
        404);
    problem(
        Callers.member("a", theirs)
            .body(Map.of("kind", "MANAGED_IDENTITY"))
            .put("/api/v1/tenants/{t}/credential", mine),
        404);
  }

  @Test
  void badFilterValuesNameTheParameter() {
    Map<String, Map<String, String>> bad =
        Map.of(
            "/api/v1/tenants/{t}/runs",
            Map.of(
                "outcome", "MAYBE",
                "state", "SLEEPING",
                "assignmentId", "12",
                "from", "yesterday",
                "to", "2026-13-01T00:00:00Z"),
            "/api/v1/tenants/{t}/detections",
            Map.of("state", "OPEN", "from", "2026-01-01", "to", "soon"),
            "/api/v1/audit-events",
            Map.of("tenantId", "nope", "from", "1700000000", "to", "later"));
    bad.forEach(
        (path, parameters) ->
            parameters.forEach(
                (name, value) ->
                    problem(Callers.member("a", mine).queryParam(name, value).get(path, mine), 400)
                        .body("detail", containsString(name))
                        .body("detail", containsString(value))));
  }

  @Test
  void pageBoundsAreChecked() {
    List<String> lists =
        new java.util.ArrayList<>(List.of("/api/v1/tenants", "/api/v1/audit-events"));
    TENANT_LISTS.forEach(path -> lists.add(path.replace("{t}", mine.toString())));
    for (String path : lists) {
      problem(Callers.member("a", mine).queryParam("size", 0).get(path), 400)
          .body("detail", containsString("size must be between 1 and 500"));
      problem(Callers.member("a", mine).queryParam("size", 501).get(path), 400);
      problem(Callers.member("a", mine).queryParam("page", -1).get(path), 400)
          .body("detail", containsString("page must be 0 or more"));
      problem(Callers.member("a", mine).queryParam("size", "ten").get(path), 400);
      Callers.member("a", mine)
          .queryParam("size", 500)
          .get(path)
          .then()
          .statusCode(200)
          .body("size", equalTo(500));
    }
  }

  @Test
  void malformedAndMistypedBodiesAreBadRequests() {
    List<String[]> writes =
        List.of(
            new String[] {"POST", "/api/v1/tenants"},
            new String[] {"PUT", "/api/v1/tenants/" + mine},
            new String[] {"PUT", "/api/v1/tenants/" + mine + "/credential"},
            new String[] {"POST", "/api/v1/tenants/" + mine + "/assignments"});
    for (String[] write : writes) {
      problem(Callers.admin().body("{\"displayName\": ").request(write[0], write[1]), 400);
      problem(Callers.admin().body("[1, 2]").request(write[0], write[1]), 400);
      problem(
          Callers.admin().contentType("text/plain").body("hello").request(write[0], write[1]), 415);
    }
    problem(
            Callers.admin()
                .body(Map.of("ruleId", TIGERVNC, "connector", "FAX"))
                .post("/api/v1/tenants/{t}/assignments", mine),
            400)
        .body("detail", containsString("connector"));
    problem(
            Callers.admin()
                .body(Map.of("ruleId", TIGERVNC, "connector", "LOCAL", "frequency", "hourly"))
                .post("/api/v1/tenants/{t}/assignments", mine),
            400)
        .body("detail", containsString("frequency"));
    problem(
            Callers.admin()
                .body(Map.of("kind", "PASSWORD"))
                .put("/api/v1/tenants/{t}/credential", mine),
            400)
        .body("detail", containsString("kind"));
    problem(
        Callers.member("a", mine)
            .body("{\"state\": ")
            .post("/api/v1/tenants/{t}/detections/{d}/triage", mine, UUID.randomUUID()),
        400);
    problem(
        Callers.member("a", mine)
            .body(Map.of("body", ""))
            .post("/api/v1/tenants/{t}/detections/{d}/comments", mine, UUID.randomUUID()),
        400);
  }

  private static ValidatableResponse problem(Response response, int status) {
    return response
        .then()
        .statusCode(status)
        .contentType(containsString("application/problem+json"))
        .body("status", equalTo(status))
        .body("detail", not(containsString("Exception")))
        .body("detail", not(containsString("\tat ")));
  }
}
