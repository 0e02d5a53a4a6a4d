package org.huntboard.connectors.credential;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.huntboard.connectors.fake.FakeAzure;
import org.huntboard.connectors.fake.ServiceBodies;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * Runs both connectors through success and failure — token issued, token refused, service errors —
 * with every logger (azure-core and MSAL log through SLF4J, routed to JUL here) at its most
 * verbose, and checks that the client secret appears in no log line and no failure message.
 */
class SecretsNeverLoggedTest {

  static final class Capture extends Handler {
    final List<String> lines = new ArrayList<>();
    final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public synchronized void publish(LogRecord record) {
      StringBuilder sb = new StringBuilder(formatter.format(record));
      if (record.getThrown() != null) {
        StringWriter w = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(w));
        sb.append(w);
      }
      lines.add(sb.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void theClientSecretAppearsInNoLogLine() throws Exception {
    Capture capture = new Capture();
    capture.setLevel(Level.ALL);
    Logger root = Logger.getLogger("");
    Level before = root.getLevel();
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    List<String> messages = new ArrayList<>();
    try (FakeAzure azure = FakeAzure.start()) {
      TimeWindow window =
          TimeWindow.ending(Instant.parse("2026-12-03T09:00:00Z"), Duration.ofDays(1));
      ServiceBodies.Rows rows =
          new ServiceBodies.Rows(
              List.of("DeviceName"), List.of(ScalarType.STRING), List.of(List.of("ws-01")));
      azure
          .server()
          .stubFor(
              post(urlPathEqualTo("/v1.0/security/runHuntingQuery"))
                  .willReturn(
                      aResponse()
                          .withStatus(200)
                          .withHeader("Content-Type", "application/json")
                          .withBody(ServiceBodies.graph(rows, false))));
      azure
          .server()
          .stubFor(
              post(urlPathEqualTo("/v1/workspaces/ws-1/query"))
                  .willReturn(
                      aResponse()
                          .withStatus(403)
                          .withHeader("Content-Type", "application/json")
                          .withBody(
                              "{\"error\":{\"message\":\"The provided credentials have insufficient access\",\"code\":\"InsufficientAccessError\"}}")));
      ConnectorRegistry registry = ConnectorRegistry.load();
      ConnectorSettings.Builder base = azure.settings("tenant-a");
      messages.add(base.build().toString());

      Connector defender =
          registry.create(
              "defender", base.property(ConnectorSettings.ENDPOINT, azure.baseUrl()).build());
      defender.run("DeviceNetworkEvents | take 1", window);
      Connector sentinel =
          registry.create(
              "sentinel",
              azure
                  .settings("tenant-a")
                  .property(ConnectorSettings.ENDPOINT, azure.baseUrl() + "/v1")
                  .property(ConnectorSettings.WORKSPACE, "ws-1")
                  .build());
      ConnectorException forbidden =
          catchThrowableOfType(
              () -> sentinel.run("DeviceNetworkEvents | take 1", window), ConnectorException.class);
      messages.add(forbidden.describe());

      // the token endpoint refuses a second tenant's secret, as Entra does for a wrong one
      azure
          .server()
          .stubFor(
              post(urlPathEqualTo("/bad-tenant/oauth2/v2.0/token"))
                  .willReturn(
                      aResponse()
                          .withStatus(401)
                          .withHeader("Content-Type", "application/json")
                          .withBody(
                              "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}")));
      Connector refused =
          registry.create(
              "defender",
              ConnectorSettings.builder("tenant-b")
                  .runtime(azure.runtime())
                  .credential(
                      new CredentialSettings.ClientSecret(
                          "bad-tenant",
                          FakeAzure.CLIENT_ID,
                          FakeAzure.CLIENT_SECRET,
                          AuthorityHost.parse(azure.baseUrl())))
                  .property(
                      ConnectorSettings.CA_FILE,
                      org.huntboard.connectors.fake.TestCertificates.certificatePem().toString())
                  .property(ConnectorSettings.ENDPOINT, azure.baseUrl())
                  .build());
      ConnectorException unauthorized =
          catchThrowableOfType(
              () -> refused.run("DeviceNetworkEvents | take 1", window), ConnectorException.class);
      messages.add(unauthorized.describe());
      StringWriter trace = new StringWriter();
      unauthorized.printStackTrace(new PrintWriter(trace));
      messages.add(trace.toString());

      assertThat(forbidden.failureClass()).isEqualTo(FailureClass.FORBIDDEN);
      assertThat(unauthorized.failureClass()).isEqualTo(FailureClass.UNAUTHORIZED);
      assertThat(unauthorized.getMessage()).contains("AADSTS7000215");
      defender.close();
      sentinel.close();
      refused.close();
    } finally {
      root.removeHandler(capture);
      root.setLevel(before);
    }

    assertThat(capture.lines).as("the SDKs did log").hasSizeGreaterThan(10);
    assertThat(capture.lines)
        .as("azure-core and MSAL logged")
        .anyMatch(l -> l.contains("com.azure.core"))
        .anyMatch(l -> l.contains("com.microsoft.aad.msal4j"));
    assertThat(String.join("\n", capture.lines)).doesNotContain(FakeAzure.CLIENT_SECRET);
    assertThat(messages).noneMatch(m -> m.contains(FakeAzure.CLIENT_SECRET));
    assertThat(messages.get(0)).contains("secret=***");
  }
}
