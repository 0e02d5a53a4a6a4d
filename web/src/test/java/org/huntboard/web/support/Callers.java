package org.huntboard.web.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.huntboard.web.security.DevHeaders;

/** Requests made as a given caller, through the dev/test identification headers. */
public final class Callers {

  private Callers() {}

  /** A platform administrator, who sees every tenant. */
  public static RequestSpecification admin() {
    return as("admin", "*");
  }

  /** A caller who sees only the given tenants. */
  public static RequestSpecification member(String actor, UUID... tenants) {
    return as(actor, Arrays.stream(tenants).map(UUID::toString).collect(Collectors.joining(",")));
  }

  /** A caller with no identification at all. */
  public static RequestSpecification anonymous() {
    return given().contentType(ContentType.JSON);
  }

  private static RequestSpecification as(String actor, String tenants) {
    return given()
        .contentType(ContentType.JSON)
        .header(DevHeaders.ACTOR, actor)
        .header(DevHeaders.TENANTS, tenants);
  }
}
