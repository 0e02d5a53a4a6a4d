package org.huntboard.connectors.defender;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.huntboard.connectors.fake.FakeAzure;
import org.huntboard.connectors.fake.ServiceBodies;
import org.huntboard.connectors.resilience.QuotaCycle;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DefenderConnectorTest {

  static final String HUNT = "/v1.0/security/runHuntingQuery";
  static final String QUERY =
      "DeviceNetworkEvents | where RemotePort == 5900 | project Timestamp, DeviceName";
  static final TimeWindow WINDOW =
      new TimeWindow(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z"));

  FakeAzure azure;
  Connector defender;

  @BeforeEach
  void start() {
    azure = FakeAzure.start();
    defender = connector("tenant-a");
  }

  @AfterEach
  void stop() {
    defender.close();
    azure.close();
  }

  Connector connector(String tenant) {
    return ConnectorRegistry.load()
        .create(
            "defender",
            azure.settings(tenant).property(ConnectorSettings.ENDPOINT, azure.baseUrl()).build());
  }

  void answer(ResponseDefinitionBuilder response) {
    azure.server().stubFor(post(urlPathEqualTo(HUNT)).willReturn(response));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String error(String code, String message) {
    return "{\"error\":{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\",\"innerError\":{\"date\":\"2026-12-03T09:07:31\",\"request-id\":\""
        + UUID.randomUUID()
        + "\"}}}";
  }

  int huntRequests() {
    return azure.server().findAll(postRequestedFor(urlPathEqualTo(HUNT))).size();
  }

  ConnectorException failure() {
    return catchThrowableOfType(() -> defender.run(QUERY, WINDOW), ConnectorException.class);
  }

  static ServiceBodies.Rows sample() throws Exception {
    return new ServiceBodies.Rows(
        List.of(
            "Timestamp",
            "DeviceName",
            "RemotePort",
            "ReportId",
            "IsLocal",
            "Score",
            "Report",
            "DeviceGuid"),
        List.of(
            ScalarType.DATETIME,
            ScalarType.STRING,
            ScalarType.INT,
            ScalarType.LONG,
            ScalarType.BOOL,
            ScalarType.REAL,
            ScalarType.DYNAMIC,
            ScalarType.GUID),
        List.of(
            List.of(
                Instant.parse("2026-12-01T10:34:08.5212471Z"),
                "ws-01.contoso.com",
                5900,
                1234L,
                false,
                0.5,
                new ObjectMapper().readTree("[1234,1235]"),
                UUID.fromString("0d5e7d6e-9c1a-4a0e-8c52-0f8a9ad5b001")),
            java.util.Arrays.asList(
                Instant.parse("2026-12-02T00:00:00Z"),
                "ws-02.contoso.com",
                null,
                7L,
                true,
                null,
                new ObjectMapper().readTree("{\"a\":\"b\"}"),
                null)));
  }

  @Test
  void postsQueryAndTimespanUnderAGraphTokenAndReturnsATypedTable() throws Exception {
    answer(json(200, ServiceBodies.graph(sample(), false)));

    QueryResult result = defender.run(QUERY, WINDOW);

    Table t = result.table();
    assertThat(t.columnNames())
        .containsExactly(
            "Timestamp",
            "DeviceName",
            "RemotePort",
            "ReportId",
            "IsLocal",
            "Score",
            "Report",
            "DeviceGuid");
    assertThat(t.columnTypes())
        .containsExactly(
            ScalarType.DATETIME,
            ScalarType.STRING,
            ScalarType.INT,
            ScalarType.LONG,
            ScalarType.BOOL,
            ScalarType.REAL,
            ScalarType.DYNAMIC,
            ScalarType.GUID);
    assertThat(t.value(0, "Timestamp")).isEqualTo(Instant.parse("2026-12-01T10:34:08.5212471Z"));
    assertThat(t.value(0, "RemotePort")).isEqualTo(5900);
    assertThat(t.value(0, "ReportId")).isEqualTo(1234L);
    assertThat(t.value(0, "Report").toString()).isEqualTo("[1234,1235]");
    assertThat(t.value(1, "RemotePort")).isNull();
    assertThat(t.value(1, "IsLocal")).isEqualTo(true);
    assertThat(result.statistics().requests()).isEqualTo(1);
    azure
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo(HUNT))
                .withHeader("Authorization", equalTo("Bearer " + FakeAzure.ACCESS_TOKEN))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(
                    equalToJson(
                        "{\"Query\":"
                            + new ObjectMapper().writeValueAsString(QUERY)
                            + ",\"Timespan\":\"2026-11-28T00:00:00Z/2026-12-03T00:00:00Z\"}")));
  }

  @Test
  void readsTheCapitalizedSchemaOfTheSecondDocExample() throws Exception {
    answer(json(200, ServiceBodies.graph(sample(), true)));

    Table t = defender.run(QUERY, WINDOW).table();

    assertThat(t.columnNames()).startsWith("Timestamp", "DeviceName");
    assertThat(t.value(1, "DeviceName")).isEqualTo("ws-02.contoso.com");
  }

  @Test
  void sharesOneCredentialPerTenantAndKeepsTenantsApart() throws Exception {
    answer(json(200, ServiceBodies.graph(sample(), false)));
    Connector again = connector("tenant-a");
    Connector other = connector("tenant-b");

    defender.run(QUERY, WINDOW);
    again.run(QUERY, WINDOW);
    other.run(QUERY, WINDOW);

    assertThat(azure.runtime().credentials().size()).isEqualTo(2);
    // tenant-a's two connectors share one credential and one token; tenant-b has its own
    assertThat(
            azure
                .server()
                .findAll(
                    postRequestedFor(
                        urlPathEqualTo("/" + FakeAzure.ENTRA_TENANT + "/oauth2/v2.0/token"))))
        .hasSize(2);
    assertThat(huntRequests()).isEqualTo(3);
    again.close();
    other.close();
  }

  @Test
  void waitsTheRetryAfterOfA429AndRetries() throws Exception {
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .inScenario("t")
                .whenScenarioStateIs(STARTED)
                .willReturn(
                    json(
                            429,
                            "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"API calls quota exceeded! maximum allowed 45 per 00:01:00\"}}")
                        .withHeader("Retry-After", "17"))
                .willSetStateTo("ok"));
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .inScenario("t")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, ServiceBodies.graph(sample(), false))));

    QueryResult r = defender.run(QUERY, WINDOW);

    assertThat(r.table().rowCount()).isEqualTo(2);
    assertThat(r.statistics().requests()).isEqualTo(2);
    assertThat(azure.time().sleeps()).containsExactly(Duration.ofSeconds(17));
  }

  @Test
  void backsOffExponentiallyWithoutRetryAfterAndStopsAfterFourAttempts() {
    answer(
        json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests\"}}"));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.THROTTLED);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(huntRequests()).isEqualTo(4);
    List<Duration> sleeps = azure.time().sleeps();
    assertThat(sleeps).hasSize(3);
    // equal jitter: attempt n waits between half and all of 1 s * 2^(n-1)
    for (int i = 0; i < 3; i++) {
      long cap = 1000L << i;
      assertThat(sleeps.get(i).toMillis()).isBetween(cap / 2, cap);
    }
  }

  @Test
  void cpuQuotaFailsAtOnceAndHoldsTheTenantUntilTheNextCycle() throws Exception {
    answer(
        json(
            429,
            error(
                "TooManyRequests",
                "Tenant has exceeded the allocated resources: CPU quota for the current 15-minute cycle is exhausted.")));
    Instant now = azure.time().instant();

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.QUOTA_EXHAUSTED);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(huntRequests()).isEqualTo(1);
    assertThat(e.retryAfter()).contains(Duration.between(now, QuotaCycle.next(now)));
    assertThat(azure.time().sleeps()).isEmpty();

    answer(json(200, ServiceBodies.graph(sample(), false)));
    defender.run(QUERY, WINDOW);
    // the next hunt of the tenant waited for the cycle instead of hitting the service again
    assertThat(azure.time().instant()).isAfterOrEqualTo(QuotaCycle.next(now));
    assertThat(huntRequests()).isEqualTo(2);
  }

  @Test
  void badQueryCarriesTheServiceMessageAndPosition() {
    answer(json(400, error("BadRequest", "Query could not be parsed at 'joi' on line [2,244]")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.BAD_QUERY);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).contains("Query could not be parsed at 'joi'");
    assertThat(e.position())
        .hasValueSatisfying(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.column()).isEqualTo(244);
              assertThat(p.token()).isEqualTo("joi");
            });
  }

  @Test
  void rejectedTokenIsUnauthorized() {
    answer(
        json(
            401,
            error(
                "InvalidAuthenticationToken",
                "Access token validation failure. Invalid audience.")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAUTHORIZED);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.failureClass().exitCode()).isEqualTo(6);
  }

  @Test
  void missingRoleIsForbiddenAndNamed() {
    answer(
        json(
            403,
            error(
                "Forbidden",
                "Missing application roles. API required roles: ThreatHunting.Read.All.")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.FORBIDDEN);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.missingPermission()).contains("ThreatHunting.Read.All");
  }

  @Test
  void serverErrorsAreRetriedThenReportedUnavailable() {
    answer(json(500, error("InternalServerError", "An unexpected error occurred.")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(huntRequests()).isEqualTo(4);
    assertThat(e.failureClass().exitCode()).isEqualTo(7);
  }

  @Test
  void malformedJsonIsUnavailable() {
    answer(
        json(
            200,
            "{\"schema\":[{\"name\":\"Timestamp\",\"type\":\"DateTime\"}],\"results\":[{\"Timestamp\":"));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.getMessage()).contains("unreadable");
    assertThat(e.attempts()).isEqualTo(4);
  }

  @Test
  void slowAnswerTimesOutOnTheClientAndIsNotRetried() {
    defender.close();
    defender =
        ConnectorRegistry.load()
            .create(
                "defender",
                azure
                    .settings("tenant-a")
                    .property(ConnectorSettings.ENDPOINT, azure.baseUrl())
                    .property(ConnectorSettings.REQUEST_TIMEOUT, "PT0.5S")
                    .build());
    answer(json(200, "{\"schema\":[],\"results\":[]}").withFixedDelay(2500));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.TIMEOUT);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.failureClass().exitCode()).isEqualTo(4);
  }

  @Test
  void aFullPageOfAnUnsplittableQueryIsTruncatedWithItsRows() {
    List<List<Object>> rows = new ArrayList<>(DefenderConnector.ROW_CAP);
    for (int i = 0; i < DefenderConnector.ROW_CAP; i++) {
      rows.add(List.of("device-" + i, (long) i));
    }
    answer(
        json(
            200,
            ServiceBodies.graph(
                new ServiceBodies.Rows(
                    List.of("DeviceName", "ReportId"),
                    List.of(ScalarType.STRING, ScalarType.LONG),
                    rows),
                false)));

    ConnectorException e =
        catchThrowableOfType(
            () ->
                defender.run(
                    "DeviceNetworkEvents | project DeviceName, ReportId | take 150000", WINDOW),
            ConnectorException.class);

    assertThat(e.failureClass()).isEqualTo(FailureClass.TRUNCATED);
    assertThat(e.getMessage()).contains("cannot be split");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.partialResult())
        .hasValueSatisfying(r -> assertThat(r.table().rowCount()).isEqualTo(100_000));
  }

  @Test
  void checkReportsPresentMissingAndForbiddenTablesWithFixes() throws Exception {
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.Query", equalTo("DeviceNetworkEvents | take 1")))
                .willReturn(json(200, ServiceBodies.graph(sample(), false))));
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.Query", equalTo("DeviceFileCertificateInfo | take 1")))
                .willReturn(
                    json(
                        200,
                        "{\"schema\":[{\"name\":\"Timestamp\",\"type\":\"DateTime\"}],\"results\":[]}")));
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.Query", equalTo("DeviceTvmSoftwareInventory | take 1")))
                .willReturn(
                    json(
                        400,
                        error(
                            "BadRequest",
                            "'DeviceTvmSoftwareInventory' operator: Failed to resolve table or column expression named 'DeviceTvmSoftwareInventory'"))));

    List<TableAvailability> check =
        defender.check(
            List.of(
                "DeviceNetworkEvents", "DeviceFileCertificateInfo", "DeviceTvmSoftwareInventory"),
            WINDOW,
            org.huntboard.connectors.spi.RunOptions.defaults());

    assertThat(check)
        .extracting(TableAvailability::status)
        .containsExactly(
            TableAvailability.Status.PRESENT,
            TableAvailability.Status.EMPTY,
            TableAvailability.Status.MISSING);
    assertThat(check.get(2).fix()).contains("Defender for Endpoint");
    assertThat(check.get(0).fix()).isEmpty();
  }

  @Test
  void aTenantOutOfCpuQuotaDoesNotSlowAnotherTenant() throws Exception {
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.Query",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("tenant-a")))
                .willReturn(
                    json(
                        429,
                        error("TooManyRequests", "CPU resources exhausted for this tenant."))));
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(HUNT))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.Query",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("tenant-b")))
                .willReturn(json(200, ServiceBodies.graph(sample(), false))));
    Connector tenantB = connector("tenant-b");

    ConnectorException e =
        catchThrowableOfType(
            () -> defender.run("DeviceNetworkEvents | where DeviceName == 'tenant-a'", WINDOW),
            ConnectorException.class);
    for (int i = 0; i < 10; i++) {
      tenantB.run("DeviceNetworkEvents | where DeviceName == 'tenant-b'", WINDOW);
    }

    assertThat(e.failureClass()).isEqualTo(FailureClass.QUOTA_EXHAUSTED);
    assertThat(azure.time().sleeps()).as("tenant-b never waited for tenant-a's quota").isEmpty();
    tenantB.close();
  }

  @Test
  void cancellingARunAbortsTheRequestInFlight() throws Exception {
    answer(json(200, ServiceBodies.graph(sample(), false)).withFixedDelay(20_000));
    org.huntboard.connectors.spi.Cancellation cancel =
        new org.huntboard.connectors.spi.Cancellation();
    java.util.concurrent.Executors.newSingleThreadScheduledExecutor()
        .schedule(cancel::cancel, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
    long started = System.nanoTime();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                defender.run(
                    QUERY,
                    WINDOW,
                    org.huntboard.connectors.spi.RunOptions.defaults().withCancellation(cancel)))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
