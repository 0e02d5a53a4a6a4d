package org.huntboard.web.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gets real tokens for the demo users from the local Keycloak through the {@code huntboard-cli}
 * client.
 */
public final class Tokens {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalKeycloak keycloak;
  private final HttpClient http;

  public Tokens(LocalKeycloak keycloak) {
    this.keycloak = keycloak;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Tokens for a demo user (resource-owner password grant, which only the demo client allows). */
  public TokenSet of(DemoUser user) {
    return password(user.username(), user.password());
  }

  /** Tokens for any user and password; fails with Keycloak's error if the grant is refused. */
  public TokenSet password(String username, String password) {
    HttpResponse<String> response =
        postForm(
            keycloak.endpoint("token"),
            Map.of(
                "grant_type", "password",
                "client_id", "huntboard-cli",
                "username", username,
                "password", password,
                "scope", "openid"),
            null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "token request for "
              + username
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return TokenSet.parse(response.body());
  }

  /** Posts a form, optionally with HTTP basic client authentication ({@code clientId:secret}). */
  HttpResponse<String> postForm(URI uri, Map<String, String> form, String basicAuth) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
    if (basicAuth != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during POST " + uri, e);
    }
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * The claims of a JWT, read without verifying its signature: tests use them to check what
   * Keycloak put in, the application verifies tokens itself.
   */
  public static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a signed JWT: " + parts.length + " parts");
    }
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException e) {
      throw new UncheckedIOException("JWT payload is not JSON", e);
    }
  }

  /** A claim that is a string or a list of strings, as a set (empty if absent). */
  public static Set<String> strings(JsonNode claims, String name) {
    JsonNode node = claims.get(name);
    Set<String> values = new LinkedHashSet<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else {
      values.add(node.asText());
    }
    return values;
  }

  /** The tokens of one grant. */
  public record TokenSet(String accessToken, String idToken, String refreshToken) {

    static TokenSet parse(String body) {
      try {
        JsonNode json = JSON.readTree(body);
        return new TokenSet(
            json.path("access_token").asText(null),
            json.path("id_token").asText(null),
            json.path("refresh_token").asText(null));
      } catch (IOException e) {
        throw new UncheckedIOException("token response is not JSON", e);
      }
    }

    public JsonNode accessClaims() {
      return claims(accessToken);
    }

    public JsonNode idClaims() {
      return claims(idToken);
    }
  }
}
