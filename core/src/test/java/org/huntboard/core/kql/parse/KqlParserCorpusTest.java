package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
}
