package org.huntboard.web.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.huntboard.web.support.Callers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Callers of the API identified by real bearer tokens of the demo realm's users. */
@QuarkusTest
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class BearerTokenTest {

  private static Tokens tokens;
  private static UUID acme;
  private static UUID globex;

  // RestAssured knows the application's port only around each test, not in @BeforeAll.
  @BeforeEach
  void tenants() {
    if (tokens == null) {
      tokens = new Tokens(LocalKeycloak.shared());
      acme = DemoTenants.ensure("acme");
      globex = DemoTenants.ensure("globex");
    }
  }

  private static List<String> visibleTenants(DemoUser user) {
    return given()
        .auth()
        .oauth2(tokens.of(user).accessToken())
        .queryParam("size", 500)
        .get("/api/v1/tenants")
        .then()
        .statusCode(200)
        .extract()
        .path("items.id");
  }

  @Test
  void analystSeesOnlyTheTenantOfTheirGroup() {
    assertThat(visibleTenants(DemoUser.ALICE)).containsExactly(acme.toString());
    assertThat(visibleTenants(DemoUser.DAVE)).containsExactly(globex.toString());
  }

  @Test
  void auditorOfTwoGroupsSeesBothTenants() {
    assertThat(visibleTenants(DemoUser.FRANK))
        .containsExactlyInAnyOrder(acme.toString(), globex.toString());
  }

  @Test
  void administratorSeesEveryTenant() {
    assertThat(visibleTenants(DemoUser.ADMIN)).contains(acme.toString(), globex.toString());
  }

  @Test
  void anotherTenantsObjectIsNotFound() {
    given()
        .auth()
        .oauth2(tokens.of(DemoUser.ALICE).accessToken())
        .get("/api/v1/tenants/{id}", globex)
        .then()
        .statusCode(404);
  }

  @Test
  void missingTokenAnswersUnauthorizedProblem() {
    Callers.anonymous()
        .get("/api/v1/tenants")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .contentType("application/problem+json")
        .body("title", equalTo("Unauthorized"));
  }

  @Test
  void forgedTokenAnswersUnauthorizedProblem() {
    String token = tokens.of(DemoUser.ALICE).accessToken();
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    given()
        .auth()
        .oauth2(forged)
        .get("/api/v1/tenants")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void wrongRoleAnswersForbiddenWithoutDetails() {
    String body =
        given()
            .auth()
            .oauth2(tokens.of(DemoUser.CAROL).accessToken())
            .contentType("application/json")
            .body("{\"displayName\":\"Not Allowed\"}")
            .post("/api/v1/tenants")
            .then()
            .statusCode(403)
            .contentType("application/problem+json")
            .extract()
            .asString();
    assertThat(body).doesNotContain("admin").doesNotContain("Exception");
  }

  @Test
  void devHeadersWithoutTheRoleAreForbiddenToo() {
    Callers.admin()
        .header(DevHeaders.ROLES, "auditor")
        .body("{\"displayName\":\"Not Allowed Either\"}")
        .post("/api/v1/tenants")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }
}
