package org.huntboard.web.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OidcIssuerHealthCheckTest {

  private static final String DISCOVERY = "/realms/huntboard/.well-known/openid-configuration";

  private WireMockServer issuer;

  @BeforeEach
  void startIssuer() {
    issuer = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    issuer.start();
  }

  @AfterEach
  void stopIssuer() {
    issuer.stop();
  }

  private static ObservabilityConfig config(boolean enabled, Duration cacheFor) {
    return new ObservabilityConfig() {
      @Override
      public boolean oidcReadiness() {
        return enabled;
      }

      @Override
      public Duration issuerTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public Duration cacheFor() {
        return cacheFor;
      }

      @Override
      public int missedCheckins() {
        return 4;
      }
    };
  }

  private String realm() {
    return "http://127.0.0.1:" + issuer.port() + "/realms/huntboard";
  }

  @Test
  void isUpWhenTheIssuerAnswersItsDiscoveryDocument() {
    issuer.stubFor(
        get(urlEqualTo(DISCOVERY))
            .willReturn(aResponse().withStatus(200).withBody("{\"issuer\":\"" + realm() + "\"}")));
    HealthCheckResponse response =
        new OidcIssuerHealthCheck(Optional.of(realm()), config(true, Duration.ZERO)).call();
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData().orElseThrow()).containsEntry("issuer", realm());
  }

  @Test
  void isDownWhenTheRealmIsMissingOrTheIssuerIsUnreachable() throws IOException {
    issuer.stubFor(get(urlEqualTo(DISCOVERY)).willReturn(aResponse().withStatus(404)));
    HealthCheckResponse missing =
        new OidcIssuerHealthCheck(Optional.of(realm()), config(true, Duration.ZERO)).call();
    assertThat(missing.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(missing.getData().orElseThrow().get("error").toString()).contains("404");

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HealthCheckResponse unreachable =
        new OidcIssuerHealthCheck(
                Optional.of("http://127.0.0.1:" + closedPort + "/realms/huntboard"),
                config(true, Duration.ZERO))
            .call();
    assertThat(unreachable.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(unreachable.getData().orElseThrow().get("error").toString())
        .startsWith("unreachable");
  }

  @Test
  void reusesAnAnswerWithinTheCachePeriodAndIsSkippedWhenDisabled() {
    String realm = realm();
    issuer.stubFor(
        get(urlEqualTo(DISCOVERY))
            .willReturn(aResponse().withStatus(200).withBody("{\"issuer\":\"x\"}")));
    OidcIssuerHealthCheck check =
        new OidcIssuerHealthCheck(Optional.of(realm), config(true, Duration.ofMinutes(5)));
    HealthCheckResponse first = check.call();
    assertThat(first.getStatus())
        .as("%s", first.getData())
        .isEqualTo(HealthCheckResponse.Status.UP);
    // Within the cache period the issuer is not asked again: its outage does not show yet.
    issuer.stop();
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

    OidcIssuerHealthCheck off =
        new OidcIssuerHealthCheck(Optional.of(realm), config(false, Duration.ZERO));
    assertThat(off.enabled()).isFalse();
    assertThat(off.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(new OidcIssuerHealthCheck(Optional.empty(), config(true, Duration.ZERO)).enabled())
        .isFalse();
  }
}
