package org.huntboard.web.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code ./huntboard local} as a user does, end to end: it starts Keycloak, the embedded
 * PostgreSQL and the portal, creates the demo tenants and runs their first hunt; a demo analyst
 * logs in (a password-grant token from the demo realm) and sees Acme's TigerVNC detections through
 * the API; then Ctrl-C (SIGINT) stops everything the launcher started.
 *
 * <p>The portal and the database take free ports and the data goes to {@code target/launcher-it},
 * so a developer's own {@code huntboard local} data is not touched; Keycloak keeps its fixed port
 * 8180 (a Keycloak already answering there is used and left running). The whole run is bounded by
 * {@code huntboard.launcher.timeout} seconds (default 420).
 */
class LocalLauncherIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEYCLOAK_PORT = 8180;
  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void startsRunsTheFirstHuntLetsTheAnalystSeeDetectionsAndStopsEverythingOnCtrlC()
      throws Exception {
    assumeTrue(
        System.getProperty("os.name").toLowerCase().contains("linux"),
        "the launcher and its embedded PostgreSQL are built for Linux");
    for (String tool : List.of("curl", "unzip", "setsid")) {
      assumeTrue(onPath(tool), "the launcher needs '" + tool + "' on the PATH");
    }
    Duration budget = Duration.ofSeconds(Long.getLong("huntboard.launcher.timeout", 420));
    Instant deadline = Instant.now().plus(budget);
    Path work = ROOT.resolve("web/target/launcher-it");
    deleteTree(work);
    Files.createDirectories(work);
    Path output = work.resolve("launcher.out");
    int portalPort = freePort();
    int databasePort = freePort();
    boolean keycloakWasUp = answers("http://127.0.0.1:" + KEYCLOAK_PORT + "/realms/huntboard");

    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("huntboard").toString(), "local")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("HUNTBOARD_PORT", String.valueOf(portalPort));
    builder.environment().put("HUNTBOARD_DB_PORT", String.valueOf(databasePort));
    builder.environment().put("HUNTBOARD_KEYCLOAK_PORT", String.valueOf(KEYCLOAK_PORT));
    builder.environment().put("HUNTBOARD_LOCAL_DIR", work.resolve("state").toString());
    builder.environment().put("HUNTBOARD_PGDATA", work.resolve("pgdata").toString());
    builder.environment().put("HUNTBOARD_START_TIMEOUT", String.valueOf(budget.toSeconds()));
    Process launcher = builder.start();
    List<ProcessHandle> started = new ArrayList<>();
    try {
      waitFor(
          () -> Files.readString(output).contains("huntboard local: ready"),
          deadline,
          launcher,
          output);
      String log = Files.readString(output);
      assertThat(log)
          .contains("Huntboard runs at   http://127.0.0.1:" + portalPort)
          .contains("alice  analyst      acme")
          .containsPattern("first hunt of acme done: [1-9][0-9]* TigerVNC detection")
          .containsPattern("first hunt of globex done: [1-9][0-9]* TigerVNC detection");
      launcher.toHandle().descendants().forEach(started::add);

      String base = "http://127.0.0.1:" + portalPort;
      String acme = tenantId(base, "Acme (demo)");
      JsonNode token = analystToken("alice");
      JsonNode claims = claims(token.get("access_token").asText());
      assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
      assertThat(claims.get("tenants").toString()).contains("\"acme\"");
      assertThat(claims.get("roles").toString()).contains("\"analyst\"");

      HttpResponse<String> detections =
          http.send(
              asAnalyst(
                      HttpRequest.newBuilder(
                          URI.create(base + "/api/v1/tenants/" + acme + "/detections?size=500")),
                      token.get("access_token").asText(),
                      claims,
                      acme)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(detections.statusCode()).as(detections.body()).isEqualTo(200);
      JsonNode page = JSON.readTree(detections.body());
      assertThat(page.get("total").asLong()).isPositive();
      for (JsonNode detection : page.get("items")) {
        assertThat(detection.get("ruleId").asText()).isEqualTo(TIGERVNC);
      }
    } finally {
      // Ctrl-C: the terminal sends SIGINT to the launcher.
      new ProcessBuilder("kill", "-INT", String.valueOf(launcher.pid())).start().waitFor();
      boolean exited = launcher.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
      if (!exited) {
        launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
      }
      assertThat(exited).as("the launcher ended within 120 s of Ctrl-C").isTrue();
    }
    String log = Files.readString(output);
    assertThat(log).contains("huntboard local: stopped; the next start keeps the data");
    waitUntil(() -> started.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(30));
    assertThat(started.stream().filter(ProcessHandle::isAlive).map(this::describe).toList())
        .as("processes the launcher started that still run")
        .isEmpty();
    assertThat(listening(portalPort)).as("the portal's port is closed").isFalse();
    assertThat(listening(databasePort)).as("the embedded PostgreSQL's port is closed").isFalse();
    if (!keycloakWasUp) {
      assertThat(listening(KEYCLOAK_PORT))
          .as("the Keycloak the launcher started stopped")
          .isFalse();
    }
  }

  private HttpRequest.Builder asAnalyst(
      HttpRequest.Builder request, String accessToken, JsonNode claims, String tenantId) {
    request.header("Authorization", "Bearer " + accessToken);
    if (!oidcInstalled()) {
      // Until OpenID Connect is part of the build, dev mode takes the caller from its headers:
      // the token's user, roles and (mapped to the tenant's id) tenant.
      List<String> roles = new ArrayList<>();
      claims.get("roles").forEach(r -> roles.add(r.asText()));
      request
          .header("X-Huntboard-Dev-Actor", claims.get("preferred_username").asText())
          .header("X-Huntboard-Dev-Tenants", tenantId)
          .header("X-Huntboard-Dev-Roles", String.join(",", roles));
    }
    return request;
  }

  private static boolean oidcInstalled() {
    try {
      Class.forName(
          "io.quarkus.oidc.OidcTenantConfig", false, LocalLauncherIT.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private String tenantId(String base, String name) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants?size=500"))
                .header("X-Huntboard-Dev-Actor", "launcher-it")
                .header("X-Huntboard-Dev-Tenants", "*")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    for (JsonNode tenant : JSON.readTree(answer.body()).get("items")) {
      if (name.equals(tenant.get("displayName").asText())) {
        return tenant.get("id").asText();
      }
    }
    throw new AssertionError("no tenant " + name + " in " + answer.body());
  }

  private JsonNode analystToken(String user) throws IOException, InterruptedException {
    Map<String, String> form =
        Map.of(
            "grant_type", "password",
            "client_id", "huntboard-cli",
            "scope", "openid",
            "username", user,
            "password", user + "-demo-password");
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + KEYCLOAK_PORT
                            + "/realms/huntboard/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static JsonNode claims(String jwt) throws IOException {
    String[] parts = jwt.split("\\.");
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
  }

  private boolean answers(String url) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String describe(ProcessHandle process) {
    return process.pid() + " " + process.info().commandLine().orElse("?");
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition, Instant deadline, Process launcher, Path output)
      throws Exception {
    while (!condition.holds()) {
      if (!launcher.isAlive()) {
        throw new AssertionError(
            "the launcher exited with " + launcher.exitValue() + ":\n" + Files.readString(output));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "the launcher was not ready within the time budget:\n" + Files.readString(output));
      }
      Thread.sleep(1000);
    }
  }

  private static void waitUntil(Condition condition, Duration timeout) throws Exception {
    Instant end = Instant.now().plus(timeout);
    while (!condition.holds() && Instant.now().isBefore(end)) {
      Thread.sleep(500);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
