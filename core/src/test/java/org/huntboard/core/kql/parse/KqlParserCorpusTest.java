package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Query;
import org.junit.jupiter.api.Test;

/**
 * Every query of the RMM corpus: accepted ones parse and round-trip, defective ones are located.
 */
class KqlParserCorpusTest {

  @Test
  void everyQueryKustoAcceptsParsesAndRoundTrips() {
    List<RmmCorpus.Entry> accepted =
        RmmCorpus.entries().stream().filter(RmmCorpus.Entry::kustoAccepts).toList();
    List<String> failures = new ArrayList<>();
    int roundTripped = 0;
    for (RmmCorpus.Entry entry : accepted) {
      try {
        Query query = KqlParser.parse(new SourceText(entry.file(), entry.text()));
        String rendered = KqlRenderer.render(query);
        Query again = KqlParser.parse(new SourceText(entry.file() + " (rendered)", rendered));
        if (again.equals(query)) {
          roundTripped++;
        } else {
          failures.add(entry.file() + ": rendering does not parse back to the same tree");
        }
      } catch (DiagnosticException e) {
        failures.add(e.getMessage());
      }
    }
    System.out.println("round-trip: " + roundTripped + "/" + accepted.size());
    assertThat(failures).isEmpty();
    assertThat(accepted).hasSize(331);
  }

  /**
   * The five defective queries: each is rejected on the line Microsoft's parser names, and the
   * column points at the defect itself (the stray column name, the second list operator, the
   * trailing comma).
   */
  @Test
  void everyQueryKustoRejectsIsRejectedAtTheDefect() {
    Map<String, String> defectToken =
        Map.of(
            "rmm-yaml/rmm_DWService_createproc.kql", "Sha1 in",
            "azsentinel-yaml/rmm_DWService_createproc.kql", "Sha1 in",
            "rmm-yaml/rmm_Level_createproc.kql", "has_any (",
            "rmm-yaml/rmm_MSP360_CloudBerry_netconn.kql", ",\t// MSP360\n    )",
            "rmm-yaml/rmm_ZohoAssist_netconn.kql", ",\t\t\t\n    )");
    List<RmmCorpus.Entry> rejected =
        RmmCorpus.entries().stream().filter(e -> !e.kustoAccepts()).toList();
    assertThat(rejected)
        .extracting(RmmCorpus.Entry::file)
        .containsExactlyInAnyOrderElementsOf(defectToken.keySet());
    for (RmmCorpus.Entry entry : rejected) {
      SourceText source = new SourceText(entry.file(), entry.text());
      DiagnosticException e =
          catchThrowableOfType(() -> KqlParser.parse(source), DiagnosticException.class);
      assertThat(e).as(entry.file()).isNotNull();
      Diagnostic d = e.first();
      System.out.println(d.format());
      Matcher kustoLine = Pattern.compile("\\(line (\\d+)").matcher(entry.kustoErrors());
      assertThat(kustoLine.find()).isTrue();
      assertThat(d.location().line())
          .as(entry.file())
          .isEqualTo(Integer.parseInt(kustoLine.group(1)));
      int offset = offsetOf(entry.text(), d.location().line(), d.location().column());
      assertThat(entry.text().substring(offset))
          .as(entry.file())
          .startsWith(defectToken.get(entry.file()));
    }
  }

  private static int offsetOf(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      offset = text.indexOf('\n', offset) + 1;
    }
    return offset + column - 1;
  }
}
