package org.huntboard.connectors.defender;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.huntboard.connectors.fake.FakeAzure;
import org.huntboard.connectors.fake.ServiceBodies;
import org.huntboard.connectors.fake.TigerVncDefenderFake;
import org.huntboard.connectors.fake.TigerVncEvents;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Table;
import org.junit.jupiter.api.Test;

class DefenderSplitTest {

  static final TimeWindow WINDOW =
      new TimeWindow(Instant.parse("2026-11-28T09:00:00Z"), Instant.parse("2026-12-03T09:00:00Z"));

  /** Rows as comparable text, make_set's elements sorted (a set has no order). */
  static List<String> canonical(Table t) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<Object> row = new ArrayList<>(t.row(r));
      int rep = t.columnIndex("Report");
      TreeSet<Long> set = new TreeSet<>();
      ((com.fasterxml.jackson.databind.JsonNode) row.get(rep)).forEach(n -> set.add(n.asLong()));
      row.set(rep, set);
      out.add(row.toString());
    }
    out.sort(null);
    return out;
  }

  @Test
  void aTruncatedSummarizeIsSplitByTimeAndMergedByItsKeys() throws Exception {
    // 150,000 groups over the window (> the 100,000 cap), ~75,000 per half (< the cap), and 25
    // groups with events in both halves, whose min/max/count/set must be merged.
    List<TigerVncEvents.Event> events = TigerVncEvents.generate(WINDOW, 150_000, 25);
    TigerVncDefenderFake service = new TigerVncDefenderFake(events, DefenderConnector.ROW_CAP);
    try (FakeAzure azure = FakeAzure.start(service)) {
      azure
          .server()
          .stubFor(
              post(urlPathEqualTo(DefenderConnectorTest.HUNT))
                  .willReturn(aResponse().withTransformers(TigerVncDefenderFake.NAME)));
      Connector defender =
          ConnectorRegistry.load()
              .create(
                  "defender",
                  azure
                      .settings("tenant-a")
                      .property(ConnectorSettings.ENDPOINT, azure.baseUrl())
                      .build());

      QueryResult r = defender.run(TigerVncEvents.RULE_QUERY, WINDOW);

      ServiceBodies.Rows truth = TigerVncEvents.summarize(events, WINDOW);
      assertThat(r.table().rowCount()).isEqualTo(150_025);
      assertThat(r.statistics().requests()).isEqualTo(3);
      assertThat(r.statistics().parts()).isEqualTo(2);
      assertThat(r.statistics().splitDepth()).isEqualTo(1);
      assertThat(service.timespans)
          .containsExactly(
              "2026-11-28T09:00:00Z/2026-12-03T09:00:00Z",
              "2026-11-28T09:00:00Z/2026-11-30T21:00:00Z",
              "2026-11-30T21:00:00Z/2026-12-03T09:00:00Z");
      Table expected =
          new org.huntboard.connectors.spi.ResultRows(
                  truth.names(), truth.types(), truth.rows().stream().map(List::toArray).toList())
              .toTable();
      assertThat(canonical(r.table())).isEqualTo(canonical(expected));
      // a repeated group: seen in all five fifths of the window
      int row = -1;
      for (int i = 0; i < r.table().rowCount(); i++) {
        if ("dev-r3".equals(r.table().value(i, "DeviceId"))) {
          row = i;
        }
      }
      assertThat(r.table().value(row, "Count")).isEqualTo(5L);
      assertThat(((com.fasterxml.jackson.databind.JsonNode) r.table().value(row, "Report")).size())
          .isEqualTo(3);
      defender.close();
    }
  }

  @Test
  void stopsAtTheSplitDepthAndReportsTruncatedWithTheRowsOfThePart() {
    // every window, however small, answers a full page: the split can never complete
    List<TigerVncEvents.Event> events =
        TigerVncEvents.generate(WINDOW, DefenderConnector.ROW_CAP, 0);
    String fullPage = ServiceBodies.graph(TigerVncEvents.summarize(events, WINDOW), false);
    try (FakeAzure azure = FakeAzure.start()) {
      azure
          .server()
          .stubFor(
              post(urlPathEqualTo(DefenderConnectorTest.HUNT))
                  .willReturn(
                      aResponse()
                          .withStatus(200)
                          .withHeader("Content-Type", "application/json")
                          .withBody(fullPage)));
      Connector defender =
          ConnectorRegistry.load()
              .create(
                  "defender",
                  azure
                      .settings("tenant-a")
                      .property(ConnectorSettings.ENDPOINT, azure.baseUrl())
                      .build());

      ConnectorException e =
          catchThrowableOfType(
              () ->
                  defender.run(
                      TigerVncEvents.RULE_QUERY,
                      WINDOW,
                      RunOptions.defaults().withMaxSplitDepth(1)),
              ConnectorException.class);

      assertThat(e.failureClass()).isEqualTo(FailureClass.TRUNCATED);
      assertThat(e.getMessage()).contains("halved 1 times");
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.partialResult())
          .hasValueSatisfying(p -> assertThat(p.table().rowCount()).isEqualTo(100_000));
      defender.close();
    }
  }
}
