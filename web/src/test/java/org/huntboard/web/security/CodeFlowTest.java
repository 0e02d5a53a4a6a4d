package org.huntboard.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.huntboard.web.tenancy.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signs in to the portal through the authorization code flow with PKCE, as each demo user, with a
 * plain HTTP client that submits Keycloak's login form, and checks what the session then shows.
 */
@QuarkusTest
class CodeFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI portal;

  @BeforeEach
  void demoTenants() {
    DemoTenants.ensure("acme");
    DemoTenants.ensure("globex");
  }

  @ParameterizedTest
  @EnumSource(DemoUser.class)
  void signsInAndSeesOnlyWhatTheRealmGivesTheUser(DemoUser user) throws Exception {
    PortalBrowser browser = new PortalBrowser();

    HttpResponse<String> first = browser.get(portal.resolve("/session"));
    assertThat(first.statusCode()).as("an anonymous page visit goes to sign in").isEqualTo(302);
    URI authorization = URI.create(PortalBrowser.location(first));
    assertThat(authorization.toString())
        .startsWith(LocalKeycloak.shared().issuer() + "/protocol/openid-connect/auth")
        .contains("code_challenge_method=S256")
        .contains("client_id=huntboard-portal");

    HttpResponse<String> session =
        browser.openSigningIn(portal.resolve("/session"), user.username(), user.password());

    assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
    assertThat(session.uri().getPath()).isEqualTo("/session");
    JsonNode body = JSON.readTree(session.body());
    assertThat(body.path("actor").asText()).isEqualTo(user.username());
    Set<String> roles = new LinkedHashSet<>();
    body.path("roles").forEach(r -> roles.add(r.asText()));
    Set<Role> held = EnumSet.noneOf(Role.class);
    user.roles().forEach(r -> held.add(Role.fromClaim(r).orElseThrow()));
    assertThat(roles).containsExactlyInAnyOrderElementsOf(held.stream().map(Enum::name).toList());
    Set<String> slugs = new LinkedHashSet<>();
    body.path("tenants").forEach(t -> slugs.add(t.path("slug").asText()));
    if (user == DemoUser.ADMIN) {
      assertThat(slugs).contains("acme", "globex");
    } else {
      assertThat(slugs).containsExactlyInAnyOrderElementsOf(user.tenants());
    }
    Set<String> actions = new LinkedHashSet<>();
    body.path("actions").forEach(a -> actions.add(a.asText()));
    assertThat(actions)
        .containsExactlyInAnyOrderElementsOf(
            Action.allowedTo(held).stream().map(Enum::name).toList());

    // The session cookie is HttpOnly and SameSite=Lax (Secure only in production)...
    assertThat(browser.setCookies())
        .filteredOn(c -> c.startsWith("q_session"))
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(c)
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax"));
    // ... and it does not open the API, which takes bearer tokens only.
    HttpResponse<String> api = browser.get(portal.resolve("/api/v1/tenants"));
    assertThat(api.statusCode()).isEqualTo(401);

    // Signing out ends the portal's session and the realm's.
    HttpResponse<String> logout = browser.get(portal.resolve("/logout"));
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(PortalBrowser.location(logout))
        .startsWith(LocalKeycloak.shared().issuer() + "/protocol/openid-connect/logout");
    browser.follow(logout);
    HttpResponse<String> after = browser.get(portal.resolve("/session"));
    assertThat(after.statusCode()).as("signed out").isEqualTo(302);
    assertThat(browser.openSigningIn(portal.resolve("/session"), "x", "y").body())
        .as("the realm's session ended too: Keycloak asks for the password again")
        .contains("kc-form-login");
  }

  @ParameterizedTest
  @EnumSource(
      value = DemoUser.class,
      names = {"ALICE"})
  void refusesAWrongPasswordWithoutASession(DemoUser user) {
    PortalBrowser browser = new PortalBrowser();
    HttpResponse<String> answer =
        browser.openSigningIn(portal.resolve("/session"), user.username(), "wrong-password");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("kc-form-login");
    assertThat(browser.setCookies()).noneMatch(c -> c.startsWith("q_session"));
    assertThat(browser.get(portal.resolve("/session"), Map.of()).statusCode()).isEqualTo(302);
  }
}
