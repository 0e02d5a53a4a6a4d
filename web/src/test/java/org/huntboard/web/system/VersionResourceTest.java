package org.huntboard.web.system;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.huntboard.web.support.Callers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VersionResourceTest {

  @Test
  void answersWithTheApplicationName() {
    Callers.admin()
        .get("/api/v1/version")
        .then()
        .statusCode(200)
        .body("name", equalTo("huntboard"));
  }
}
