package org.huntboard.connectors.defender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.connectors.fake.TigerVncEvents;
import org.huntboard.connectors.spi.ResultRows;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.Test;

class SplitPlanTest {

  static SplitPlan plan(String q) {
    return QueryShapes.splitPlan(q);
  }

  @Test
  void tigerVncSummarizeMergesByItsKeys() {
    assertThat(plan(TigerVncEvents.RULE_QUERY).kind()).isEqualTo(SplitPlan.Kind.SUMMARIZE);
  }

  @Test
  void rowLevelPipelinesConcatenateAndDistinctDeduplicates() {
    assertThat(
            plan("DeviceNetworkEvents | where RemotePort == 5900 | extend h = tolower(DeviceName) | project h")
                .kind())
        .isEqualTo(SplitPlan.Kind.CONCATENATE);
    assertThat(plan("DeviceNetworkEvents | distinct DeviceName").kind())
        .isEqualTo(SplitPlan.Kind.DISTINCT);
    assertThat(plan("DeviceNetworkEvents | count").kind()).isEqualTo(SplitPlan.Kind.COUNT);
  }

  @Test
  void refusesShapesWhoseHalvesDoNotAddUp() {
    assertThat(plan("DeviceNetworkEvents | take 10").isSplittable()).isFalse();
    assertThat(plan("DeviceNetworkEvents | summarize avg(RemotePort) by DeviceName").reason())
        .contains("avg");
    assertThat(
            plan("DeviceNetworkEvents | summarize dcount(RemoteUrl) by DeviceName").isSplittable())
        .isFalse();
    assertThat(
            plan("DeviceNetworkEvents | summarize count() by DeviceName | where count_ > 5")
                .isSplittable())
        .isFalse();
    assertThat(
            plan("DeviceNetworkEvents | join kind=inner (DeviceProcessEvents) on DeviceId")
                .isSplittable())
        .isFalse();
    assertThat(
            plan("let n = toscalar(DeviceNetworkEvents | count); DeviceNetworkEvents | where ReportId > n")
                .isSplittable())
        .isFalse();
    assertThat(
            plan("DeviceNetworkEvents | where DeviceId in ((DeviceProcessEvents | project DeviceId))")
                .isSplittable())
        .isFalse();
    assertThat(plan("DeviceNetworkEvents | serialize | extend r = row_number()").isSplittable())
        .isFalse();
    assertThat(plan("this is not KQL (").reason()).contains("could not parse");
  }

  @Test
  void mergesMinMaxCountAndSetsOfTheSameGroup() {
    SplitPlan p = plan(TigerVncEvents.RULE_QUERY);
    List<String> names = TigerVncEvents.COLUMNS;
    List<ScalarType> types = TigerVncEvents.TYPES;
    var f = JsonNodeFactory.instance;
    List<Object[]> first = new ArrayList<>();
    first.add(
        new Object[] {
          "d1",
          "h1",
          "u",
          Instant.parse("2026-12-01T00:00:00Z"),
          Instant.parse("2026-12-01T05:00:00Z"),
          f.arrayNode().add(1).add(2),
          3L
        });
    List<Object[]> second = new ArrayList<>();
    second.add(
        new Object[] {
          "d1",
          "h1",
          "u",
          Instant.parse("2026-12-02T00:00:00Z"),
          Instant.parse("2026-12-02T07:00:00Z"),
          f.arrayNode().add(2).add(3),
          4L
        });
    second.add(
        new Object[] {
          "d2",
          "h2",
          "u",
          Instant.parse("2026-12-02T01:00:00Z"),
          Instant.parse("2026-12-02T01:00:00Z"),
          f.arrayNode().add(9),
          1L
        });

    ResultRows merged =
        p.merge(List.of(new ResultRows(names, types, first), new ResultRows(names, types, second)));

    assertThat(merged.rows()).hasSize(2);
    Object[] d1 = merged.rows().get(0);
    assertThat(d1[3]).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(d1[4]).isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
    assertThat(d1[5].toString()).isEqualTo("[1,2,3]");
    assertThat(d1[6]).isEqualTo(7L);
  }
}
