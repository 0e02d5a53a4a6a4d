package org.huntboard.core.kql.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The TigerVNC hunting query of the seed rule, and the original form it corrects. */
class SeedQueryTest {

  static Path shared(String relative) {
    String shared = System.getProperty("huntboard.shared.dir");
    Path path = shared == null ? null : Path.of(shared).resolve(relative);
    Assumptions.assumeTrue(
        path != null && Files.exists(path),
        relative
            + " is absent (huntboard.shared.dir not set or incomplete), so it cannot be bound");
    return path;
  }

  /** The {@code query:} block of the seed rule YAML. */
  static String seedQuery() throws IOException {
    Path file = shared("data/seed/tigervnc-network-connection.yaml");
    Map<String, Object> rule = new Yaml().load(Files.readString(file));
    return (String) rule.get("query");
  }

  @Test
  void seedQueryBindsWithTheDetectionSchema() throws IOException {
    SourceText source = new SourceText("tigervnc-network-connection.yaml", seedQuery());
    BoundQuery bound =
        Binder.bind(KqlParser.parse(source), SchemaCatalog.builtIn(Dialect.DEFENDER), source);
    assertThat(bound.diagnostics()).isEmpty();
    assertThat(BinderTest.render(bound.resultSchema()))
        .isEqualTo(
            "DeviceId:string, DeviceName:string, RemoteUrl:string, FirstSeen:datetime,"
                + " LastSeen:datetime, Report:dynamic, Count:long");
  }

  @Test
  void seedQueryAlsoBindsAgainstSentinel() throws IOException {
    BoundQuery bound =
        Binder.bind(KqlParser.parse(seedQuery()), SchemaCatalog.builtIn(Dialect.SENTINEL));
    assertThat(bound.diagnostics()).isEmpty();
    assertThat(bound.resultSchema().columnNames())
        .containsExactly(
            "DeviceId", "DeviceName", "RemoteUrl", "FirstSeen", "LastSeen", "Report", "Count");
  }

  @Test
  void originalFormGroupingByAccountUpnIsRejectedAtAccountUpn() throws IOException {
    Path file = shared("data/corpus/rmm/rmm-yaml/rmm_TigerVNC_netconn.kql");
    SourceText source = new SourceText("rmm_TigerVNC_netconn.kql", Files.readString(file));
    BoundQuery bound =
        Binder.bind(KqlParser.parse(source), SchemaCatalog.builtIn(Dialect.DEFENDER), source);
    assertThat(bound.resultSchema()).isNull();
    assertThat(bound.errors()).hasSize(1);
    Diagnostic d = bound.errors().get(0);
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(d.message()).contains("'AccountUpn'").contains("'InitiatingProcessAccountUpn'");
    assertThat(d.location().toString()).isEqualTo("rmm_TigerVNC_netconn.kql:10:5");
    assertThat(d.format())
        .isEqualTo(
            "rmm_TigerVNC_netconn.kql:10:5: "
                + d.message()
                + "\n    AccountUpn, RemoteUrl \n    ^");
  }

  @Test
  void misspeltColumnOfTheDwServiceQuerySuggestsTheRealOne() throws IOException {
    Path file = shared("data/corpus/rmm/azsentinel-yaml/rmm_DWService_netconn.kql");
    SourceText source = new SourceText("rmm_DWService_netconn.kql", Files.readString(file));
    BoundQuery bound =
        Binder.bind(KqlParser.parse(source), SchemaCatalog.builtIn(Dialect.DEFENDER), source);
    assertThat(bound.errors()).hasSize(1);
    Diagnostic d = bound.errors().get(0);
    assertThat(d.message()).isEqualTo("unknown column 'Sha1' (did you mean 'SHA1'?)");
    assertThat(d.location().line()).isEqualTo(8);
    assertThat(d.location().column()).isEqualTo(12);
  }
}
