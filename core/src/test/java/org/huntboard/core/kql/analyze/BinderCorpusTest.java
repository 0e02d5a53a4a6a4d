package org.huntboard.core.kql.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every corpus query that Microsoft's parser accepts is bound against the Defender schemas and
 * compared with the verdict of Microsoft's binder recorded in {@code index.csv}: no error exactly
 * where it found none, and where it found one, an error on the same line naming the same
 * identifier.
 */
class BinderCorpusTest {

  private static final Pattern MICROSOFT_ERROR = Pattern.compile("\\(line (\\d+): ([^)]*)\\)");

  @Test
  void agreesWithMicrosoftsBinderOnTheRmmCorpus() throws IOException {
    String shared = System.getProperty("huntboard.shared.dir");
    Path corpus = shared == null ? null : Path.of(shared, "data", "corpus", "rmm");
    Assumptions.assumeTrue(
        corpus != null && Files.isRegularFile(corpus.resolve("index.csv")),
        "the RMM corpus (huntboard.shared.dir/data/corpus/rmm) is absent, so it cannot be bound");
    SchemaCatalog defender = SchemaCatalog.builtIn(Dialect.DEFENDER);
    List<Map<String, String>> rows = readCsv(corpus.resolve("index.csv"));
    int total = 0;
    int agreed = 0;
    List<String> disagreements = new ArrayList<>();
    for (Map<String, String> row : rows) {
      if (!"1".equals(row.get("kusto_syntax_ok"))) {
        continue;
      }
      total++;
      String file = row.get("file");
      String text = Files.readString(corpus.resolve(file), StandardCharsets.UTF_8);
      SourceText source = new SourceText(file, text);
      Query query = KqlParser.parse(source);
      BoundQuery bound = Binder.bind(query, defender, source);
      boolean microsoftOk = "1".equals(row.get("kusto_semantic_ok_docs"));
      String verdict;
      if (microsoftOk) {
        verdict = bound.hasErrors() ? "Huntboard reports " + bound.errors() : null;
      } else {
        verdict = sameError(row.get("kusto_semantic_errors_docs"), bound.errors());
      }
      if (verdict == null) {
        agreed++;
      } else {
        disagreements.add(file + ": " + verdict);
      }
    }
    System.out.println("binder agreement: " + agreed + "/" + total);
    disagreements.forEach(d -> System.out.println("  " + d));
    assertThat(total).as("corpus queries accepted by Microsoft's parser").isGreaterThan(300);
    assertThat(disagreements).isEmpty();
  }

  /** Null when some error of ours is on Microsoft's line and names its identifier. */
  private static String sameError(String microsoft, List<Diagnostic> ours) {
    Matcher m = MICROSOFT_ERROR.matcher(microsoft);
    if (!m.find()) {
      return "cannot read Microsoft's error '" + microsoft + "'";
    }
    int line = Integer.parseInt(m.group(1));
    String identifier = m.group(2).trim();
    for (Diagnostic d : ours) {
      if (d.location() != null
          && d.location().line() == line
          && d.message().contains("'" + identifier + "'")) {
        return null;
      }
    }
    return "Microsoft reports '" + identifier + "' on line " + line + ", Huntboard " + ours;
  }

  /** RFC 4180 CSV with a header row: quoted fields may hold commas, quotes and line ends. */
  static List<Map<String, String>> readCsv(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < r.size(); i++) {
        row.put(header.get(i), r.get(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
