package org.huntboard.connectors.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.huntboard.connectors.credential.AuthorityHost;
import org.huntboard.connectors.credential.CredentialSettings;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.connectors.spi.ConnectorSettings;

/**
 * One HTTPS WireMock server playing Microsoft Entra ID (the client-credentials token endpoint),
 * Microsoft Graph and Log Analytics, with the self-signed {@link TestCertificates}. Connectors
 * reach it through their ordinary settings: the authority host, the service endpoint and the extra
 * CA file.
 */
public final class FakeAzure implements AutoCloseable {

  public static final String ENTRA_TENANT = "11111111-2222-3333-4444-555555555555";
  public static final String CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

  /** A secret that must never show up in a log line. */
  public static final String CLIENT_SECRET = "Q~huntboard-TEST-secret-7f3e9a1c5b";

  public static final String ACCESS_TOKEN =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-access-token.";

  private final WireMockServer server;
  private final SimulatedTime time;
  private final ConnectorRuntime runtime;

  private FakeAzure(Extension... extensions) {
    server =
        new WireMockServer(
            wireMockConfig()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(TestCertificates.keystore().toString())
                .keystorePassword(TestCertificates.PASSWORD)
                .keyManagerPassword(TestCertificates.PASSWORD)
                .keystoreType("PKCS12")
                .extensions(extensions));
    server.start();
    time = new SimulatedTime(Instant.parse("2026-12-03T09:07:30Z"));
    runtime = new ConnectorRuntime(time, time, RandomGenerator.of("L64X128MixRandom"));
    stubTokenEndpoint(ENTRA_TENANT);
  }

  public static FakeAzure start(Extension... extensions) {
    return new FakeAzure(extensions);
  }

  public WireMockServer server() {
    return server;
  }

  public SimulatedTime time() {
    return time;
  }

  /** The runtime all connectors of a test share (one limiter and credential per tenant). */
  public ConnectorRuntime runtime() {
    return runtime;
  }

  public String baseUrl() {
    return "https://localhost:" + server.httpsPort();
  }

  /** Answers client-credentials token requests for {@code tenant} as Entra ID does. */
  public void stubTokenEndpoint(String tenant) {
    server.stubFor(
        post(urlPathEqualTo("/" + tenant + "/oauth2/v2.0/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                            + "\"access_token\":\""
                            + ACCESS_TOKEN
                            + "\"}")));
    server.stubFor(
        get(urlPathEqualTo("/" + tenant + "/v2.0/.well-known/openid-configuration"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_endpoint\":\""
                            + baseUrl()
                            + "/"
                            + tenant
                            + "/oauth2/v2.0/token\","
                            + "\"issuer\":\""
                            + baseUrl()
                            + "/"
                            + tenant
                            + "/v2.0\","
                            + "\"authorization_endpoint\":\""
                            + baseUrl()
                            + "/"
                            + tenant
                            + "/oauth2/v2.0/authorize\"}")));
  }

  /** The client-secret credential of the fake app registration, issued by this server. */
  public CredentialSettings credential() {
    return new CredentialSettings.ClientSecret(
        ENTRA_TENANT, CLIENT_ID, CLIENT_SECRET, AuthorityHost.parse(baseUrl() + "/"));
  }

  /** Settings for Huntboard tenant {@code tenant} pointing every endpoint at this server. */
  public ConnectorSettings.Builder settings(String tenant) {
    return ConnectorSettings.builder(tenant)
        .credential(credential())
        .runtime(runtime)
        .property(ConnectorSettings.CA_FILE, TestCertificates.certificatePem().toString());
  }

  @Override
  public void close() {
    server.stop();
  }
}
