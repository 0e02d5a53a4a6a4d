package org.huntboard.web.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VersionResourceTest {

  @Test
  void answersWithTheApplicationName() {
    given().when().get("/api/v1/version").then().statusCode(200).body("name", equalTo("huntboard"));
  }
}
