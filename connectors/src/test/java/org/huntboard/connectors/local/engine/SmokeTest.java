package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {

  @Test
  void runsAPipeline() {
    var t =
        Kql.run(
            "datatable(a:string, n:long) ['x', 1, 'y', 2, 'x', 3]"
                + " | where n > 1 | summarize c = count(), s = sum(n) by a | sort by a asc");
    assertThat(t.columnNames()).containsExactly("a", "c", "s");
    assertThat(t.rows()).containsExactly(List.of("x", 1L, 3L), List.of("y", 1L, 2L));
  }
}
