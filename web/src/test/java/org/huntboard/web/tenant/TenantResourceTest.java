package org.huntboard.web.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.support.Callers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantResourceTest {

  static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  static UUID createTenant(String name) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    name,
                    "entraTenantId",
                    "72f988bf-86f1-41af-91ab-2d7cd011db47",
                    "connectors",
                    List.of(
                        Map.of("kind", "DEFENDER"),
                        Map.of(
                            "kind",
                            "SENTINEL",
                            "workspaceIds",
                            List.of("11111111-2222-3333-4444-555555555555")),
                        Map.of("kind", "LOCAL", "dataFolder", "/data/contoso"))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .header("Location", notNullValue())
            .extract()
            .path("id");
    return UUID.fromString(id);
  }

  @Test
  void createsTenantWithItsConnectors() {
    String name = unique("Contoso");
    UUID id = createTenant(name);

    Callers.admin()
        .get("/api/v1/tenants/{id}", id)
        .then()
        .statusCode(200)
        .body("displayName", equalTo(name))
        .body("entraTenantId", equalTo("72f988bf-86f1-41af-91ab-2d7cd011db47"))
        .body("connectors.kind", equalTo(List.of("DEFENDER", "SENTINEL", "LOCAL")))
        .body(
            "connectors[1].workspaceIds", equalTo(List.of("11111111-2222-3333-4444-555555555555")))
        .body("connectors[2].dataFolder", equalTo("/data/contoso"));
  }

  @Test
  void answersNotFoundForAnotherTenantsObject() {
    UUID mine = createTenant(unique("Mine"));
    UUID theirs = createTenant(unique("Theirs"));

    Callers.member("alice", mine).get("/api/v1/tenants/{id}", mine).then().statusCode(200);
    Callers.member("alice", mine)
        .get("/api/v1/tenants/{id}", theirs)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
    Callers.member("alice", mine)
        .get("/api/v1/tenants")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items.id", equalTo(List.of(mine.toString())));
  }

  @Test
  void anonymousCallerIsAskedToAuthenticate() {
    createTenant(unique("Hidden"));
    Callers.anonymous()
        .get("/api/v1/tenants")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("status", equalTo(401));
  }

  @Test
  void onlyPlatformAdministratorsCreateTenants() {
    UUID mine = createTenant(unique("Member"));
    Callers.member("alice", mine)
        .body(Map.of("displayName", unique("Sneaky")))
        .post("/api/v1/tenants")
        .then()
        .statusCode(403)
        .body("detail", equalTo("Only platform administrators may create tenants"));
  }

  @Test
  void rejectsDuplicateNameRegardlessOfCase() {
    String name = unique("Fabrikam");
    createTenant(name);
    Callers.admin()
        .body(Map.of("displayName", name.toUpperCase()))
        .post("/api/v1/tenants")
        .then()
        .statusCode(409)
        .body("title", equalTo("Conflict"));
  }

  @Test
  void rejectsInvalidInputWithTheFieldAtFault() {
    Callers.admin()
        .body(Map.of("displayName", " "))
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("displayName"));
    Callers.admin()
        .body(
            Map.of(
                "displayName",
                unique("Bad workspace"),
                "connectors",
                List.of(Map.of("kind", "SENTINEL", "workspaceIds", List.of("not-a-guid")))))
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .body(
            "detail",
            equalTo(
                "workspaceIds must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, not 'not-a-guid'"));
    Callers.admin()
        .body(
            Map.of(
                "displayName", unique("Bad kind"), "connectors", List.of(Map.of("kind", "SPLUNK"))))
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .body("detail", equalTo("The request body has an invalid value at 'connectors[0].kind'"))
        .body("detail", not(org.hamcrest.Matchers.containsString("org.huntboard")));
    Callers.admin()
        .body("{not json")
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void neverAnswersTheSecret() {
    UUID id = createTenant(unique("Secretive"));
    String secret = "s3cr3t-" + UUID.randomUUID();
    Response response =
        Callers.admin()
            .body(Map.of("kind", "CLIENT_SECRET", "clientId", "app-1", "secret", secret))
            .put("/api/v1/tenants/{id}/credential", id);
    response.then().statusCode(200).body("credential.secretStored", equalTo(true));
    assertThat(response.asString()).doesNotContain(secret);
    String fetched = Callers.admin().get("/api/v1/tenants/{id}", id).asString();
    assertThat(fetched).doesNotContain(secret).contains("\"keyId\":\"test-2\"");
    String audit =
        Callers.admin()
            .queryParam("objectId", id.toString())
            .get("/api/v1/audit-events")
            .asString();
    assertThat(audit).contains("credential.set").doesNotContain(secret);
  }

  @Test
  void rejectsCredentialWithoutTheSecretItsKindNeeds() {
    UUID id = createTenant(unique("Half"));
    Callers.admin()
        .body(Map.of("kind", "CLIENT_SECRET", "clientId", "app-1"))
        .put("/api/v1/tenants/{id}/credential", id)
        .then()
        .statusCode(400)
        .body("detail", equalTo("CLIENT_SECRET needs a secret"));
  }
}
