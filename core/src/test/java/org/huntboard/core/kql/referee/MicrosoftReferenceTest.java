package org.huntboard.core.kql.referee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.core.kql.referee.KqlCases.KqlCase;
import org.huntboard.core.kql.referee.KustoReferee.Request;
import org.huntboard.core.kql.referee.KustoReferee.Verdict;
import org.huntboard.core.kql.referee.RmmCorpus.CorpusQuery;
import org.junit.jupiter.api.Test;

/**
 * Checks the referee itself: Microsoft's parser, driven through {@link KustoReferee}, rejects every
 * hand-written broken query, accepts every hand-written valid one, and reproduces the verdicts the
 * corpus index recorded. If one of these fails, the agreement figures mean nothing.
 */
class MicrosoftReferenceTest {

  @Test
  void rejectsEveryBrokenQueryAsRecorded() throws IOException {
    KustoReferee referee = KustoReferee.assumeAvailable();
    List<KqlCase> broken = KqlCases.load("kql/broken.kql");
    List<Verdict> verdicts = referee.verdicts(broken.stream().map(KqlCase::query).toList());
    Map<String, String> recorded = recordedVerdicts();
    List<String> accepted = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < broken.size(); i++) {
      KqlCase c = broken.get(i);
      List<String> errors = verdicts.get(i).syntaxErrors(c.query());
      if (verdicts.get(i).syntaxOk()) {
        accepted.add(c.label());
      } else if (!errors.get(0).equals(recorded.get(c.name()))) {
        changed.add(c.name() + ": now " + errors.get(0) + ", recorded " + recorded.get(c.name()));
      }
    }
    assertThat(broken).hasSizeGreaterThanOrEqualTo(40);
    assertThat(accepted).as("broken queries Microsoft's parser accepts").isEmpty();
    assertThat(changed).as("first errors that differ from broken.microsoft.tsv").isEmpty();
    assertThat(recorded).hasSameSizeAs(broken);
  }

  /** Case name → {@code line:column: CODE message} from {@code kql/broken.microsoft.tsv}. */
  private static Map<String, String> recordedVerdicts() throws IOException {
    Map<String, String> recorded = new LinkedHashMap<>();
    try (InputStream in =
        MicrosoftReferenceTest.class.getResourceAsStream("/kql/broken.microsoft.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 4);
        recorded.put(f[0], f[1] + ": " + f[2] + " " + f[3]);
      }
    }
    return recorded;
  }

  @Test
  void acceptsEveryValidQuery() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    List<KqlCase> valid = KqlCases.load("kql/valid.kql");
    List<Verdict> verdicts = referee.verdicts(valid.stream().map(KqlCase::query).toList());
    List<String> rejected = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      if (!verdicts.get(i).syntaxOk()) {
        rejected.add(
            valid.get(i).label() + " " + verdicts.get(i).syntaxErrors(valid.get(i).query()));
      }
    }
    assertThat(rejected).as("valid queries Microsoft's parser rejects").isEmpty();
  }

  @Test
  void reproducesTheCorpusIndexVerdicts() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    List<CorpusQuery> corpus = RmmCorpus.load();
    Map<String, String> schemas = DocumentedSchemas.forDialect("defender");
    List<Request> requests =
        corpus.stream()
            .map(q -> new Request(null, q.text(), DocumentedSchemas.select(schemas, q.tables())))
            .toList();
    List<Verdict> verdicts = referee.judge(requests);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      CorpusQuery q = corpus.get(i);
      Verdict v = verdicts.get(i);
      if (v.syntaxOk() != q.microsoftSyntaxOk()) {
        differences.add(q.file() + " syntax " + v.syntaxOk() + " " + v.syntaxErrors(q.text()));
      }
      if (v.semanticOk() != q.microsoftBindsOk()) {
        differences.add(q.file() + " binds " + v.semanticOk() + " " + v.semanticErrors(q.text()));
      }
    }
    assertThat(corpus).hasSize(336);
    assertThat(differences).as("verdicts that differ from index.csv").isEmpty();
  }

  @Test
  void locatesAnUnknownColumnWhenGivenTheTable() {
    KustoReferee referee = KustoReferee.assumeAvailable();
    String query = "DeviceNetworkEvents\n| summarize count() by DeviceName, AccountUpn";
    Verdict verdict =
        referee
            .judge(
                List.of(
                    new Request(
                        null,
                        query,
                        Map.of("DeviceNetworkEvents", "(Timestamp:datetime, DeviceName:string)"))))
            .get(0);
    assertThat(verdict.syntaxOk()).isTrue();
    assertThat(verdict.semanticOk()).isFalse();
    assertThat(verdict.semanticErrors(query))
        .containsExactly(
            "2:36: KS142 The name 'AccountUpn' does not refer to any known column, table, variable"
                + " or function.");
    assertThat(verdict.columns())
        .extracting(KustoReferee.Column::name)
        .containsExactly("DeviceName", "AccountUpn", "count_");
  }
}
