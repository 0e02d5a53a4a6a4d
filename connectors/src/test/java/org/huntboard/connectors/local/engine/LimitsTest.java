package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.junit.jupiter.api.Test;

/** KQL.md §5.10 and the engine's own limits: truncation, timeout, cancellation, memory. */
class LimitsTest {

  private static final Database EMPTY = new Database(Map.of());

  @Test
  void truncatesAtTheRowLimitAndSaysSo() {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withMaxResultRows(1000));
    QueryResult r = engine.execute("range i from 1 to 5000 step 1", EMPTY);
    assertThat(r.truncated()).isTrue();
    assertThat(r.table().rowCount()).isEqualTo(1000);
    assertThat(r.truncationReason()).contains("record count limit 1000");
  }

  @Test
  void defaultsAreKustosLimits() {
    EngineOptions o = EngineOptions.defaults();
    assertThat(o.maxResultRows()).isEqualTo(500_000);
    assertThat(o.maxResultBytes()).isEqualTo(64L * 1024 * 1024);
    QueryResult r = new KqlEngine().execute("range i from 1 to 500001 step 1", EMPTY);
    assertThat(r.truncated()).isTrue();
    assertThat(r.table().rowCount()).isEqualTo(500_000);
  }

  @Test
  void truncatesAtTheSizeLimit() {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withMaxResultBytes(80_000));
    QueryResult r = engine.execute("range i from 1 to 100000 step 1", EMPTY);
    assertThat(r.truncated()).isTrue();
    assertThat(r.truncationReason()).contains("data size limit");
    assertThat(r.table().estimatedBytes()).isLessThanOrEqualTo(80_000);
    assertThat(r.table().rowCount()).isPositive();
  }

  @Test
  void aFewRowsOfAHighCardinalityColumnAreNotTruncatedBySize() {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withMaxResultBytes(100_000));
    QueryResult r =
        engine.execute(
            "range i from 1 to 200000 step 1 | extend s = strcat('value-', i) | summarize"
                + " c = count() by s | take 10",
            EMPTY);
    assertThat(r.truncated()).isFalse();
    assertThat(r.table().rowCount()).isEqualTo(10);
  }

  @Test
  void setOptionsLiftOrChangeTruncation() {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withMaxResultRows(10));
    QueryResult all = engine.execute("set notruncation; range i from 1 to 50 step 1", EMPTY);
    assertThat(all.truncated()).isFalse();
    assertThat(all.table().rowCount()).isEqualTo(50);
    QueryResult few =
        engine.execute("set truncationmaxrecords = 5; range i from 1 to 50 step 1", EMPTY);
    assertThat(few.table().rowCount()).isEqualTo(5);
    assertThat(few.truncated()).isTrue();
  }

  @Test
  void untruncatedResultsSayNot() {
    QueryResult r = Kql.engine().execute("print 1", EMPTY);
    assertThat(r.truncated()).isFalse();
    assertThat(r.truncationReason()).isNull();
    assertThat(r.elapsed()).isPositive();
  }

  @Test
  void timesOutCleanly() {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withTimeout(Duration.ofMillis(200)));
    String slow =
        "range i from 1 to 3000000 step 1 | extend s = strcat('x', i)"
            + " | where s matches regex @'(x+x+)+y' | count";
    long start = System.nanoTime();
    assertThatThrownBy(() -> engine.execute(slow, EMPTY))
        .isInstanceOf(QueryLimitException.class)
        .satisfies(
            e ->
                assertThat(((QueryLimitException) e).limit())
                    .isEqualTo(QueryLimitException.Limit.TIMEOUT))
        .hasMessageContaining("timeout of 200 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void canBeCancelledFromAnotherThread() throws Exception {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withClock(Clock.systemUTC()));
    QueryCancellation cancel = new QueryCancellation();
    String q = "range i from 1 to 50000000 step 1 | extend s = strcat('x', i) | count";
    CompletableFuture<Object> f =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return engine.execute(new SourceText("<q>", q), EMPTY, cancel);
              } catch (QueryLimitException e) {
                return e;
              }
            });
    Thread.sleep(200);
    cancel.cancel();
    Object outcome = f.get();
    assertThat(outcome).isInstanceOf(QueryLimitException.class);
    assertThat(((QueryLimitException) outcome).first().code()).isEqualTo("KQL-CANCELLED");
  }

  @Test
  void failsAQueryOverItsMemoryBoundInsteadOfTheProcess() {
    KqlEngine engine = new KqlEngine(EngineOptions.defaults().withMaxMemoryBytes(8L << 20));
    assertThatThrownBy(
            () ->
                engine.execute("range i from 1 to 10000000 step 1 | summarize make_list(i)", EMPTY))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("memory bound of 8 MB")
        .satisfies(
            e -> assertThat(((QueryLimitException) e).first().code()).isEqualTo("KQL-MEMORY"));
    // The engine stays usable afterwards.
    assertThat(engine.execute(KqlParser.parse("print 1"), EMPTY).table().rowCount()).isEqualTo(1);
  }
}
