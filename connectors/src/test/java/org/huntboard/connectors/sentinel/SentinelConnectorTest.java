package org.huntboard.connectors.sentinel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import java.util.Arrays;
import java.util.List;
import org.huntboard.connectors.fake.FakeAzure;
import org.huntboard.connectors.fake.ServiceBodies;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SentinelConnectorTest {

  static final String WORKSPACE = "6f1d2c3b-0a9e-4f8d-b7c6-5e4d3c2b1a00";
  static final String QUERY_PATH = "/v1/workspaces/" + WORKSPACE + "/query";
  static final String QUERY =
      "DeviceNetworkEvents | where RemotePort == 5900 | project Timestamp, DeviceName";
  static final TimeWindow WINDOW =
      new TimeWindow(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z"));

  FakeAzure azure;
  Connector sentinel;

  @BeforeEach
  void start() {
    azure = FakeAzure.start();
    sentinel = connector(azure.settings("tenant-a"));
  }

  @AfterEach
  void stop() {
    sentinel.close();
    azure.close();
  }

  Connector connector(ConnectorSettings.Builder settings) {
    return ConnectorRegistry.load()
        .create(
            "sentinel",
            settings
                .property(ConnectorSettings.ENDPOINT, azure.baseUrl() + "/v1")
                .property(ConnectorSettings.WORKSPACE, WORKSPACE)
                .build());
  }

  void answer(ResponseDefinitionBuilder response) {
    azure.server().stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(response));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  static String oneApiError(String code, String message) {
    return "{\"error\":{\"message\":\""
        + message
        + "\",\"code\":\""
        + code
        + "\",\"correlationId\":\"2f6a2a7e-3f0b-4c59-9d76-8b0b3f1f0c11\"}}";
  }

  int queryRequests() {
    return azure.server().findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH))).size();
  }

  ConnectorException failure() {
    return catchThrowableOfType(() -> sentinel.run(QUERY, WINDOW), ConnectorException.class);
  }

  static ServiceBodies.Rows sample() throws Exception {
    return new ServiceBodies.Rows(
        List.of(
            "TimeGenerated",
            "Timestamp",
            "DeviceName",
            "RemotePort",
            "ReportId",
            "IsInitiatingProcessRemoteSession",
            "AdditionalFields"),
        List.of(
            ScalarType.DATETIME,
            ScalarType.DATETIME,
            ScalarType.STRING,
            ScalarType.INT,
            ScalarType.LONG,
            ScalarType.BOOL,
            ScalarType.DYNAMIC),
        List.of(
            List.of(
                Instant.parse("2026-12-01T10:39:12.0000000Z"),
                Instant.parse("2026-12-01T10:34:08.5212471Z"),
                "ws-01.contoso.com",
                5900,
                1234L,
                false,
                new ObjectMapper().readTree("{\"direction\":\"outbound\"}")),
            Arrays.asList(
                Instant.parse("2026-12-02T00:00:05Z"),
                Instant.parse("2026-12-02T00:00:00Z"),
                "ws-02.contoso.com",
                null,
                7L,
                true,
                null)));
  }

  @Test
  void queriesTheWorkspaceAndReturnsATypedTableWithStatistics() throws Exception {
    answer(json(200, ServiceBodies.logAnalytics(sample(), null)));

    QueryResult r = sentinel.run(QUERY, WINDOW);

    Table t = r.table();
    assertThat(t.columnTypes())
        .containsExactly(
            ScalarType.DATETIME,
            ScalarType.DATETIME,
            ScalarType.STRING,
            ScalarType.INT,
            ScalarType.LONG,
            ScalarType.BOOL,
            ScalarType.DYNAMIC);
    assertThat(t.value(0, "Timestamp")).isEqualTo(Instant.parse("2026-12-01T10:34:08.5212471Z"));
    assertThat(t.value(0, "RemotePort")).isEqualTo(5900);
    assertThat(t.value(1, "RemotePort")).isNull();
    assertThat(t.value(0, "AdditionalFields").toString()).isEqualTo("{\"direction\":\"outbound\"}");
    assertThat(r.statistics().requests()).isEqualTo(1);
    assertThat(r.statistics().serviceExecutionTimeIfKnown())
        .contains(Duration.ofNanos(418_700_000));
    azure
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withHeader("Authorization", equalTo("Bearer " + FakeAzure.ACCESS_TOKEN))
                .withHeader("Prefer", containing("wait=600"))
                .withHeader("Prefer", containing("include-statistics=true"))
                .withRequestBody(matchingJsonPath("$.query", equalTo(QUERY))));
  }

  @Test
  void widensTheIntervalForTimestampRulesAndKeepsItForTimeGeneratedRules() throws Exception {
    answer(json(200, ServiceBodies.logAnalytics(sample(), null)));
    TimeWindow old =
        new TimeWindow(
            Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));

    sentinel.run(QUERY, old);
    sentinel.run(QUERY, old, RunOptions.defaults().withTimeColumn(RunOptions.TIME_GENERATED));

    var requests = azure.server().findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH)));
    ObjectMapper json = new ObjectMapper();
    String widened = json.readTree(requests.get(0).getBodyAsString()).path("timespan").asText();
    String exact = json.readTree(requests.get(1).getBodyAsString()).path("timespan").asText();
    assertThat(widened).startsWith("2026-10-31T23:00").contains("/2026-11-04T00:00");
    assertThat(exact).startsWith("2026-11-01T00:00").contains("/2026-11-02T00:00");
  }

  @Test
  void sendsAdditionalWorkspaces() throws Exception {
    sentinel.close();
    sentinel =
        connector(
            azure
                .settings("tenant-a")
                .property(ConnectorSettings.ADDITIONAL_WORKSPACES, "ws-2, ws-3"));
    answer(json(200, ServiceBodies.logAnalytics(sample(), null)));

    sentinel.run(QUERY, WINDOW);

    azure
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withRequestBody(matchingJsonPath("$.workspaces[0]", equalTo("ws-2")))
                .withRequestBody(matchingJsonPath("$.workspaces[1]", equalTo("ws-3"))));
  }

  @Test
  void partialErrorIsReportedWithTheRowsKept() throws Exception {
    answer(
        json(
            200,
            ServiceBodies.logAnalytics(
                sample(),
                "Query result set has exceeded the internal record count limit 500000 records (E_QUERY_RESULT_SET_TOO_LARGE).")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.PARTIAL);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.serviceCode()).contains("PartialError");
    assertThat(e.partialResult())
        .hasValueSatisfying(p -> assertThat(p.table().rowCount()).isEqualTo(2));
  }

  @Test
  void syntaxErrorCarriesTheInnermostMessageAndPosition() {
    answer(
        json(
            400,
            "{\"error\":{\"message\":\"The request had some invalid properties\",\"code\":\"BadArgumentError\","
                + "\"correlationId\":\"2f6a2a7e-3f0b-4c59-9d76-8b0b3f1f0c11\",\"innererror\":{\"code\":\"SyntaxError\","
                + "\"message\":\"A recognition error occurred in the query.\",\"innererror\":{\"code\":\"SYN0002\","
                + "\"message\":\"Query could not be parsed at 'joi' on line [2,244]\",\"line\":2,\"pos\":244,\"token\":\"joi\"}}}}"));

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
            oneApiError(
                "InvalidTokenError",
                "The provided authentication is not valid for this resource")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAUTHORIZED);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void missingRoleIsForbiddenNamingTheRole() {
    answer(
        json(
            403,
            oneApiError(
                "InsufficientAccessError",
                "The provided credentials have insufficient access to perform the requested operation")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.FORBIDDEN);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.missingPermission())
        .hasValueSatisfying(p -> assertThat(p).contains("Log Analytics Reader"));
  }

  @Test
  void throttledQueryWaitsRetryAfterAndRetries() throws Exception {
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(QUERY_PATH))
                .inScenario("t")
                .whenScenarioStateIs(STARTED)
                .willReturn(
                    json(429, oneApiError("ThrottledError", "Your request was throttled"))
                        .withHeader("Retry-After", "9"))
                .willSetStateTo("ok"));
    azure
        .server()
        .stubFor(
            post(urlPathEqualTo(QUERY_PATH))
                .inScenario("t")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, ServiceBodies.logAnalytics(sample(), null))));

    QueryResult r = sentinel.run(QUERY, WINDOW);

    assertThat(r.statistics().requests()).isEqualTo(2);
    assertThat(queryRequests()).isEqualTo(2);
    assertThat(azure.time().sleeps()).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void serverErrorsAreRetriedThenUnavailable() {
    answer(json(500, oneApiError("InternalServerError", "Internal server error")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(queryRequests()).isEqualTo(4);
  }

  @Test
  void gatewayTimeoutIsATimeout() {
    answer(json(504, oneApiError("GatewayTimeout", "The query exceeded the server timeout")));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.TIMEOUT);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void slowAnswerTimesOutOnTheClient() {
    sentinel.close();
    sentinel =
        connector(
            azure
                .settings("tenant-a")
                .property(ConnectorSettings.SERVER_TIMEOUT, "1")
                .property(ConnectorSettings.REQUEST_TIMEOUT, "1"));
    answer(json(200, "{\"tables\":[]}").withFixedDelay(9000));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.TIMEOUT);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void malformedJsonIsUnavailable() {
    answer(
        json(
            200,
            "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\",\"type\":\"string\"}],\"rows\":[[\"x\""));

    ConnectorException e = failure();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
  }

  @Test
  void checkNamesTheDataConnectorToEnable() throws Exception {
    answer(
        json(
            400,
            "{\"error\":{\"message\":\"The request had some invalid properties\",\"code\":\"BadArgumentError\","
                + "\"innererror\":{\"code\":\"SemanticError\",\"message\":\"A semantic error occurred.\",\"innererror\":{\"code\":\"SEM0100\","
                + "\"message\":\"'take' operator: Failed to resolve table or column expression named 'DeviceNetworkEvents'\"}}}}"));

    List<TableAvailability> check =
        sentinel.check(List.of("DeviceNetworkEvents"), WINDOW, RunOptions.defaults());

    assertThat(check)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(TableAvailability.Status.MISSING);
              assertThat(a.fix())
                  .contains("Microsoft Defender XDR connector")
                  .contains("DeviceNetworkEvents");
            });
  }
}
