package org.huntboard.web.security;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.support.Callers;

/**
 * The demo realm's tenants (slugs {@code acme} and {@code globex}) in the application under test,
 * created once per database through the API as a platform administrator.
 */
public final class DemoTenants {

  private DemoTenants() {}

  /** The id of the tenant with the slug, created (with a local connector) if it is missing. */
  public static synchronized UUID ensure(String slug) {
    List<Map<String, Object>> items =
        Callers.admin()
            .queryParam("size", 500)
            .get("/api/v1/tenants")
            .then()
            .statusCode(200)
            .extract()
            .path("items");
    for (Map<String, Object> item : items) {
      if (slug.equals(item.get("slug"))) {
        return UUID.fromString((String) item.get("id"));
      }
    }
    String id =
        Callers.admin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "slug",
                    slug,
                    "displayName",
                    displayName(slug),
                    "connectors",
                    List.of(Map.of("kind", "LOCAL", "dataFolder", "/data/" + slug))))
            .post("/api/v1/tenants")
            .then()
            .log()
            .ifValidationFails()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }

  /** The display name the demo tenant gets, e.g. {@code Acme Demo}. */
  public static String displayName(String slug) {
    return Character.toUpperCase(slug.charAt(0)) + slug.substring(1) + " Demo";
  }
}
