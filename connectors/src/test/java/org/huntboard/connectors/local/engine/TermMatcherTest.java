package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TermMatcherTest {

  private static final String ALPHABET = "aAbB1.-/ İé_";

  private static String random(Random r, int max) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  @Test
  void agreesWithTheOneTermSearchForAnyAndAll() {
    Random r = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      String hay = random(r, 12);
      String[] needles = new String[1 + r.nextInt(4)];
      for (int i = 0; i < needles.length; i++) {
        needles[i] = StringOps.foldAscii(random(r, 3));
      }
      TermMatcher m = new TermMatcher(needles, false);
      boolean any = false;
      boolean all = true;
      for (String n : needles) {
        boolean hit = StringOps.termSearch(hay, n, false, true, true);
        any |= hit;
        all &= hit;
      }
      assertThat(m.matches(hay, false))
          .as("any %s in '%s'", String.join("|", needles), hay)
          .isEqualTo(any);
      assertThat(m.matches(hay, true))
          .as("all %s in '%s'", String.join("|", needles), hay)
          .isEqualTo(all);
    }
  }

  @Test
  void summarizeOnManyKeysAgreesWithNestedGrouping() {
    String data =
        "range i from 0 to 20000 step 1 | extend a = strcat('k', i % 13),"
            + " t = datetime(2024-01-01) + i * 7m, b = i % 5";
    var direct =
        Kql.run(data + " | summarize c = count() by a, bin(t, 1h), b | summarize sum(c), count()");
    var viaString =
        Kql.run(
            data
                + " | extend key = strcat(a, '|', tostring(bin(t, 1h)), '|', b)"
                + " | summarize c = count() by key | summarize sum(c), count()");
    assertThat(direct.rows()).isEqualTo(viaString.rows());
    assertThat(direct.value(0, 0)).isEqualTo(20001L);
  }
}
