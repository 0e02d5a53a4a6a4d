package org.huntboard.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the Huntboard realm on a real Keycloak: clients, PKCE, audiences, and each demo user's
 * claims.
 */
class KeycloakRealmTest {

  private static final String PORTAL = "huntboard-portal";
  private static final String REDIRECT_URI = "http://127.0.0.1:8080/oidc/callback";
  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);
  private static final Pattern LOGIN_FORM_ACTION_FIRST =
      Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"", Pattern.DOTALL);

  private static LocalKeycloak keycloak;
  private static Tokens tokens;

  @BeforeAll
  static void startKeycloak() {
    keycloak = LocalKeycloak.shared();
    tokens = new Tokens(keycloak);
  }

  @ParameterizedTest
  @EnumSource(DemoUser.class)
  void directGrantTokensCarryTheUsersRolesAndTenants(DemoUser user) {
    Tokens.TokenSet set = tokens.of(user);

    for (JsonNode claims : new JsonNode[] {set.accessClaims(), set.idClaims()}) {
      assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
      assertThat(claims.path("preferred_username").asText()).isEqualTo(user.username());
      assertThat(Tokens.strings(claims, "roles"))
          .as("roles of %s", user)
          .containsExactlyInAnyOrderElementsOf(user.roles());
      assertThat(Tokens.strings(claims, "tenants"))
          .as("tenants of %s", user)
          .containsExactlyInAnyOrderElementsOf(user.tenants());
    }
  }

  @Test
  void accessTokensNameTheApiAsAudience() {
    JsonNode access = tokens.of(DemoUser.ALICE).accessClaims();

    assertThat(Tokens.strings(access, "aud")).contains("huntboard-api");
    assertThat(access.path("azp").asText()).isEqualTo("huntboard-cli");
  }

  @Test
  void refusesAWrongPassword() {
    assertThatThrownBy(() -> tokens.password("alice", "not-the-password"))
        .hasMessageContaining("401")
        .hasMessageContaining("invalid_grant");
  }

  @Test
  void portalClientCannotUseThePasswordGrant() {
    HttpResponse<String> response =
        tokens.postForm(
            keycloak.endpoint("token"),
            Map.of(
                "grant_type", "password",
                "username", "alice",
                "password", DemoUser.ALICE.password()),
            PORTAL + ":" + KeycloakTestResource.PORTAL_SECRET);

    assertThat(response.statusCode()).isBetween(400, 401);
    assertThat(response.body()).contains("unauthorized_client");
  }

  @Test
  void portalRefusesAnAuthorizationRequestWithoutPkce() {
    HttpResponse<String> response = browser().get(authorizationUri(Map.of()));

    assertThat(response.statusCode()).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT_URI);
    assertThat(query(URI.create(location)))
        .containsEntry("error", "invalid_request")
        .doesNotContainKey("code");
  }

  @Test
  void portalRefusesThePlainPkceMethod() {
    HttpResponse<String> response =
        browser()
            .get(
                authorizationUri(
                    Map.of("code_challenge", "a".repeat(43), "code_challenge_method", "plain")));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(query(URI.create(response.headers().firstValue("Location").orElseThrow())))
        .containsEntry("error", "invalid_request")
        .doesNotContainKey("code");
  }

  @ParameterizedTest
  @EnumSource(DemoUser.class)
  void codeFlowWithPkceLogsInAndYieldsTheUsersClaims(DemoUser user) {
    Pkce pkce = Pkce.create();
    URI code = browser().logIn(pkce, user.username(), user.password());

    HttpResponse<String> exchanged = exchange(query(code).get("code"), pkce.verifier());

    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    Tokens.TokenSet set = Tokens.TokenSet.parse(exchanged.body());
    JsonNode access = set.accessClaims();
    assertThat(access.path("azp").asText()).isEqualTo(PORTAL);
    assertThat(Tokens.strings(access, "aud")).contains("huntboard-api");
    assertThat(Tokens.strings(access, "roles")).containsExactlyInAnyOrderElementsOf(user.roles());
    assertThat(Tokens.strings(access, "tenants"))
        .containsExactlyInAnyOrderElementsOf(user.tenants());
    assertThat(Tokens.strings(set.idClaims(), "tenants"))
        .containsExactlyInAnyOrderElementsOf(user.tenants());
  }

  @Test
  void codeExchangeWithTheWrongVerifierIsRefused() {
    Pkce pkce = Pkce.create();
    URI code = browser().logIn(pkce, "alice", DemoUser.ALICE.password());

    HttpResponse<String> exchanged = exchange(query(code).get("code"), Pkce.create().verifier());

    assertThat(exchanged.statusCode()).isEqualTo(400);
    assertThat(exchanged.body()).contains("invalid_grant");
  }

  @Test
  void loginFormRefusesAWrongPasswordWithoutIssuingACode() {
    Browser browser = browser();
    HttpResponse<String> page = browser.get(authorizationUri(Pkce.create().challengeParameters()));

    HttpResponse<String> answer = browser.postLogin(page, "alice", "not-the-password");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Location")).isEmpty();
    assertThat(answer.body()).contains("Invalid username or password");
  }

  @Test
  void logoutReturnsToThePortalButNotToAnUnregisteredAddress() {
    Pkce pkce = Pkce.create();
    Browser browser = browser();
    URI code = browser.logIn(pkce, "alice", DemoUser.ALICE.password());
    String idToken =
        Tokens.TokenSet.parse(exchange(query(code).get("code"), pkce.verifier()).body()).idToken();

    HttpResponse<String> foreign = browser.get(logoutUri(idToken, "http://evil.test/"));
    HttpResponse<String> portal = browser.get(logoutUri(idToken, "http://127.0.0.1:8080/"));

    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(portal.statusCode()).isEqualTo(302);
    assertThat(portal.headers().firstValue("Location")).hasValue("http://127.0.0.1:8080/");
  }

  private static URI logoutUri(String idToken, String postLogoutRedirect) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("client_id", PORTAL);
    parameters.put("id_token_hint", idToken);
    parameters.put("post_logout_redirect_uri", postLogoutRedirect);
    return URI.create(keycloak.endpoint("logout") + "?" + Tokens.formBody(parameters));
  }

  private HttpResponse<String> exchange(String code, String verifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", REDIRECT_URI);
    form.put("code_verifier", verifier);
    return tokens.postForm(
        keycloak.endpoint("token"), form, PORTAL + ":" + KeycloakTestResource.PORTAL_SECRET);
  }

  private static URI authorizationUri(Map<String, String> extra) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("client_id", PORTAL);
    parameters.put("response_type", "code");
    parameters.put("scope", "openid");
    parameters.put("redirect_uri", REDIRECT_URI);
    parameters.put("state", "state-" + System.nanoTime());
    parameters.put("nonce", "nonce-" + System.nanoTime());
    parameters.putAll(extra);
    return URI.create(keycloak.endpoint("auth") + "?" + Tokens.formBody(parameters));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> values = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static Browser browser() {
    return new Browser();
  }

  /** A PKCE verifier and its S256 challenge. */
  private record Pkce(String verifier, String challenge) {

    static Pkce create() {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 missing", e);
      }
    }

    Map<String, String> challengeParameters() {
      return Map.of("code_challenge", challenge, "code_challenge_method", "S256");
    }
  }

  /**
   * Keeps cookies like a browser on a loopback address: browsers treat {@code http://127.0.0.1} as
   * a secure context and send {@code Secure} cookies there (Keycloak marks its session cookies so),
   * while Java's cookie manager would drop them over plain HTTP.
   */
  private static final class LoopbackCookies extends CookieHandler {
    private final CookieManager delegate = new CookieManager();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
        throws IOException {
      return delegate.get(uri, requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
      Map<String, List<String>> relaxed = new LinkedHashMap<>();
      responseHeaders.forEach(
          (name, values) ->
              relaxed.put(
                  name,
                  name != null && name.equalsIgnoreCase("Set-Cookie")
                      ? values.stream()
                          .map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", ""))
                          .collect(Collectors.toList())
                      : values));
      delegate.put(uri, relaxed);
    }
  }

  /**
   * An HTTP client with cookies that follows redirects only while they stay on Keycloak, so the
   * code arrives at the redirect URI without an application behind it.
   */
  private static final class Browser {
    private final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    URI logIn(Pkce pkce, String username, String password) {
      Map<String, String> parameters = new LinkedHashMap<>(pkce.challengeParameters());
      URI authorization = authorizationUri(parameters);
      String state = query(authorization).get("state");
      HttpResponse<String> page = get(authorization);
      assertThat(page.statusCode()).as("login page").isEqualTo(200);

      HttpResponse<String> answer = postLogin(page, username, password);
      while (answer.statusCode() == 302 || answer.statusCode() == 303) {
        URI next = answer.uri().resolve(answer.headers().firstValue("Location").orElseThrow());
        if (next.toString().startsWith(REDIRECT_URI)) {
          assertThat(query(next)).containsEntry("state", state).containsKey("code");
          return next;
        }
        answer = get(next);
      }
      throw new AssertionError(
          "login of " + username + " ended with " + answer.statusCode() + " instead of a redirect");
    }

    HttpResponse<String> postLogin(HttpResponse<String> page, String username, String password) {
      URI action = page.uri().resolve(loginAction(page.body()));
      HttpRequest request =
          HttpRequest.newBuilder(action)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      Tokens.formBody(
                          Map.of(
                              "username", username,
                              "password", password,
                              "credentialId", ""))))
              .build();
      return send(request);
    }

    HttpResponse<String> get(URI uri) {
      return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private static String loginAction(String html) {
      Matcher matcher = LOGIN_FORM.matcher(html);
      if (!matcher.find()) {
        matcher = LOGIN_FORM_ACTION_FIRST.matcher(html);
        if (!matcher.find()) {
          throw new AssertionError("no login form (kc-form-login) in Keycloak's page");
        }
      }
      return matcher.group(1).replace("&amp;", "&");
    }
  }
}
