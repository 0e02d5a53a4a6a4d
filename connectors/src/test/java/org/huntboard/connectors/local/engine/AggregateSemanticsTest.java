package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.huntboard.connectors.table.Table;
import org.junit.jupiter.api.Test;

/** KQL.md §5.8: aggregation details. */
class AggregateSemanticsTest {

  private static List<String> elements(Object dynamic) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : (JsonNode) dynamic) {
      out.add(n.isTextual() ? n.textValue() : n.toString());
    }
    return out;
  }

  @Test
  void makeSetFlattensArrayInputs() {
    Object set =
        Kql.run(
                "datatable(a:dynamic) [dynamic([1,5]), dynamic([5,7]), dynamic([1])]"
                    + " | summarize s = make_set(a)")
            .value(0, 0);
    assertThat(elements(set)).containsExactlyInAnyOrder("1", "5", "7");
    Object set2 =
        Kql.run(
                "datatable(x:dynamic) [dynamic(['A1','A2','A3']), dynamic(['C1','C2']),"
                    + " dynamic(['A1'])] | summarize s = make_set(x)")
            .value(0, 0);
    assertThat(elements(set2)).containsExactlyInAnyOrder("A1", "A2", "A3", "C1", "C2");
  }

  @Test
  void makeSetHonoursItsSizeLimitAndIgnoresNulls() {
    Object set = Kql.run("range i from 1 to 100 step 1 | summarize make_set(i, 10)").value(0, 0);
    assertThat(((JsonNode) set).size()).isEqualTo(10);
    Object withNull =
        Kql.run("datatable(v:long) [1, long(null), 1, 2] | summarize make_set(v)").value(0, 0);
    assertThat(elements(withNull)).containsExactlyInAnyOrder("1", "2");
    assertThat(Aggregates.MAX_SET_SIZE).isEqualTo(1_048_576);
  }

  @Test
  void makeListKeepsDuplicatesAndIfFormsFilter() {
    Table t =
        Kql.run(
            "datatable(k:string, v:long) ['a', 1, 'a', 1, 'a', 2]"
                + " | summarize l = make_list(v), si = make_set_if(v, v > 1), c = countif(v == 1),"
                + " s = sumif(v, v > 1), d = dcountif(v, v > 0) by k");
    assertThat(elements(t.value(0, "l"))).containsExactly("1", "1", "2");
    assertThat(elements(t.value(0, "si"))).containsExactly("2");
    assertThat(t.value(0, "c")).isEqualTo(2L);
    assertThat(t.value(0, "s")).isEqualTo(2L);
    assertThat(t.value(0, "d")).isEqualTo(2L);
  }

  @Test
  void dcountIsExactForSmallCardinalities() {
    assertThat(Kql.run("range i from 1 to 5000 step 1 | summarize dcount(i % 1000)").value(0, 0))
        .isEqualTo(1000L);
    assertThat(Kql.run("datatable(s:string) ['a', 'b', 'a', ''] | summarize dcount(s)").value(0, 0))
        .isEqualTo(3L);
  }

  @Test
  void argMaxReturnsTheRowOfTheMaximumInKustoColumnOrder() {
    String data =
        "datatable(Fruit:string, Color:string, Version:long)"
            + " ['Apple', 'Red', 1, 'Apple', 'Green', long(null), 'Banana', 'Yellow', long(null),"
            + " 'Banana', 'Green', long(null), 'Pear', 'Brown', 1, 'Pear', 'Green', 2]";
    Table t = Kql.run(data + " | summarize arg_max(Version, *) by Fruit");
    assertThat(t.columnNames()).containsExactly("Fruit", "Version", "Color");
    assertThat(t.rows())
        .containsExactly(
            List.of("Apple", 1L, "Red"),
            Arrays.asList("Banana", null, "Yellow"),
            List.of("Pear", 2L, "Green"));
    Table cols = Kql.run(data + " | summarize arg_min(Version, Color) by Fruit");
    assertThat(cols.columnNames()).containsExactly("Fruit", "Version", "Color");
    assertThat(cols.row(2)).containsExactly("Pear", 1L, "Brown");
    Table twice = Kql.run(data + " | summarize arg_max(Version, Color), arg_min(Version, Color)");
    assertThat(twice.columnNames()).containsExactly("Version", "Color", "Version1", "Color1");
  }

  @Test
  void minMaxIgnoreNullsAndTakeAnyPicksARow() {
    Table t =
        Kql.run(
            "datatable(k:string, v:long, t:datetime) ['a', long(null), datetime(2024-01-02),"
                + " 'a', 3, datetime(2024-01-01), 'b', long(null), datetime(null)]"
                + " | summarize mn = min(v), mx = max(v), first = min(t), any = take_any(k) by k");
    assertThat(t.rows())
        .containsExactly(
            Arrays.asList("a", 3L, 3L, java.time.Instant.parse("2024-01-01T00:00:00Z"), "a"),
            Arrays.asList("b", null, null, null, "b"));
  }

  @Test
  void avgAndSumTypes() {
    Table t =
        Kql.run("datatable(i:int, r:real) [1, 0.5, 2, 1.5] | summarize sum(i), sum(r), avg(i)");
    assertThat(t.columnTypes().stream().map(Object::toString).toList())
        .containsExactly("long", "real", "real");
    assertThat(t.row(0)).containsExactly(3L, 2.0, 1.5);
  }

  @Test
  void stdevAndVarianceAreSampleStatistics() {
    Table t = Kql.run("datatable(x:long) [1, 2, 3, 4] | summarize variance(x), stdev(x)");
    assertThat((Double) t.value(0, 0)).isCloseTo(1.6667, org.assertj.core.data.Offset.offset(1e-3));
    assertThat((Double) t.value(0, 1)).isCloseTo(1.2910, org.assertj.core.data.Offset.offset(1e-3));
  }
}
