package org.huntboard.web.run;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTPS WireMock server playing Entra ID, Graph and Log Analytics for the application under
 * test, its self-signed certificate made with the JDK's keytool and trusted through {@code
 * huntboard.connectors.ca-file}, the setting an operator uses for a TLS-inspecting proxy.
 */
public class FakeAzureResource implements QuarkusTestResourceLifecycleManager {

  static WireMockServer server;
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("huntboard-fake-azure");
      Path keystore = dir.resolve("fake.p12");
      Path caFile = dir.resolve("fake-ca.pem");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      keytool(
          List.of(
              keytool,
              "-genkeypair",
              "-alias",
              "fake",
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-validity",
              "2",
              "-dname",
              "CN=localhost",
              "-ext",
              "SAN=dns:localhost,ip:127.0.0.1",
              "-keystore",
              keystore.toString(),
              "-storetype",
              "PKCS12",
              "-storepass",
              "changeit",
              "-keypass",
              "changeit"));
      keytool(
          List.of(
              keytool,
              "-exportcert",
              "-rfc",
              "-alias",
              "fake",
              "-keystore",
              keystore.toString(),
              "-storepass",
              "changeit",
              "-file",
              caFile.toString()));
      server =
          new WireMockServer(
              wireMockConfig()
                  .httpDisabled(true)
                  .dynamicHttpsPort()
                  .keystorePath(keystore.toString())
                  .keystorePassword("changeit")
                  .keyManagerPassword("changeit")
                  .keystoreType("PKCS12"));
      server.start();
      String base = "https://localhost:" + server.httpsPort();
      return Map.of(
          "huntboard.connectors.authority-host",
          base + "/",
          "huntboard.connectors.graph-url",
          base,
          "huntboard.connectors.log-analytics-url",
          base + "/v1",
          "huntboard.connectors.ca-file",
          caFile.toString(),
          // One request per run: a 429 fails the attempt at once, and the ledger's retries follow.
          "huntboard.connectors.max-attempts",
          "1",
          "huntboard.connectors.certificate-dir",
          dir.resolve("certificates").toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Azure server", e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private static void keytool(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
