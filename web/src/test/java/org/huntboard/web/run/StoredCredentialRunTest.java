package org.huntboard.web.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.huntboard.web.run.service.HuntRunner;
import org.huntboard.web.support.Callers;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's stored credential set runs its hunts on Defender and Sentinel: the settings come from
 * the tenant (Entra tenant id, workspace, decrypted client secret), the endpoints from
 * configuration pointed at an HTTPS fake of Entra ID, Graph and Log Analytics.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAzureResource.class, restrictToAnnotatedClass = true)
class StoredCredentialRunTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";
  private static final String SECRET = "Q~stored+secret/for=huntboard&tests";
  private static final String CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  private static final String WORKSPACE = "b3c1f0de-5e0a-4f5e-9d43-0c6e1e0c1a77";
  private static final String HUNT = "/v1.0/security/runHuntingQuery";
  private static final String LOGS = "/v1/workspaces/" + WORKSPACE + "/query";
  private static final Instant START = Instant.parse("2026-05-10T11:30:00Z");

  @Inject MutableClock clock;
  @Inject HuntRunner runner;
  @Inject RecordingHuntExecutor executor;

  private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String message = record.getMessage() == null ? "" : record.getMessage();
          if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
              message += " " + p;
            }
          }
          if (record.getThrown() != null) {
            message += " " + record.getThrown();
          }
          logs.add(message);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    java.util.logging.Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void reset() {
    java.util.logging.Logger.getLogger("").removeHandler(capture);
    clock.reset();
    FakeAzureResource.server.resetAll();
  }

  @Test
  void runsOnDefenderAndSentinelWithTheStoredSecretAndClassifiesRefusals() {
    UUID entra = UUID.randomUUID();
    stubEntra(entra);
    clock.set(START);
    UUID tenant = tenant(entra);
    setClientSecret(tenant);
    UUID defender = assign(tenant, "DEFENDER");
    UUID sentinel = assign(tenant, "SENTINEL");

    FakeAzureResource.server.stubFor(
        post(urlPathEqualTo(HUNT)).willReturn(json(200, graphRows("ws-defender.contoso.local"))));
    FakeAzureResource.server.stubFor(
        post(urlPathEqualTo(LOGS))
            .willReturn(json(200, logAnalyticsRows("ws-sentinel.contoso.local"))));
    clock.set(Instant.parse("2026-05-10T12:01:30Z"));
    assertThat(runner.runDue(defender, "node-a").finished()).isEqualTo(1);
    assertThat(runner.runDue(sentinel, "node-a").finished()).isEqualTo(1);

    List<LoggedRequest> tokens =
        FakeAzureResource.server.findAll(postRequestedFor(urlPathEqualTo(tokenPath(entra))));
    assertThat(tokens).isNotEmpty();
    assertThat(tokens.get(0).getBodyAsString())
        .contains("client_id=" + CLIENT_ID)
        .contains("client_secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
    assertThat(FakeAzureResource.server.findAll(postRequestedFor(urlPathEqualTo(LOGS)))).hasSize(1);
    assertThat(
            Callers.member("analyst", tenant)
                .queryParam("outcome", "SUCCEEDED")
                .get("/api/v1/tenants/{t}/runs", tenant)
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("items.connector"))
        .containsExactlyInAnyOrder("DEFENDER", "SENTINEL");
    assertThat(
            Callers.member("analyst", tenant)
                .get("/api/v1/tenants/{t}/detections", tenant)
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("items.grouping.DeviceName"))
        .containsExactlyInAnyOrder("ws-defender.contoso.local", "ws-sentinel.contoso.local");

    // Graph refuses the token: not retryable, the credential must be fixed.
    FakeAzureResource.server.stubFor(
        post(urlPathEqualTo(HUNT))
            .willReturn(
                json(
                    401,
                    "{\"error\":{\"code\":\"InvalidAuthenticationToken\","
                        + "\"message\":\"Access token validation failure.\"}}")));
    clock.advance(Duration.ofHours(1));
    runner.runDue(defender, "node-a");
    assertThat(lastFailure(tenant, defender)).containsEntry("failureClass", "UNAUTHORIZED");

    // Graph throttles: retryable, after the wait.
    FakeAzureResource.server.stubFor(
        post(urlPathEqualTo(HUNT))
            .willReturn(
                json(
                        429,
                        "{\"error\":{\"code\":\"TooManyRequests\","
                            + "\"message\":\"Too many requests from tenant\"}}")
                    .withHeader("Retry-After", "300")));
    clock.advance(Duration.ofHours(1));
    runner.runDue(defender, "node-a");
    Map<String, Object> throttled = lastFailure(tenant, defender);
    assertThat(throttled)
        .containsEntry("failureClass", "THROTTLED")
        .containsEntry("retryable", true);

    assertThat(logs).isNotEmpty();
    assertThat(logs).noneMatch(line -> line.contains(SECRET));
    assertThat(Callers.admin().get("/api/v1/tenants/{t}/runs", tenant).then().extract().asString())
        .doesNotContain(SECRET);
    assertThat(Callers.admin().get("/api/v1/tenants/{t}", tenant).then().extract().asString())
        .doesNotContain(SECRET);
  }

  @Test
  void aConnectorWithoutItsCredentialIsNotConfiguredAndNamesTheFix() {
    clock.set(START);
    UUID tenant = tenant(UUID.randomUUID());
    UUID defender = assign(tenant, "DEFENDER");
    clock.set(Instant.parse("2026-05-10T12:01:30Z"));
    runner.runDue(defender, "node-a");
    Map<String, Object> run = lastFailure(tenant, defender);
    assertThat(run).containsEntry("failureClass", "NOT_CONFIGURED");
    assertThat((String) run.get("failureMessage"))
        .contains("no credential set")
        .contains("/api/v1/tenants/" + tenant + "/credential");
    assertThat(FakeAzureResource.server.findAll(postRequestedFor(urlPathEqualTo(HUNT)))).isEmpty();
  }

  private Map<String, Object> lastFailure(UUID tenant, UUID assignment) {
    return Callers.admin()
        .queryParam("assignmentId", assignment.toString())
        .queryParam("outcome", "FAILED")
        .get("/api/v1/tenants/{t}/runs", tenant)
        .then()
        .statusCode(200)
        .extract()
        .path("items[0]");
  }

  private static UUID tenant(UUID entra) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "displayName",
                    "Cloud " + UUID.randomUUID().toString().substring(0, 8),
                    "entraTenantId",
                    entra.toString(),
                    "connectors",
                    List.of(
                        Map.of("kind", "DEFENDER"),
                        Map.of("kind", "SENTINEL", "workspaceIds", List.of(WORKSPACE)))))
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }

  private static void setClientSecret(UUID tenant) {
    Callers.admin()
        .body(Map.of("kind", "CLIENT_SECRET", "clientId", CLIENT_ID, "secret", SECRET))
        .put("/api/v1/tenants/{t}/credential", tenant)
        .then()
        .statusCode(200);
  }

  private UUID assign(UUID tenant, String connector) {
    String id =
        Callers.admin()
            .body(
                Map.of(
                    "ruleId",
                    TIGERVNC,
                    "connector",
                    connector,
                    "frequency",
                    "PT1H",
                    "lookback",
                    "P5D"))
            .post("/api/v1/tenants/{t}/assignments", tenant)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    UUID assignment = UUID.fromString(id);
    executor.useRealExecutor(assignment);
    return assignment;
  }

  private static String tokenPath(UUID entra) {
    return "/" + entra + "/oauth2/v2.0/token";
  }

  private static void stubEntra(UUID entra) {
    String base = "https://localhost:" + FakeAzureResource.server.httpsPort() + "/" + entra;
    FakeAzureResource.server.stubFor(
        post(urlPathEqualTo(tokenPath(entra)))
            .willReturn(
                json(
                    200,
                    "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                        + "\"access_token\":\"eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake.\"}")));
    FakeAzureResource.server.stubFor(
        get(urlPathEqualTo("/" + entra + "/v2.0/.well-known/openid-configuration"))
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

  /** Graph's huntingQueryResults with one TigerVNC row. */
  private static String graphRows(String device) {
    return "{\"schema\":[{\"name\":\"DeviceId\",\"type\":\"String\"},"
        + "{\"name\":\"DeviceName\",\"type\":\"String\"},"
        + "{\"name\":\"RemoteUrl\",\"type\":\"String\"},"
        + "{\"name\":\"FirstSeen\",\"type\":\"DateTime\"},"
        + "{\"name\":\"LastSeen\",\"type\":\"DateTime\"},"
        + "{\"name\":\"Report\",\"type\":\"Object\"},"
        + "{\"name\":\"Count\",\"type\":\"Int64\"}],"
        + "\"results\":[{\"DeviceId\":\"d-1\",\"DeviceName\":\""
        + device
        + "\",\"RemoteUrl\":\"vnc.example.net\",\"FirstSeen\":\"2026-05-10T10:00:00.0000000Z\","
        + "\"LastSeen\":\"2026-05-10T11:45:00.0000000Z\",\"Report\":[101,102],\"Count\":2}]}";
  }

  /** Log Analytics' tables with one TigerVNC row (dynamic values as strings, as it sends them). */
  private static String logAnalyticsRows(String device) {
    return "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":["
        + "{\"name\":\"DeviceId\",\"type\":\"string\"},{\"name\":\"DeviceName\",\"type\":\"string\"},"
        + "{\"name\":\"RemoteUrl\",\"type\":\"string\"},{\"name\":\"FirstSeen\",\"type\":\"datetime\"},"
        + "{\"name\":\"LastSeen\",\"type\":\"datetime\"},{\"name\":\"Report\",\"type\":\"dynamic\"},"
        + "{\"name\":\"Count\",\"type\":\"long\"}],\"rows\":[[\"d-2\",\""
        + device
        + "\",\"vnc.example.net\",\"2026-05-10T10:05:00.0000000Z\",\"2026-05-10T11:40:00.0000000Z\","
        + "\"[201]\",1]]}],\"statistics\":{\"query\":{\"executionTime\":0.1,\"resourceUsage\":1}}}";
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
