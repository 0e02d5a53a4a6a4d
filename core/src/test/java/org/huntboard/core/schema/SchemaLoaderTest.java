package org.huntboard.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.Test;

class SchemaLoaderTest {

  private static Diagnostic problem(String json) {
    DiagnosticException e =
        catchThrowableOfType(
            () -> SchemaLoader.load(new SourceText("T.defender.json", json)),
            DiagnosticException.class);
    assertThat(e).as("expected a located error").isNotNull();
    return e.first();
  }

  @Test
  void readsAWellFormedFile() {
    SchemaFile f =
        SchemaLoader.load(
            new SourceText(
                "T.json",
                """
                {"table": "T", "dialect": "sentinel", "source": "test",
                 "columns": [{"name": "TimeGenerated", "type": "datetime"}, {"name": "n", "type": "long"}]}
                """));
    assertThat(f.dialect()).isEqualTo(Dialect.SENTINEL);
    assertThat(f.table().columns())
        .containsExactly(
            new ColumnSchema("TimeGenerated", ScalarType.DATETIME),
            new ColumnSchema("n", ScalarType.LONG));
  }

  @Test
  void locatesAnUnknownType() {
    Diagnostic d =
        problem(
            """
            {"table": "T", "dialect": "defender",
             "columns": [
              {"name": "a", "type": "strnig"}
             ]}
            """);
    assertThat(d.code()).isEqualTo(SchemaLoader.CODE);
    assertThat(d.message()).contains("strnig");
    assertThat(d.location().file()).isEqualTo("T.defender.json");
    assertThat(d.location().line()).isEqualTo(3);
    assertThat(d.location().column()).isEqualTo(25);
  }

  @Test
  void locatesMalformedJson() {
    Diagnostic d = problem("{\"table\": \"T\",\n \"dialect\": \"defender\"\n \"columns\": []}");
    assertThat(d.message()).startsWith("malformed JSON");
    assertThat(d.location().line()).isEqualTo(3);
  }

  @Test
  void rejectsADuplicateColumnAtItsName() {
    Diagnostic d =
        problem(
            "{\"table\": \"T\", \"dialect\": \"defender\", \"columns\": [\n"
                + "{\"name\": \"a\", \"type\": \"long\"},\n"
                + "{\"name\": \"a\", \"type\": \"string\"}]}");
    assertThat(d.message()).contains("a is declared twice");
    assertThat(d.location().line()).isEqualTo(3);
    assertThat(d.location().column()).isEqualTo(10);
  }

  @Test
  void rejectsMissingColumnsAndUnknownFields() {
    assertThat(problem("{\"table\": \"T\", \"dialect\": \"defender\"}").message())
        .contains("missing field \"columns\"");
    assertThat(problem("{\"table\": \"T\", \"dialect\": \"defender\", \"colums\": []}").message())
        .contains("unknown field \"colums\"");
    assertThat(problem("{\"table\": \"T\", \"dialect\": \"splunk\", \"columns\": []}").message())
        .contains("unknown dialect");
  }
}
