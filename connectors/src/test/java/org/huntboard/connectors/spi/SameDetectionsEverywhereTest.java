package org.huntboard.connectors.spi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.huntboard.connectors.fake.FakeAzure;
import org.huntboard.connectors.fake.ServiceBodies;
import org.huntboard.connectors.fake.TigerVncEvents;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;
import org.huntboard.connectors.table.Table;
import org.junit.jupiter.api.Test;

/**
 * The TigerVNC hunt over one generated tenant database gives the same detections from the embedded
 * engine, from a fake Defender and from a fake Sentinel, each fake serving the engine's rows in its
 * own service's response format.
 */
class SameDetectionsEverywhereTest {

  static final String WORKSPACE = "6f1d2c3b-0a9e-4f8d-b7c6-5e4d3c2b1a00";

  static List<String> canonical(Table t) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<Object> row = new ArrayList<>(t.row(r));
      for (int c = 0; c < row.size(); c++) {
        if (row.get(c) instanceof JsonNode j && j.isArray()) {
          TreeSet<String> set = new TreeSet<>();
          j.forEach(n -> set.add(n.toString()));
          row.set(c, set);
        }
      }
      out.add(row.toString());
    }
    out.sort(null);
    return out;
  }

  static ServiceBodies.Rows rowsOf(Table t) {
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      rows.add(new ArrayList<>(t.row(r)));
    }
    return new ServiceBodies.Rows(t.columnNames(), t.columnTypes(), rows);
  }

  @Test
  void tigerVncHuntGivesIdenticalDetectionsFromEngineDefenderAndSentinel() throws Exception {
    Path db = Files.createTempDirectory("huntboard-tenant");
    try (FakeAzure azure = FakeAzure.start()) {
      TelemetryGenerator.GenerationResult generated =
          TelemetryGenerator.generate(
              new GeneratorOptions(db, 12, 7, 20261203L, azure.time().instant(), 30, null));
      TimeWindow window = TimeWindow.ending(azure.time().instant(), Duration.ofDays(5));
      ConnectorRegistry registry = ConnectorRegistry.load();

      Connector local =
          registry.create(
              "local",
              ConnectorSettings.builder("tenant-a")
                  .runtime(azure.runtime())
                  .property(ConnectorSettings.DATABASE, db.toString())
                  .build());
      Table engine = local.run(TigerVncEvents.RULE_QUERY, window).table();

      assertThat(engine.rowCount()).isPositive();
      assertThat(engine.rowCount())
          .isEqualTo(
              (int)
                  generated.tigerVncPairs().stream()
                      .filter(TelemetryGenerator.Pair::inRuleWindow)
                      .count());

      azure
          .server()
          .stubFor(
              post(urlPathEqualTo("/v1.0/security/runHuntingQuery"))
                  .willReturn(
                      aResponse()
                          .withStatus(200)
                          .withHeader("Content-Type", "application/json")
                          .withBody(ServiceBodies.graph(rowsOf(engine), false))));
      azure
          .server()
          .stubFor(
              post(urlPathEqualTo("/v1/workspaces/" + WORKSPACE + "/query"))
                  .willReturn(
                      aResponse()
                          .withStatus(200)
                          .withHeader("Content-Type", "application/json")
                          .withBody(ServiceBodies.logAnalytics(rowsOf(engine), null))));
      Connector defender =
          registry.create(
              "defender",
              azure
                  .settings("tenant-a")
                  .property(ConnectorSettings.ENDPOINT, azure.baseUrl())
                  .build());
      Connector sentinel =
          registry.create(
              "sentinel",
              azure
                  .settings("tenant-a")
                  .property(ConnectorSettings.ENDPOINT, azure.baseUrl() + "/v1")
                  .property(ConnectorSettings.WORKSPACE, WORKSPACE)
                  .build());

      Table fromDefender = defender.run(TigerVncEvents.RULE_QUERY, window).table();
      Table fromSentinel = sentinel.run(TigerVncEvents.RULE_QUERY, window).table();

      for (Table t : List.of(fromDefender, fromSentinel)) {
        assertThat(t.columnNames()).isEqualTo(engine.columnNames());
        assertThat(t.columnTypes()).isEqualTo(engine.columnTypes());
        assertThat(canonical(t)).isEqualTo(canonical(engine));
      }
      defender.close();
      sentinel.close();
    }
  }
}
