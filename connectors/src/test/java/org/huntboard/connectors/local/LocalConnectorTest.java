package org.huntboard.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.FailureClass;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.Test;

class LocalConnectorTest {

  static final TimeWindow WINDOW =
      new TimeWindow(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

  static LocalConnector connector() {
    Table events =
        Table.builder()
            .column("Timestamp", ScalarType.DATETIME)
            .column("DeviceName", ScalarType.STRING)
            .addRow(Instant.parse("2026-11-30T23:59:59Z"), "before")
            .addRow(Instant.parse("2026-12-01T00:00:00Z"), "first")
            .addRow(Instant.parse("2026-12-01T12:00:00Z"), "middle")
            .addRow(Instant.parse("2026-12-02T00:00:00Z"), "at-end")
            .build();
    return LocalConnectorFactory.of(
        Map.of("DeviceNetworkEvents", events), ConnectorSettings.builder("t").build());
  }

  @Test
  void seesOnlyTheRowsOfTheWindowLikeTheServicesDo() throws Exception {
    Table t = connector().run("DeviceNetworkEvents | project DeviceName", WINDOW).table();

    assertThat(t.rows()).containsExactly(List.of("first"), List.of("middle"));
  }

  @Test
  void aQueryErrorIsABadQueryWithItsPosition() {
    ConnectorException e =
        catchThrowableOfType(
            () -> connector().run("DeviceNetworkEvents\n| where NoSuchColumn == 1", WINDOW),
            ConnectorException.class);

    assertThat(e.failureClass()).isEqualTo(FailureClass.BAD_QUERY);
    assertThat(e.position()).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(2));
  }

  @Test
  void checkTellsPresentFromMissingTables() throws Exception {
    List<TableAvailability> check =
        connector()
            .check(
                List.of("DeviceNetworkEvents", "DeviceProcessEvents"),
                WINDOW,
                RunOptions.defaults());

    assertThat(check)
        .extracting(TableAvailability::status)
        .containsExactly(TableAvailability.Status.PRESENT, TableAvailability.Status.MISSING);
    assertThat(check.get(1).fix()).contains("DeviceProcessEvents");
  }
}
