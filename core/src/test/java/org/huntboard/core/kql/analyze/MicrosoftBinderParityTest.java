package org.huntboard.core.kql.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Test;

/**
 * Replays verdicts recorded from Microsoft's binder: for each query, Huntboard must find an error
 * exactly where Microsoft's found one, and otherwise give the same result schema, column for
 * column. The few queries where Huntboard follows the Kusto documentation rather than the language
 * service are listed with the reason.
 */
class MicrosoftBinderParityTest {

  /** Query → why Huntboard deliberately differs from the language service there. */
  private static final Map<String, String> DOCUMENTED_DIFFERENCES =
      Map.of(
          "T | summarize sum(a=A)",
          "named arguments inside aggregates are not part of Huntboard's syntax tree",
          "union kind=inner U, (T | project K, Timestamp, S)",
          "the union docs (KQL.md 5.7): an inner union keeps only the columns common to all legs",
          "U | parse K with 'id=' X:long ',' Rest",
          "the language service keeps two columns named X; a schema has unique names",
          "T | extend abs(A), round(R), sign(A), floor(A, 2), bin(R, 1.5), bin(Timestamp, 1d)",
          "the extend docs (KQL.md 5.7): a column extend names again moves to the end",
          "DeviceNetworkEvents | extend RemotePort = tostring(RemotePort)",
          "the extend docs (KQL.md 5.7): a column extend names again moves to the end");

  @Test
  void agreesWithMicrosoftsBinderOnHandWrittenQueries() throws IOException {
    replay("microsoft-binder-verdicts.txt", BinderTest.CATALOG);
  }

  @Test
  void agreesWithMicrosoftsBinderOnHuntingQueriesOverDefenderTables() throws IOException {
    replay("microsoft-binder-verdicts-defender.txt", SchemaCatalog.builtIn(Dialect.DEFENDER));
  }

  private record Verdict(String query, String schema, boolean error) {}

  private static void replay(String resource, SchemaCatalog catalog) throws IOException {
    List<Verdict> verdicts = read(resource);
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (Verdict v : verdicts) {
      if (DOCUMENTED_DIFFERENCES.containsKey(v.query())) {
        continue;
      }
      compared++;
      SourceText source = new SourceText("q.kql", v.query());
      BoundQuery bound = Binder.bind(KqlParser.parse(source), catalog, source);
      if (bound.hasErrors() != v.error()) {
        disagreements.add(
            v.query()
                + "\n  Microsoft: "
                + (v.error() ? "error" : "no error")
                + ", Huntboard: "
                + bound.errors());
      } else if (!v.error()) {
        String ours =
            bound.resultSchema().columns().stream()
                .map(ColumnSchema::toString)
                .collect(Collectors.joining(", "));
        if (!ours.equals(v.schema())) {
          disagreements.add(v.query() + "\n  Microsoft: " + v.schema() + "\n  Huntboard: " + ours);
        }
      }
    }
    System.out.println(
        resource + ": agreement " + (compared - disagreements.size()) + "/" + compared);
    assertThat(compared).isGreaterThan(50);
    assertThat(disagreements).isEmpty();
  }

  private static List<Verdict> read(String resource) throws IOException {
    String text;
    try (InputStream in = MicrosoftBinderParityTest.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Verdict> verdicts = new ArrayList<>();
    String query = null;
    String schema = null;
    boolean error = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.startsWith("   -> ")) {
        schema = line.substring(6);
      } else if (line.startsWith("   ERR ")) {
        error = true;
      } else {
        if (query != null) {
          verdicts.add(new Verdict(query, schema, error));
        }
        query = line;
        schema = null;
        error = false;
      }
    }
    if (query != null) {
      verdicts.add(new Verdict(query, schema, error));
    }
    return verdicts;
  }
}
