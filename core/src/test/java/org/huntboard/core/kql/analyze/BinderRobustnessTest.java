package org.huntboard.core.kql.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Odd but parseable queries give diagnostics or a schema, never an exception. */
class BinderRobustnessTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "T | project-rename K = S",
        "T | extend (a, a) = parse_json(S)",
        "let f = (t:(x:string, x:long)) { t | take 1 }; f(T)",
        "let f = (t:(*)) { t | where whatever > 1 }; f(T)",
        "let f = (n:long) { f(n) }; print f(1)",
        "let f = view () { T | take 1 }; f | count",
        "datatable(a:long, a:string)[1, 'x']",
        "datatable(a:long)[1, 2, 3] | join (datatable(a:long)[1]) on a",
        "U | union (U | project K_string = 1), V",
        "T | summarize count(), count(), count() by K, K",
        "T | summarize arg_max(Timestamp, *, K) by K",
        "T | mv-expand a = D, a = D",
        "T | parse S with a ',' a",
        "T | join kind=leftouter (U) on $left.Nope == $right.Nope2",
        "T | join (U) on K, K == X",
        "T | lookup kind=inner (U) on K",
        "union T*, Nope*",
        "union isfuzzy=true Nope*",
        "print x = toscalar(T | summarize max(A)), y = materialize(T)",
        "T | where K in (T) and K in ((T | project K)) and K has_any (dynamic(['a']))",
        "T | where $left.K == 1",
        "T | top 5 by Nope | take Nope",
        "range x from 1 to 10 step 1 | extend y = x * 1.5",
        "T | project-reorder Nope, K*, A desc",
        "T | as Kept | join (Kept) on K",
        "let T = 1; T | take 1",
        "T | summarize by K | summarize count() by K",
        "T | extend Column1 = 1, 2, 3",
        "T | summarize percentiles(B, 5, 50.5, 95)",
        "T | where count() > 1",
        "T",
        ""
      })
  void bindsWithoutThrowing(String kql) {
    SourceText source = new SourceText("q.kql", kql);
    assertThatCode(
            () -> {
              BoundQuery b = Binder.bind(KqlParser.parse(source), BinderTest.CATALOG, source);
              if (b.resultSchema() != null) {
                assertThat(b.hasErrors()).isFalse();
              }
              b.diagnostics().forEach(d -> assertThat(d.location()).isNotNull());
            })
        .doesNotThrowAnyException();
  }
}
