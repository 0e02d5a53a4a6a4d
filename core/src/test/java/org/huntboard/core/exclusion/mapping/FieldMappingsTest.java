package org.huntboard.core.exclusion.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.huntboard.core.exclusion.mapping.FieldResolution.Resolved;
import org.huntboard.core.schema.Dialect;
import org.junit.jupiter.api.Test;

class FieldMappingsTest {

  private static final FieldMappings MAPPINGS = FieldMappings.builtIn();

  @Test
  void mapsTheGenericNamesOntoDeviceNetworkEventsInBothDialects() {
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("process.name", "InitiatingProcessFileName"),
            Map.entry("process.command_line", "InitiatingProcessCommandLine"),
            Map.entry("process.executable", "InitiatingProcessFolderPath"),
            Map.entry("process.parent_process_name", "InitiatingProcessParentFileName"),
            Map.entry("process.parent.name", "InitiatingProcessParentFileName"),
            Map.entry("process.hash.sha1", "InitiatingProcessSHA1"),
            Map.entry("user.name", "InitiatingProcessAccountName"),
            Map.entry("host.name", "DeviceName"),
            Map.entry("destination.domain", "RemoteUrl"),
            Map.entry("destination.ip", "RemoteIP"),
            Map.entry("destination.port", "RemotePort"));
    for (Dialect d : Dialect.values()) {
      FieldMappingProfile p = MAPPINGS.profile("DeviceNetworkEvents", d).orElseThrow();
      expected.forEach(
          (generic, column) ->
              assertThat(((Resolved) p.resolve(generic)).column().name())
                  .as(generic + " in " + d)
                  .isEqualTo(column));
    }
  }

  @Test
  void mapsProcessFieldsOfDeviceProcessEventsOntoTheCreatedProcess() {
    for (Dialect d : Dialect.values()) {
      FieldMappingProfile p = MAPPINGS.profile("DeviceProcessEvents", d).orElseThrow();
      assertThat(column(p, "process.name")).isEqualTo("FileName");
      assertThat(column(p, "process.command_line")).isEqualTo("ProcessCommandLine");
      assertThat(column(p, "process.executable")).isEqualTo("FolderPath");
      assertThat(column(p, "process.hash.sha1")).isEqualTo("SHA1");
      assertThat(column(p, "process.parent_process_name")).isEqualTo("InitiatingProcessFileName");
      assertThat(column(p, "process.parent.name")).isEqualTo("InitiatingProcessFileName");
      assertThat(column(p, "user.name")).isEqualTo("AccountName");
      assertThat(column(p, "host.name")).isEqualTo("DeviceName");
    }
  }

  @Test
  void acceptsColumnNamesAsTheyAre() {
    FieldMappingProfile p = MAPPINGS.profile("DeviceNetworkEvents", Dialect.SENTINEL).orElseThrow();
    Resolved r = (Resolved) p.resolve("InitiatingProcessVersionInfoCompanyName");
    assertThat(r.generic()).isFalse();
    assertThat(((Resolved) p.resolve("TimeGenerated")).column().name()).isEqualTo("TimeGenerated");
    assertThat(
            MAPPINGS
                .profile("DeviceNetworkEvents", Dialect.DEFENDER)
                .orElseThrow()
                .resolve("TimeGenerated"))
        .isInstanceOf(FieldResolution.Unknown.class);
  }

  @Test
  void anUnknownFieldListsCloseMatches() {
    FieldMappingProfile p = MAPPINGS.profile("DeviceNetworkEvents", Dialect.DEFENDER).orElseThrow();
    FieldResolution r = p.resolve("process.comand_line");
    assertThat(r).isInstanceOf(FieldResolution.Unknown.class);
    assertThat(((FieldResolution.Unknown) r).closeMatches()).startsWith("process.command_line");
    FieldResolution c = p.resolve("InitiatingProcessFilename");
    assertThat(((FieldResolution.Unknown) c).closeMatches()).contains("InitiatingProcessFileName");
  }

  @Test
  void aGenericNameWithoutAColumnInThisTableIsUnmapped() {
    FieldMappingProfile p = MAPPINGS.profile("DeviceProcessEvents", Dialect.DEFENDER).orElseThrow();
    assertThat(p.resolve("destination.domain")).isInstanceOf(FieldResolution.Unmapped.class);
  }

  @Test
  void knowsVolatileAndAttackerControlledColumns() {
    assertThat(MAPPINGS.isVolatile("ReportId")).isTrue();
    assertThat(MAPPINGS.isVolatile("InitiatingProcessId")).isTrue();
    assertThat(MAPPINGS.isVolatile("DeviceName")).isFalse();
    assertThat(MAPPINGS.attackerText("InitiatingProcessCommandLine"))
        .contains(FieldMappings.AttackerText.COMMAND_LINE);
    assertThat(MAPPINGS.attackerText("DeviceName")).isEmpty();
  }

  private static String column(FieldMappingProfile p, String field) {
    return ((Resolved) p.resolve(field)).column().name();
  }
}
