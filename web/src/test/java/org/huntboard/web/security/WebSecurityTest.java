package org.huntboard.web.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.TestTenants;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenancy.TenantSet;
import org.junit.jupiter.api.Test;

/** Security headers, error answers, CSRF on forms, the sign-in rate limit and access audit. */
@QuarkusTest
class WebSecurityTest {

  @Inject AccessAudit accessAudit;
  @Inject TenantScope scope;

  private static void assertSecurityHeaders(Response response, String what) {
    String csp = response.header("Content-Security-Policy");
    assertThat(csp).as("CSP of %s", what).isNotNull().contains("frame-ancestors 'none'");
    assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
    assertThat(response.header("Referrer-Policy")).as(what).isEqualTo("same-origin");
    // HSTS is for production, behind TLS.
    assertThat(response.header("Strict-Transport-Security")).as(what).isNull();
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    assertSecurityHeaders(Callers.admin().get("/api/v1/version"), "an API answer");
    assertSecurityHeaders(Callers.anonymous().get("/api/v1/tenants"), "a 401");
    assertSecurityHeaders(Callers.admin().get("/api/v1/nothing-here"), "an API 404");
    assertSecurityHeaders(given().get("/q/health/live"), "a health check");
    assertSecurityHeaders(
        given().redirects().follow(false).get("/some/page"), "the redirect to sign in");
    assertSecurityHeaders(Callers.admin().get("/no/such/page"), "a page 404");
  }

  @Test
  void noErrorAnswerShowsAStackTrace() {
    List<Response> errors =
        List.of(
            Callers.admin().get("/api/v1/nothing-here"),
            Callers.admin().delete("/api/v1/version"),
            Callers.admin().body("{not json").post("/api/v1/tenants"),
            Callers.admin().get("/api/v1/tenants/not-a-uuid"),
            Callers.admin().contentType("text/plain").body("x").post("/api/v1/tenants"),
            Callers.anonymous().get("/api/v1/tenants"),
            given().get("/q/nothing-here"),
            Callers.admin().get("/no/such/page"),
            Callers.admin().contentType("application/x-www-form-urlencoded").post("/session"));
    for (Response error : errors) {
      String body = error.asString();
      assertThat(error.statusCode()).as(body).isBetween(400, 499);
      assertThat(body)
          .as("answer %d", error.statusCode())
          .doesNotContain("Exception")
          .doesNotContain("\tat ")
          .doesNotContain(".java:")
          .doesNotContainIgnoringCase("stack");
    }
  }

  @Test
  void formPostWithoutTheCsrfTokenIsRefused() {
    Response page = Callers.admin().get("/test-probe/form");
    assertThat(page.statusCode()).isEqualTo(200);
    String token = page.asString();
    String cookie = page.cookie("csrf-token");
    assertThat(token).isNotBlank();
    assertThat(cookie).isNotBlank();
    assertThat(page.detailedCookie("csrf-token").isHttpOnly()).isTrue();

    Callers.admin()
        .contentType("application/x-www-form-urlencoded")
        .formParam("note", "forged")
        .post("/test-probe/form")
        .then()
        .statusCode(400);
    Callers.admin()
        .contentType("application/x-www-form-urlencoded")
        .cookie("csrf-token", cookie)
        .formParam("note", "forged")
        .formParam("csrf-token", "not-the-token")
        .post("/test-probe/form")
        .then()
        .statusCode(400);
    String accepted =
        Callers.admin()
            .contentType("application/x-www-form-urlencoded")
            .cookie("csrf-token", cookie)
            .formParam("note", "genuine")
            .formParam("csrf-token", token)
            .post("/test-probe/form")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(accepted).isEqualTo("accepted genuine");
  }

  @Test
  void signInPathsAreRateLimitedPerClient() {
    String client = "203.0.113." + (1 + (int) (Math.random() * 200));
    int redirects = 0;
    Response limited = null;
    for (int i = 0; i < 40 && limited == null; i++) {
      Response answer =
          given().redirects().follow(false).header("X-Forwarded-For", client).get("/login");
      if (answer.statusCode() == 429) {
        limited = answer;
      } else {
        assertThat(answer.statusCode()).isEqualTo(302);
        redirects++;
      }
    }
    assertThat(limited).as("a 429 within 40 requests").isNotNull();
    assertThat(redirects).isEqualTo(20);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    // Another client is not affected.
    assertThat(
            given()
                .redirects()
                .follow(false)
                .header("X-Forwarded-For", "198.51.100.77")
                .get("/login")
                .statusCode())
        .isEqualTo(302);
  }

  private static List<Map<String, Object>> events(UUID tenant, String action) {
    return Callers.admin()
        .queryParam("tenantId", tenant.toString())
        .queryParam("size", 500)
        .get("/api/v1/audit-events")
        .then()
        .statusCode(200)
        .extract()
        .<List<Map<String, Object>>>path("items")
        .stream()
        .filter(e -> action.equals(e.get("action")))
        .toList();
  }

  @Test
  void deniedAttemptsAreAudited() {
    UUID mine = TestTenants.localTenant("Denier");
    UUID theirs = TestTenants.localTenant("Target");
    String prober = "prober-" + UUID.randomUUID().toString().substring(0, 8);

    Callers.member(prober, mine).get("/api/v1/tenants/{t}/runs", theirs).then().statusCode(404);
    Callers.member(prober, mine)
        .header(DevHeaders.ROLES, "auditor")
        .body(Map.of("ruleId", "x", "connector", "LOCAL"))
        .post("/api/v1/tenants/{t}/assignments", mine)
        .then()
        .statusCode(403);
    // Refused before any lookup, with an id the caller chose (another tenant's, perhaps): the log
    // of this tenant keeps the route, not the id.
    UUID chosen = UUID.randomUUID();
    Callers.member(prober, mine)
        .header(DevHeaders.ROLES, "auditor")
        .post("/api/v1/tenants/{t}/assignments/{a}/run-now", mine, chosen)
        .then()
        .statusCode(403);

    eventually(
        Duration.ofSeconds(20),
        () -> {
          assertThat(events(theirs, "access.denied"))
              .anySatisfy(
                  e -> {
                    assertThat(e.get("actor")).isEqualTo(prober);
                    assertThat(e.get("objectId").toString()).startsWith("GET /api/v1/tenants/");
                  });
          assertThat(events(mine, "access.denied"))
              .anySatisfy(
                  e -> {
                    assertThat(e.get("actor")).isEqualTo(prober);
                    assertThat(((Map<?, ?>) e.get("after")).get("status")).isEqualTo(403);
                  });
          assertThat(events(mine, "access.denied"))
              .anySatisfy(
                  e ->
                      assertThat(e.get("objectId"))
                          .isEqualTo("POST /api/v1/tenants/" + mine + "/assignments/{id}/run-now"))
              .noneSatisfy(e -> assertThat(e.toString()).contains(chosen.toString()));
        });
  }

  /** Denials are recorded off the request thread: retries the check until it holds. */
  private static void eventually(Duration within, Runnable check) {
    long end = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Test
  void firstAccessToATenantInASessionIsAuditedOnce() {
    UUID tenant = TestTenants.localTenant("Visited");
    String visitor = "visitor-" + UUID.randomUUID().toString().substring(0, 8);

    Callers.member(visitor, tenant).get("/api/v1/tenants/{t}/runs", tenant).then().statusCode(200);
    Callers.member(visitor, tenant)
        .get("/api/v1/tenants/{t}/detections", tenant)
        .then()
        .statusCode(200);

    assertThat(events(tenant, "access.first"))
        .filteredOn(e -> visitor.equals(e.get("actor")))
        .hasSize(1);
  }

  @Test
  void exportsAreAudited() {
    UUID tenant = TestTenants.localTenant("Exported");
    ManagedContext request = Arc.container().requestContext();
    request.activate();
    try {
      scope.identify("exporter", TenantSet.of(tenant), Set.of(Role.AUDITOR));
      accessAudit.exported(tenant, "detections");
    } finally {
      request.terminate();
    }

    assertThat(events(tenant, "access.exported"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("actor")).isEqualTo("exporter");
              assertThat(e.get("objectId")).isEqualTo("detections");
            });
  }
}
