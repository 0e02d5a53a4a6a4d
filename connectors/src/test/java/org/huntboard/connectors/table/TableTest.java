package org.huntboard.connectors.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void formatsDatetimesAsIsoUtcWithSevenFractionalDigits() {
    long t = Ticks.fromInstant(Instant.parse("2024-05-01T10:00:00.5Z"));
    assertThat(Ticks.formatDatetime(t)).isEqualTo("2024-05-01T10:00:00.5000000Z");
    assertThat(Ticks.formatDatetime(Ticks.MIN_DATETIME)).isEqualTo("0001-01-01T00:00:00.0000000Z");
  }

  @Test
  void formatsTimespansAsKustoDoes() {
    long t =
        Ticks.PER_DAY
            + 2 * Ticks.PER_HOUR
            + 3 * Ticks.PER_MINUTE
            + 4 * Ticks.PER_SECOND
            + 5_000_000;
    assertThat(Ticks.formatTimespan(t)).isEqualTo("1.02:03:04.5000000");
    assertThat(Ticks.formatTimespan(Ticks.PER_SECOND)).isEqualTo("00:00:01");
    assertThat(Ticks.formatTimespan(-Ticks.PER_MINUTE)).isEqualTo("-00:01:00");
  }

  @Test
  void parsesDatetimeFormsKustoAccepts() {
    assertThat(Ticks.parseDatetime("2015-12-31 23:59:59.9"))
        .hasValue(Ticks.fromInstant(Instant.parse("2015-12-31T23:59:59.9Z")));
    assertThat(Ticks.parseDatetime("2015-12-31"))
        .hasValue(Ticks.fromInstant(Instant.parse("2015-12-31T00:00:00Z")));
    assertThat(Ticks.parseDatetime("2024-01-01T10:00:00.1234567Z"))
        .hasValue(Ticks.fromInstant(Instant.parse("2024-01-01T10:00:00.1234567Z")));
    assertThat(Ticks.parseDatetime("2024-01-01T12:00:00+02:00"))
        .hasValue(Ticks.fromInstant(Instant.parse("2024-01-01T10:00:00Z")));
    assertThat(Ticks.parseDatetime("yesterday")).isEmpty();
    assertThat(Ticks.parseDatetime("2024-13-01")).isEmpty();
  }

  @Test
  void parsesTimespanClockAndUnitForms() {
    assertThat(Ticks.parseTimespan("1.02:03:04.5"))
        .hasValue(
            Ticks.PER_DAY
                + 2 * Ticks.PER_HOUR
                + 3 * Ticks.PER_MINUTE
                + 4 * Ticks.PER_SECOND
                + 5_000_000);
    assertThat(Ticks.parseTimespan("1.5h")).hasValue(90 * Ticks.PER_MINUTE);
    assertThat(Ticks.parseTimespan("-00:00:30")).hasValue(-30 * Ticks.PER_SECOND);
    assertThat(Ticks.parseTimespan("soon")).isEmpty();
  }

  @Test
  void dictionaryEncodesStringsAndStoresNullAsEmpty() {
    ColumnBuilder.Strings b = (ColumnBuilder.Strings) ColumnBuilder.forType(ScalarType.STRING, 4);
    b.append("a");
    b.append("b");
    b.append("a");
    b.append(null);
    StringColumn c = b.build();
    assertThat(c.dictionary()).containsExactly("a", "b", "");
    assertThat(c.code(0)).isEqualTo(c.code(2));
    assertThat(c.get(3)).isEmpty();
    assertThat(c.isNull(3)).isFalse();
  }

  @Test
  void keepsNullsOfPrimitiveColumnsInABitmap() throws Exception {
    Table t =
        Table.builder()
            .column("n", ScalarType.LONG)
            .column("ts", ScalarType.DATETIME)
            .column("d", ScalarType.TIMESPAN)
            .column("j", ScalarType.DYNAMIC)
            .column("b", ScalarType.BOOL)
            .addRow(
                1L,
                Instant.parse("2024-01-01T00:00:00Z"),
                Duration.ofHours(1),
                new ObjectMapper().readTree("[1,\"a\"]"),
                true)
            .addRow(null, null, null, null, null)
            .build();
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.row(0).get(0)).isEqualTo(1L);
    assertThat(t.row(1)).containsOnlyNulls();
    assertThat(t.formatRow(0))
        .containsExactly("1", "2024-01-01T00:00:00.0000000Z", "01:00:00", "[1,\"a\"]", "true");
    assertThat(t.formatRow(1)).containsOnly("");
  }

  @Test
  void gatherWithMinusOneGivesNullCells() {
    Table t =
        Table.builder()
            .column("s", ScalarType.STRING)
            .column("n", ScalarType.INT)
            .addRow("x", 1)
            .addRow("y", 2)
            .build();
    Table g = t.gather(new int[] {1, -1}, 2);
    assertThat(g.rows())
        .containsExactly(java.util.List.of("y", 2), java.util.Arrays.asList("", null));
  }

  @Test
  void keepsChunkRangesOfDatetimeColumns() {
    long[] v = new long[LongColumn.CHUNK + 10];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    LongColumn c = LongColumn.of(ScalarType.DATETIME, v);
    long[][] r = c.chunkRanges();
    assertThat(r[0]).containsExactly(0, LongColumn.CHUNK);
    assertThat(r[1]).containsExactly(LongColumn.CHUNK - 1, LongColumn.CHUNK + 9);
  }
}
