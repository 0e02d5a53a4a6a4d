package org.huntboard.connectors.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} made once per test run with the JDK's keytool:
 * the fake servers present it, and connectors trust it through the extra-CA-file setting, the same
 * path an operator uses for a TLS-inspecting proxy. Host names are verified as in production.
 */
public final class TestCertificates {

  public static final String PASSWORD = "changeit";
  private static Path dir;

  private TestCertificates() {}

  /** The PKCS#12 keystore holding the key and certificate. */
  public static synchronized Path keystore() {
    ensure();
    return dir.resolve("fake.p12");
  }

  /** The certificate as PEM, to trust. */
  public static synchronized Path certificatePem() {
    ensure();
    return dir.resolve("fake-ca.pem");
  }

  private static void ensure() {
    if (dir != null) {
      return;
    }
    try {
      Path d = Files.createTempDirectory("huntboard-fake-tls");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
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
              "3",
              "-dname",
              "CN=localhost",
              "-ext",
              "SAN=dns:localhost,ip:127.0.0.1",
              "-keystore",
              d.resolve("fake.p12").toString(),
              "-storetype",
              "PKCS12",
              "-storepass",
              PASSWORD,
              "-keypass",
              PASSWORD));
      run(
          List.of(
              keytool,
              "-exportcert",
              "-rfc",
              "-alias",
              "fake",
              "-keystore",
              d.resolve("fake.p12").toString(),
              "-storepass",
              PASSWORD,
              "-file",
              d.resolve("fake-ca.pem").toString()));
      dir = d;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot make the test certificate: " + e, e);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }
}
