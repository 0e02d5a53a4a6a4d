package org.huntboard.connectors.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * TigerVNC network events and what the TigerVNC hunt makes of them: {@code summarize
 * FirstSeen=min(Timestamp), LastSeen=max(Timestamp), Report=make_set(ReportId), Count=count() by
 * DeviceId, DeviceName, RemoteUrl} over the events of a window — the answer a fake service gives.
 */
public final class TigerVncEvents {

  /** The TigerVNC rule's query, as the seed rule file has it. */
  public static final String RULE_QUERY =
      """
      let Time_start = now(-5d);
      let Time_end = now();
      //
      DeviceNetworkEvents
      | where Timestamp between (Time_start..Time_end)
      | where InitiatingProcessVersionInfoCompanyName has 'TigerVNC'
      and InitiatingProcessVersionInfoProductName has 'TigerVNC'
      | summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
      Report=make_set(ReportId), Count=count() by DeviceId, DeviceName,
      RemoteUrl
      """;

  /** One matching event. */
  public record Event(
      Instant timestamp, String deviceId, String deviceName, String remoteUrl, long reportId) {}

  public static final List<String> COLUMNS =
      List.of("DeviceId", "DeviceName", "RemoteUrl", "FirstSeen", "LastSeen", "Report", "Count");
  public static final List<ScalarType> TYPES =
      List.of(
          ScalarType.STRING,
          ScalarType.STRING,
          ScalarType.STRING,
          ScalarType.DATETIME,
          ScalarType.DATETIME,
          ScalarType.DYNAMIC,
          ScalarType.LONG);

  private TigerVncEvents() {}

  /**
   * {@code distinct} groups with one event each spread evenly over {@code window}, and {@code
   * repeated} groups with an event in every fifth of it (so their rows span the halves).
   */
  public static List<Event> generate(TimeWindow window, int distinct, int repeated) {
    List<Event> events = new ArrayList<>(distinct + repeated * 5);
    long span = window.length().toMillis();
    for (int i = 0; i < distinct; i++) {
      Instant t = window.start().plusMillis(span * i / distinct);
      events.add(
          new Event(
              t,
              "dev-" + (i % 97),
              "host-" + (i % 97) + ".contoso.com",
              "vnc-" + i + ".example.net",
              10_000L + i));
    }
    for (int g = 0; g < repeated; g++) {
      for (int k = 0; k < 5; k++) {
        Instant t = window.start().plusMillis(span * k / 5 + 1000L * g + 17);
        events.add(
            new Event(
                t,
                "dev-r" + g,
                "ws-r" + g + ".contoso.com",
                "tigervnc-relay.example.org",
                900_000L + g * 10L + (k % 3)));
      }
    }
    return events;
  }

  /** The hunt's result over {@code window}, groups in the order first seen. */
  public static ServiceBodies.Rows summarize(List<Event> events, TimeWindow window) {
    Map<List<String>, Object[]> groups = new LinkedHashMap<>();
    for (Event e : events) {
      if (e.timestamp().isBefore(window.start()) || !e.timestamp().isBefore(window.end())) {
        continue;
      }
      List<String> key = List.of(e.deviceId(), e.deviceName(), e.remoteUrl());
      Object[] g = groups.get(key);
      if (g == null) {
        ArrayNode set = JsonNodeFactory.instance.arrayNode().add(e.reportId());
        groups.put(
            key,
            new Object[] {
              e.deviceId(), e.deviceName(), e.remoteUrl(), e.timestamp(), e.timestamp(), set, 1L
            });
        continue;
      }
      if (e.timestamp().isBefore((Instant) g[3])) {
        g[3] = e.timestamp();
      }
      if (e.timestamp().isAfter((Instant) g[4])) {
        g[4] = e.timestamp();
      }
      ArrayNode set = (ArrayNode) g[5];
      boolean present = false;
      for (var n : set) {
        present |= n.asLong() == e.reportId();
      }
      if (!present) {
        set.add(e.reportId());
      }
      g[6] = (Long) g[6] + 1;
    }
    List<List<Object>> rows = new ArrayList<>(groups.size());
    for (Object[] g : groups.values()) {
      rows.add(List.of(g));
    }
    return new ServiceBodies.Rows(COLUMNS, TYPES, rows);
  }
}
