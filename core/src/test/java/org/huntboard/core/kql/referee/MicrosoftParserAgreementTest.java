package org.huntboard.core.kql.referee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceLocation;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.analyze.BoundQuery;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.referee.KqlCases.KqlCase;
import org.huntboard.core.kql.referee.KustoReferee.Request;
import org.huntboard.core.kql.referee.KustoReferee.Verdict;
import org.huntboard.core.kql.referee.RmmCorpus.CorpusQuery;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.Test;

/**
 * Huntboard's KQL parser and Microsoft's must agree on which queries are valid: every query of the
 * RMM corpus, the hand-written broken queries and the hand-written valid ones, each accepted by
 * both or rejected by both. Also, Microsoft's parser must accept what Huntboard renders, and
 * Huntboard's binder must bind exactly the corpus queries Microsoft's binder binds.
 */
class MicrosoftParserAgreementTest {

  /** A query to judge and the set it comes from. */
  private record Judged(String set, String label, String query) {}

  /** Huntboard's verdict: accepted, or the first problem and its {@code line:column}. */
  private record Ours(boolean accepted, String problem, String place) {}

  @Test
  void bothParsersAcceptOrBothRejectEveryQuery() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    List<Judged> all = new ArrayList<>();
    for (CorpusQuery q : RmmCorpus.load()) {
      all.add(new Judged("corpus", q.file(), q.text()));
    }
    for (KqlCase c : KqlCases.load("kql/broken.kql")) {
      all.add(new Judged("broken", c.label(), c.query()));
    }
    for (KqlCase c : KqlCases.load("kql/valid.kql")) {
      all.add(new Judged("valid", c.label(), c.query()));
    }
    List<Verdict> theirs = referee.verdicts(all.stream().map(Judged::query).toList());
    Map<String, String> schemas =
        KustoReferee.schemas(SchemaCatalog.builtIn(Dialect.DEFENDER).tables());

    List<String> disagreements = new ArrayList<>();
    List<String> acrossStages = new ArrayList<>();
    Map<String, int[]> perSet = new java.util.LinkedHashMap<>();
    int agreed = 0;
    int brokenSamePlace = 0;
    List<String> placesDiffer = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Judged j = all.get(i);
      Ours ours = ours(j);
      Verdict microsoft = theirs.get(i);
      int[] counts = perSet.computeIfAbsent(j.set(), k -> new int[2]);
      counts[1]++;
      boolean same = ours.accepted() == microsoft.syntaxOk();
      if (j.set().equals("broken") && !ours.accepted() && !microsoft.syntaxOk()) {
        String theirPlace = microsoft.syntaxErrors(j.query()).get(0).split(": ", 2)[0];
        if (theirPlace.equals(ours.place())) {
          brokenSamePlace++;
        } else {
          placesDiffer.add(j.label() + ": huntboard " + ours.place() + ", microsoft " + theirPlace);
        }
      }
      if (!same && !ours.accepted()) {
        // Microsoft's parser takes some malformed tokens (1w) as names and rejects them only when
        // binding. Huntboard rejecting the same place while parsing is the same verdict.
        String place = boundAtSamePlace(referee, j.query(), schemas, ours.place());
        if (place != null) {
          same = true;
          acrossStages.add(j.label() + " at " + place);
        }
      }
      if (same) {
        agreed++;
        counts[0]++;
      } else {
        List<String> errors = microsoft.syntaxErrors(j.query());
        disagreements.add(
            j.label()
                + "\n  huntboard: "
                + (ours.accepted() ? "accepts" : "rejects: " + ours.problem())
                + "\n  microsoft: "
                + (microsoft.syntaxOk() ? "accepts" : "rejects: " + errors.get(0)));
      }
    }
    System.out.println("agreement: " + agreed + "/" + all.size());
    perSet.forEach((set, c) -> System.out.println("  " + set + ": " + c[0] + "/" + c[1]));
    System.out.println(
        "  broken queries whose first error both put at the same line:column: "
            + brokenSamePlace
            + "/"
            + perSet.get("broken")[1]);
    placesDiffer.forEach(p -> System.out.println("    first error elsewhere: " + p));
    acrossStages.forEach(
        a -> System.out.println("  rejected by Huntboard's parser and Microsoft's binder: " + a));
    disagreements.forEach(d -> System.out.println("disagreement: " + d));

    assertThat(perSet.get("broken")[1]).isGreaterThanOrEqualTo(40);
    assertThat(disagreements).as("queries the two parsers judge differently").isEmpty();
  }

  @Test
  void microsoftAcceptsWhatHuntboardRenders() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    List<String> labels = new ArrayList<>();
    List<String> rendered = new ArrayList<>();
    for (CorpusQuery q : RmmCorpus.load()) {
      renderIfParsed(q.file(), q.text(), labels, rendered);
    }
    for (KqlCase c : KqlCases.load("kql/valid.kql")) {
      renderIfParsed(c.label(), c.query(), labels, rendered);
    }
    List<Verdict> verdicts = referee.verdicts(rendered);
    List<String> rejected = new ArrayList<>();
    for (int i = 0; i < rendered.size(); i++) {
      if (!verdicts.get(i).syntaxOk()) {
        rejected.add(
            labels.get(i)
                + ": "
                + verdicts.get(i).syntaxErrors(rendered.get(i))
                + "\n"
                + rendered.get(i));
      }
    }
    System.out.println(
        "rendered queries microsoft accepts: "
            + (rendered.size() - rejected.size())
            + "/"
            + rendered.size());
    assertThat(rendered).hasSizeGreaterThan(300);
    assertThat(rejected).as("renders Microsoft's parser rejects").isEmpty();
  }

  @Test
  void bothBindersBindTheSameCorpusQueries() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    SchemaCatalog catalog = SchemaCatalog.builtIn(Dialect.DEFENDER);
    List<CorpusQuery> corpus = new ArrayList<>();
    List<Request> requests = new ArrayList<>();
    for (CorpusQuery q : RmmCorpus.load()) {
      if (q.microsoftSyntaxOk() && !q.template()) {
        List<TableSchema> tables =
            q.tables().stream().map(catalog::table).flatMap(java.util.Optional::stream).toList();
        corpus.add(q);
        requests.add(new Request(null, q.text(), KustoReferee.schemas(tables)));
      }
    }
    List<Verdict> theirs = referee.judge(requests);
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      CorpusQuery q = corpus.get(i);
      SourceText source = new SourceText(q.file(), q.text());
      List<TableSchema> tables =
          q.tables().stream().map(catalog::table).flatMap(java.util.Optional::stream).toList();
      List<String> ours;
      try {
        BoundQuery bound = Binder.bind(KqlParser.parse(source), SchemaCatalog.of(tables), source);
        ours = bound.errors().stream().map(d -> d.headline()).toList();
      } catch (DiagnosticException e) {
        ours = List.of("does not parse: " + e.first().headline());
      }
      boolean microsoftBinds = Boolean.TRUE.equals(theirs.get(i).semanticOk());
      if (ours.isEmpty() != microsoftBinds) {
        disagreements.add(
            q.file()
                + "\n  huntboard: "
                + (ours.isEmpty() ? "binds" : ours.get(0))
                + "\n  microsoft: "
                + (microsoftBinds ? "binds" : theirs.get(i).semanticErrors(q.text()).get(0)));
      }
    }
    System.out.println(
        "binding agreement: " + (corpus.size() - disagreements.size()) + "/" + corpus.size());
    disagreements.forEach(d -> System.out.println("binding disagreement: " + d));
    assertThat(disagreements).as("corpus queries the two binders judge differently").isEmpty();
  }

  private static void renderIfParsed(
      String label, String text, List<String> labels, List<String> rendered) {
    Query query;
    try {
      query = KqlParser.parse(new SourceText(label, text));
    } catch (DiagnosticException e) {
      return;
    }
    labels.add(label);
    rendered.add(KqlRenderer.render(query));
  }

  /**
   * The {@code line:column} of a binding error Microsoft reports for {@code query} at {@code
   * place}, or null when its binder finds nothing there.
   */
  private static String boundAtSamePlace(
      KustoReferee referee, String query, Map<String, String> schemas, String place) {
    if (place == null) {
      return null;
    }
    Verdict bound = referee.judge(List.of(new Request(null, query, schemas))).get(0);
    SourceText text = new SourceText("", query);
    for (KustoReferee.Finding f :
        bound.semantic() == null ? List.<KustoReferee.Finding>of() : bound.semantic()) {
      String at = text.line(f.start()) + ":" + text.column(f.start());
      if (f.isError() && at.equals(place)) {
        return at + " (" + f.code() + " " + f.message() + ")";
      }
    }
    return null;
  }

  private static Ours ours(Judged j) {
    try {
      KqlParser.parse(new SourceText(j.label(), j.query()));
      return new Ours(true, null, null);
    } catch (DiagnosticException e) {
      SourceLocation at = e.first().location();
      return new Ours(
          false, e.first().headline(), at == null ? null : at.line() + ":" + at.column());
    } catch (RuntimeException e) {
      // A crash is a rejection nobody can read: report it as such.
      return new Ours(false, "crashed: " + e, null);
    }
  }
}
