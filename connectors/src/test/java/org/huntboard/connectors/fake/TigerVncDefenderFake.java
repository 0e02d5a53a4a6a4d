package org.huntboard.connectors.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huntboard.connectors.spi.TimeWindow;

/**
 * Plays Defender's runHuntingQuery for the TigerVNC hunt over a fixed set of events: it reads the
 * request's {@code Timespan}, evaluates the hunt over the events of that window, and — as the
 * service does — answers at most 100,000 rows.
 */
public final class TigerVncDefenderFake implements ResponseDefinitionTransformerV2 {

  public static final String NAME = "tigervnc-defender";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TigerVncEvents.Event> events;
  private final int cap;

  /** The Timespans asked for, in order. */
  public final List<String> timespans = new CopyOnWriteArrayList<>();

  public TigerVncDefenderFake(List<TigerVncEvents.Event> events, int cap) {
    this.events = events;
    this.cap = cap;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    try {
      JsonNode body = JSON.readTree(serveEvent.getRequest().getBodyAsString());
      String timespan = body.path("Timespan").asText();
      timespans.add(timespan);
      String[] ends = timespan.split("/");
      TimeWindow w = new TimeWindow(Instant.parse(ends[0]), Instant.parse(ends[1]));
      ServiceBodies.Rows rows = TigerVncEvents.summarize(events, w);
      if (rows.rows().size() > cap) {
        rows = new ServiceBodies.Rows(rows.names(), rows.types(), rows.rows().subList(0, cap));
      }
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(200)
          .withHeader("Content-Type", "application/json; odata.metadata=minimal")
          .withBody(ServiceBodies.graph(rows, false))
          .build();
    } catch (IOException e) {
      return new ResponseDefinition(
          400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"" + e.getMessage() + "\"}}");
    }
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }
}
