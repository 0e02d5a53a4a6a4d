package org.huntboard.web.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.huntboard.web.cli.HuntboardCliTest.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code huntboard query|check --connector defender} against an HTTPS WireMock server playing Entra
 * ID's token endpoint and Graph's runHuntingQuery, trusted through {@code --ca-file}.
 */
class HuntboardConnectorCliTest {

  static final String ENTRA_TENANT = "11111111-2222-3333-4444-555555555555";
  static final String CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  static final String SECRET = "Q~huntboard-cli-TEST-secret";
  static final String HUNT = "/v1.0/security/runHuntingQuery";
  static final String WINDOW = "2026-03-01T12:00:00Z/2026-03-06T12:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static WireMockServer server;
  static Path caFile;

  @BeforeAll
  static void startFakeAzure() throws IOException, InterruptedException {
    Path keystore = dir.resolve("fake.p12");
    caFile = dir.resolve("fake-ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    keytool(
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
        "changeit");
    keytool(
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
        caFile.toString());
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
  }

  @AfterAll
  static void stopFakeAzure() {
    server.stop();
  }

  @BeforeEach
  void resetStubs() {
    server.resetAll();
    String base = baseUrl() + "/" + ENTRA_TENANT;
    server.stubFor(
        post(urlPathEqualTo("/" + ENTRA_TENANT + "/oauth2/v2.0/token"))
            .willReturn(
                json(
                    200,
                    "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                        + "\"access_token\":\"eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake.\"}")));
    server.stubFor(
        get(urlPathEqualTo("/" + ENTRA_TENANT + "/v2.0/.well-known/openid-configuration"))
            .willReturn(
                json(
                    200,
                    "{\"token_endpoint\":\""
                        + base
                        + "/oauth2/v2.0/token\",\"issuer\":\""
                        + base
                        + "/v2.0\",\"authorization_endpoint\":\""
                        + base
                        + "/oauth2/v2.0/authorize\"}")));
  }

  static String baseUrl() {
    return "https://localhost:" + server.httpsPort();
  }

  static void keytool(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String graphError(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  static Map<String, String> credentialEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("AZURE_TENANT_ID", ENTRA_TENANT);
    env.put("AZURE_CLIENT_ID", CLIENT_ID);
    env.put("AZURE_CLIENT_SECRET", SECRET);
    return env;
  }

  static Run huntboard(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Huntboard.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            env);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code huntboard <command> --connector defender} with every endpoint at the fake. */
  static Run defender(Map<String, String> env, String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--connector",
                "defender",
                "--authority-host",
                baseUrl() + "/",
                "--endpoint",
                baseUrl(),
                "--ca-file",
                caFile.toString(),
                "--window",
                WINDOW));
    args.addAll(List.of(more));
    return huntboard(env, args.toArray(String[]::new));
  }

  @Test
  void ruleRunsOnDefenderOverTheWindowAndPrintsTheRows() throws IOException {
    server.stubFor(
        post(urlPathEqualTo(HUNT))
            .willReturn(
                json(
                    200,
                    "{\"schema\":[{\"name\":\"DeviceName\",\"type\":\"String\"},"
                        + "{\"name\":\"RemoteUrl\",\"type\":\"String\"},"
                        + "{\"name\":\"Count\",\"type\":\"Int64\"}],"
                        + "\"results\":[{\"DeviceName\":\"ws-01.contoso.com\","
                        + "\"RemoteUrl\":\"vnc.example.net\",\"Count\":3}]}")));

    Run run =
        defender(
            credentialEnv(),
            "query",
            "--format",
            "json",
            "--rule",
            HuntboardCliTest.RULE.toString(),
            "--exclusions",
            HuntboardExclusionsCliTest.TEMPLATES.toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode rows = JSON.readTree(run.out()).path("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(0).asText()).isEqualTo("ws-01.contoso.com");
    assertThat(rows.get(0).get(2).asLong()).isEqualTo(3);
    List<LoggedRequest> hunts = server.findAll(postRequestedFor(urlPathEqualTo(HUNT)));
    assertThat(hunts).hasSize(1);
    JsonNode body = JSON.readTree(hunts.get(0).getBodyAsString());
    assertThat(body.path("Timespan").asText())
        .isEqualTo("2026-03-01T12:00:00Z/2026-03-06T12:00:00Z");
    assertThat(body.path("Query").asText())
        .contains("InitiatingProcessVersionInfoCompanyName has \"TigerVNC\"")
        .contains("HuntboardExclusion = case(");
    assertThat(run.err()).doesNotContain(SECRET);
  }

  @Test
  void throttledRunIsExitFiveWithTheServiceMessage() throws IOException {
    server.stubFor(
        post(urlPathEqualTo(HUNT))
            .willReturn(
                json(429, graphError("TooManyRequests", "Too many requests from tenant"))
                    // Longer than the connector waits out: it fails at once, with the wait.
                    .withHeader("Retry-After", "300")));
    Path query = dir.resolve("q.kql");
    Files.writeString(query, "DeviceNetworkEvents | take 5");

    Run run = defender(credentialEnv(), "query", "--query", query.toString());

    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err())
        .contains("throttled: ")
        .contains("Too many requests from tenant")
        .contains("[retry after 300 s]");
    assertThat(server.findAll(postRequestedFor(urlPathEqualTo(HUNT)))).hasSize(1);
  }

  @Test
  void rejectedTokenIsExitSix() throws IOException {
    server.stubFor(
        post(urlPathEqualTo(HUNT))
            .willReturn(
                json(
                    401,
                    graphError(
                        "InvalidAuthenticationToken",
                        "Access token validation failure. Invalid audience."))));
    Path query = dir.resolve("q6.kql");
    Files.writeString(query, "DeviceNetworkEvents | take 5");

    Run run = defender(credentialEnv(), "query", "--query", query.toString());

    assertThat(run.code()).isEqualTo(6);
    assertThat(run.err()).contains("unauthorized: ").contains("Invalid audience");
  }

  @Test
  void missingCredentialVariableIsAUsageErrorNamingIt() {
    Map<String, String> env = credentialEnv();
    env.remove("AZURE_CLIENT_SECRET");

    Run run = defender(env, "query", "--rule", HuntboardCliTest.RULE.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("AZURE_CLIENT_SECRET");
    assertThat(server.findAll(postRequestedFor(urlPathEqualTo(HUNT)))).isEmpty();

    Run noTenant =
        huntboard(
            Map.of(),
            "query",
            "--connector",
            "defender",
            "--rule",
            HuntboardCliTest.RULE.toString());
    assertThat(noTenant.code()).isEqualTo(1);
    assertThat(noTenant.err()).contains("AZURE_TENANT_ID").contains("AZURE_CLIENT_ID");
  }

  @Test
  void sentinelWithoutWorkspaceIsAUsageErrorNamingIt() {
    Run run =
        huntboard(
            credentialEnv(),
            "query",
            "--connector",
            "sentinel",
            "--rule",
            HuntboardCliTest.RULE.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("--workspace");
  }

  @Test
  void checkReportsEachTableAndExitsEightWhenOneIsMissing() {
    server.stubFor(
        post(urlPathEqualTo(HUNT))
            .withRequestBody(containing("DeviceNetworkEvents"))
            .willReturn(
                json(
                    200,
                    "{\"schema\":[{\"name\":\"DeviceName\",\"type\":\"String\"}],"
                        + "\"results\":[{\"DeviceName\":\"ws-01\"}]}")));
    server.stubFor(
        post(urlPathEqualTo(HUNT))
            .withRequestBody(containing("DeviceTvmSoftwareInventory"))
            .willReturn(
                json(
                    400,
                    graphError(
                        "BadRequest",
                        "Failed to resolve table expression named 'DeviceTvmSoftwareInventory'"))));

    Run ok = defender(credentialEnv(), "check", "--rule", HuntboardCliTest.RULE.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("DeviceNetworkEvents: present\n");

    Run missing =
        defender(
            credentialEnv(), "check", "--tables", "DeviceNetworkEvents,DeviceTvmSoftwareInventory");
    assertThat(missing.code()).as(missing.err()).isEqualTo(8);
    assertThat(missing.out())
        .contains("DeviceNetworkEvents: present")
        .contains("DeviceTvmSoftwareInventory: missing (")
        .contains("Failed to resolve table expression named 'DeviceTvmSoftwareInventory'")
        .contains("needs the Microsoft Defender product that provides it");
  }
}
