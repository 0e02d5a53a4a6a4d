package org.huntboard.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

  @Test
  void defenderCatalogHasTheThreeDeviceTables() {
    SchemaCatalog defender = SchemaCatalog.builtIn(Dialect.DEFENDER);
    assertThat(defender.tableNames())
        .containsExactlyInAnyOrder(
            "DeviceNetworkEvents", "DeviceProcessEvents", "DeviceFileCertificateInfo");
    TableSchema network = defender.table("DeviceNetworkEvents").orElseThrow();
    assertThat(network.columnNames()).startsWith("Timestamp", "DeviceId", "DeviceName");
    assertThat(network.column("RemotePort").orElseThrow().type()).isEqualTo(ScalarType.INT);
    assertThat(network.column("AdditionalFields").orElseThrow().type())
        .isEqualTo(ScalarType.STRING);
  }

  @Test
  void sentinelTablesHaveTimeGeneratedAndDynamicAdditionalFields() {
    TableSchema network =
        SchemaCatalog.builtIn(Dialect.SENTINEL).table("DeviceNetworkEvents").orElseThrow();
    assertThat(network.column(Dialect.SENTINEL.timeColumn()).orElseThrow().type())
        .isEqualTo(ScalarType.DATETIME);
    assertThat(network.column("AdditionalFields").orElseThrow().type())
        .isEqualTo(ScalarType.DYNAMIC);
    assertThat(network.hasColumn("TenantId")).isTrue();
  }

  @Test
  void columnLookupIsCaseSensitive() {
    TableSchema cert =
        SchemaCatalog.builtIn(Dialect.DEFENDER).table("DeviceFileCertificateInfo").orElseThrow();
    assertThat(cert.column("SHA1")).isPresent();
    assertThat(cert.column("Sha1")).isEmpty();
    assertThat(SchemaCatalog.builtIn(Dialect.DEFENDER).table("devicenetworkevents")).isEmpty();
  }

  @Test
  void networkEventsHaveNoAccountUpnButProcessEventsDo() {
    SchemaCatalog defender = SchemaCatalog.builtIn(Dialect.DEFENDER);
    assertThat(defender.table("DeviceNetworkEvents").orElseThrow().hasColumn("AccountUpn"))
        .isFalse();
    assertThat(defender.table("DeviceProcessEvents").orElseThrow().hasColumn("AccountUpn"))
        .isTrue();
  }

  @Test
  void dialectsNameTheirTimeColumn() {
    assertThat(Dialect.DEFENDER.timeColumn()).isEqualTo("Timestamp");
    assertThat(Dialect.SENTINEL.timeColumn()).isEqualTo("TimeGenerated");
  }

  @Test
  void builtInCopiesMatchTheSharedSchemaFiles() throws IOException {
    String shared = System.getProperty("huntboard.shared.dir");
    Assumptions.assumeTrue(
        shared != null && Files.isDirectory(Path.of(shared, "data", "schemas")),
        "the shared data folder (huntboard.shared.dir) is absent, so the copies cannot be compared");
    try (Stream<Path> files = Files.list(Path.of(shared, "data", "schemas"))) {
      List<Path> jsons = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(jsons).hasSize(6);
      for (Path f : jsons) {
        SchemaFile file = SchemaLoader.load(new SourceText(f.toString(), Files.readString(f)));
        assertThat(SchemaCatalog.builtIn(file.dialect()).table(file.table().name()))
            .as(f.toString())
            .contains(file.table());
      }
    }
  }

  @Test
  void catalogOfGivenTables() {
    TableSchema t = new TableSchema("T", List.of(new ColumnSchema("a", ScalarType.LONG)));
    SchemaCatalog catalog = SchemaCatalog.of(List.of(t));
    assertThat(catalog.table("T")).contains(t);
    assertThat(catalog.table("U")).isEmpty();
  }
}
