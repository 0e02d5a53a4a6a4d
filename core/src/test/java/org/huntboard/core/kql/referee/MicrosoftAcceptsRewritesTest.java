package org.huntboard.core.kql.referee;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.referee.KustoReferee.Request;
import org.huntboard.core.kql.referee.KustoReferee.Verdict;
import org.huntboard.core.kql.referee.RmmCorpus.CorpusQuery;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.Test;

/**
 * What Huntboard sends to Defender or Sentinel is a corpus query rewritten for one run: its time
 * window bound, the exclusion tag inserted before the first step that drops the columns it tests,
 * and the tag added to the summarize keys. Microsoft's parser must accept each such query and its
 * binder bind it against the query's tables.
 */
class MicrosoftAcceptsRewritesTest {

  private static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
  private static final Instant END = Instant.parse("2026-12-03T00:00:00Z");

  /**
   * The tagging step of an exclusion run, with values that need escaping. It tests {@code
   * Timestamp}, which the corpus queries' summarize drops, so it goes right before the summarize.
   */
  private static final QueryOperator TAG =
      ((Expression.Pipe)
              ((org.huntboard.core.kql.syntax.Statement.ExpressionStatement)
                      KqlParser.parse(
                              "T | extend HuntboardExclusion = case(DeviceName =~ \"lab-\\\"01\\\"\" and"
                                  + " Timestamp < datetime(2026-12-01), \"ex-1\","
                                  + " DeviceId == @'x\\y', \"ex-2\", \"\")")
                          .statements()
                          .get(0))
                  .expression())
          .operator();

  @Test
  void microsoftAcceptsEveryRewrittenCorpusQuery() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    SchemaCatalog catalog = SchemaCatalog.builtIn(Dialect.DEFENDER);
    List<String> labels = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Request> requests = new ArrayList<>();
    for (CorpusQuery q : RmmCorpus.load()) {
      if (!q.microsoftSyntaxOk() || !q.microsoftBindsOk() || q.template()) {
        continue;
      }
      List<TableSchema> tables =
          q.tables().stream().map(catalog::table).flatMap(Optional::stream).toList();
      SchemaCatalog own = SchemaCatalog.of(tables);
      Query query = KqlParser.parse(new SourceText(q.file(), q.text()));
      if (Binder.bind(query, own).hasErrors()) {
        continue;
      }
      Query rewritten;
      try {
        rewritten = QueryRewriter.restrictToWindow(query, own, Dialect.DEFENDER, START, END);
        rewritten =
            QueryRewriter.insertBeforeFirstDropping(
                rewritten, own, List.of("DeviceName", "DeviceId", "Timestamp"), TAG);
        rewritten = QueryRewriter.addSummarizeKey(rewritten, "HuntboardExclusion");
      } catch (DiagnosticException e) {
        // Queries the rewriter declines (no summarize, unusual time use) are its own tests'
        // concern.
        continue;
      }
      String text = KqlRenderer.render(rewritten);
      labels.add(q.file());
      texts.add(text);
      requests.add(new Request(null, text, KustoReferee.schemas(tables)));
    }
    List<Verdict> verdicts = referee.judge(requests);
    List<String> rejected = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      List<String> errors = new ArrayList<>(verdicts.get(i).syntaxErrors(texts.get(i)));
      errors.addAll(verdicts.get(i).semanticErrors(texts.get(i)));
      if (!errors.isEmpty()) {
        rejected.add(labels.get(i) + ": " + errors + "\n" + texts.get(i));
      }
    }
    System.out.println(
        "rewritten queries microsoft accepts and binds: "
            + (texts.size() - rejected.size())
            + "/"
            + texts.size());
    assertThat(texts).hasSizeGreaterThan(200);
    assertThat(texts).allSatisfy(t -> assertThat(t).contains("HuntboardExclusion"));
    assertThat(rejected).isEmpty();
  }

  @Test
  void assertAcceptedFailsOnWhatMicrosoftRejects() {
    KustoReferee.assumeAvailable();
    KustoReferee.assertAccepted("DeviceNetworkEvents | take 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KustoReferee.assertAccepted("DeviceNetworkEvents | take"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1:27: KS006 Missing expression");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                KustoReferee.assertAccepted(
                    "DeviceNetworkEvents | project AccountUpn",
                    Map.of("DeviceNetworkEvents", "(DeviceName:string)")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("KS142");
  }
}
