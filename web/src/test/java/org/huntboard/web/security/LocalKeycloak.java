package org.huntboard.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts the local Keycloak with the Huntboard realm through {@code deploy/keycloak/keycloak.sh},
 * once per JVM.
 *
 * <p>A Keycloak that already answers on the port is reused and left running; one started here is
 * stopped when the JVM exits. The port comes from the system property {@code
 * huntboard.keycloak.port} or the environment variable {@code HUNTBOARD_KEYCLOAK_PORT} (default
 * 8180).
 */
public final class LocalKeycloak {

  /** The realm imported from {@code deploy/keycloak/huntboard-realm.json}. */
  public static final String REALM = "huntboard";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(12);
  private static LocalKeycloak shared;

  private final URI baseUrl;
  private final boolean startedHere;

  private LocalKeycloak(URI baseUrl, boolean startedHere) {
    this.baseUrl = baseUrl;
    this.startedHere = startedHere;
  }

  /** Returns the running Keycloak, starting it on first use. */
  public static synchronized LocalKeycloak shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8180}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The issuer of the Huntboard realm, which is also the OIDC auth-server URL. */
  public String issuer() {
    return baseUrl + "/realms/" + REALM;
  }

  /** The OpenID Connect endpoint of the realm with the given suffix, e.g. {@code token}. */
  public URI endpoint(String suffix) {
    return URI.create(issuer() + "/protocol/openid-connect/" + suffix);
  }

  /** Whether this JVM started the server (and will stop it at exit). */
  public boolean startedHere() {
    return startedHere;
  }

  private static LocalKeycloak start() {
    String port =
        System.getProperty("huntboard.keycloak.port", envOr("HUNTBOARD_KEYCLOAK_PORT", "8180"));
    URI baseUrl = URI.create("http://127.0.0.1:" + port);
    if (realmAnswers(baseUrl)) {
      return new LocalKeycloak(baseUrl, false);
    }
    Path script = findScript();
    run(script, port, "start");
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> run(script, port, "stop"), "keycloak-stop"));
    return new LocalKeycloak(baseUrl, true);
  }

  private static void run(Path script, String port, String verb) {
    ProcessBuilder builder =
        new ProcessBuilder("sh", script.toString(), verb).redirectErrorStream(true);
    builder.environment().put("HUNTBOARD_KEYCLOAK_PORT", port);
    builder
        .environment()
        .putIfAbsent("HUNTBOARD_KEYCLOAK_TIMEOUT", Long.toString(START_TIMEOUT.toSeconds() - 30));
    try {
      Process process = builder.start();
      // The script's messages (including where the log is) go to the test output.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      System.out.print(output);
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keycloak.sh " + verb + " did not finish in time");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keycloak.sh " + verb + " failed (exit " + process.exitValue() + "):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keycloak.sh " + verb, e);
    }
  }

  private static boolean realmAnswers(URI baseUrl) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(baseUrl + "/realms/" + REALM + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(3))
            .build();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // Tests run in the module directory; the script sits at the repository root.
  private static Path findScript() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("deploy/keycloak/keycloak.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("deploy/keycloak/keycloak.sh not found above " + dir);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
