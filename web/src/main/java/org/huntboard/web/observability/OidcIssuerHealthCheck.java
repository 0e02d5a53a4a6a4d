package org.huntboard.web.observability;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of sign-in: the OpenID Connect issuer ({@code quarkus.oidc.auth-server-url}, e.g. the
 * Keycloak realm) answers its discovery document. Without that setting, or with {@code
 * huntboard.observability.oidc-readiness=false}, the check reports up and says it is not used. The
 * answer is reused for {@code huntboard.observability.cache-for}.
 */
@Readiness
@ApplicationScoped
public class OidcIssuerHealthCheck implements HealthCheck {

  /** The name of the check in {@code /q/health}. */
  public static final String NAME = "huntboard-oidc-issuer";

  private record Result(HealthCheckResponse response, Instant at) {}

  private final Optional<String> issuer;
  private final ObservabilityConfig config;
  private final HttpClient http;
  private volatile Result last;

  OidcIssuerHealthCheck(
      @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer,
      ObservabilityConfig config) {
    this.issuer = issuer.map(String::trim).filter(s -> !s.isEmpty());
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.issuerTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** Whether the check asks the issuer at all. */
  public boolean enabled() {
    return issuer.isPresent() && config.oidcReadiness();
  }

  @Override
  public HealthCheckResponse call() {
    if (!enabled()) {
      return HealthCheckResponse.named(NAME)
          .up()
          .withData(
              "checked",
              issuer.isEmpty()
                  ? "no: quarkus.oidc.auth-server-url is not set"
                  : "no: huntboard.observability.oidc-readiness=false")
          .build();
    }
    Result cached = last;
    Instant now = Instant.now();
    if (cached != null && cached.at().plus(config.cacheFor()).isAfter(now)) {
      return cached.response();
    }
    HealthCheckResponse fresh = ask(issuer.get());
    last = new Result(fresh, now);
    return fresh;
  }

  /** Why the issuer could not be reached, in words: the health page shows it, class names not. */
  private String reason(IOException e) {
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within " + config.issuerTimeout().toMillis() + " ms";
    }
    if (e instanceof java.net.ConnectException) {
      return "the connection was refused or could not be made";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "the host name does not resolve";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "the connection failed" : message;
  }

  private HealthCheckResponse ask(String issuerUrl) {
    String discovery = issuerUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration";
    var response = HealthCheckResponse.named(NAME).withData("issuer", issuerUrl);
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(discovery))
              .timeout(config.issuerTimeout())
              .GET()
              .build();
      long started = System.nanoTime();
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      response.withData("answerMillis", (System.nanoTime() - started) / 1_000_000);
      if (answer.statusCode() != 200 || !answer.body().contains("\"issuer\"")) {
        return response
            .down()
            .withData("error", "discovery answered HTTP " + answer.statusCode())
            .build();
      }
      return response.up().build();
    } catch (IllegalArgumentException e) {
      return response.down().withData("error", "not a URL: " + e.getMessage()).build();
    } catch (IOException e) {
      return response.down().withData("error", "unreachable: " + reason(e)).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return response.down().withData("error", "interrupted").build();
    }
  }
}
