package org.huntboard.core.exclusion.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Random;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.condition.ComparisonOperator;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.file.ExclusionDefinition;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.testing.SeedScenarios;
import org.junit.jupiter.api.Test;

class SigmaFilterExporterTest {

  private static final String RULE = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  private record Filter(String id, Condition conditions) implements ExclusionFilter {}

  private static String export(String filter) {
    return SigmaFilterExporter.export(
        new Filter("ex-1", FilterParser.parse(filter)),
        "t",
        "d",
        "DeviceNetworkEvents",
        List.of(RULE),
        null);
  }

  @Test
  void seedScenariosSurviveExportAndReadBack() {
    ExclusionFile seed = SeedScenarios.load();
    for (ExclusionDefinition d : seed.exclusions()) {
      String yaml =
          SigmaFilterExporter.export(
              d,
              d.name(),
              d.description(),
              "DeviceNetworkEvents",
              List.of(RULE),
              d.filter().source());
      SigmaFilterReader.SigmaFilter back = SigmaFilterReader.read(yaml);
      assertThat(back.conditions()).as(yaml).isEqualTo(d.conditions());
      assertThat(back.rules()).containsExactly(RULE);
      assertThat(back.title()).isEqualTo(d.name());
      assertThat(back.id()).isEqualTo(SigmaFilterExporter.sigmaId(d.id()).toString());
    }
  }

  @Test
  void writesTheFifthScenarioWithSigmaFieldNamesAndModifiers() {
    String yaml =
        SigmaFilterExporter.export(
            new Filter(
                "admin-task",
                FilterParser.parse(
                    "process.command_line contains \"powershell.exe\" and"
                        + " process.parent_process_name == \"tigervnc.exe\"")),
            "Admin Task Execution via TigerVNC",
            "An admin uses TigerVNC to run a PowerShell script",
            "DeviceNetworkEvents",
            List.of(RULE),
            null);
    assertThat(yaml)
        .isEqualTo(
            "title: Admin Task Execution via TigerVNC\n"
                + "id: "
                + SigmaFilterExporter.sigmaId("admin-task")
                + "\n"
                + "description: An admin uses TigerVNC to run a PowerShell script\n"
                + "logsource:\n"
                + "  product: windows\n"
                + "  category: network_connection\n"
                + "filter:\n"
                + "  rules:\n"
                + "    - "
                + RULE
                + "\n"
                + "  selection_1:\n"
                + "    CommandLine|contains: powershell.exe\n"
                + "  selection_2:\n"
                + "    ParentImage|endswith|cased: \\tigervnc.exe\n"
                + "  condition: not (selection_1 and selection_2)\n");
  }

  @Test
  void aSingleComparisonIsNamedSelection() {
    String yaml = export("destination.port in (5900, 5901)");
    assertThat(yaml).contains("  selection:\n    DestinationPort:\n      - 5900\n      - 5901\n");
    assertThat(yaml).contains("condition: not selection\n");
    assertThat(SigmaFilterReader.read(yaml).conditions())
        .isEqualTo(FilterParser.parse("destination.port in (5900, 5901)"));
  }

  @Test
  void negationsAndGroupingSurviveTheRoundTrip() {
    String[] filters = {
      "user.name =~ 'svc_backup' and not(destination.domain endswith '.corp.example' or"
          + " destination.ip startswith '10.')",
      "process.command_line !contains 'x' or process.executable matches regex '^C:\\\\\\\\Tools'",
      "(user.name == 'a' or user.name == 'b') and (process.name == 'x.exe' or process.name =~ 'Y.EXE')",
      "process.parent.name in~ ('a.exe', 'b.exe')",
    };
    for (String f : filters) {
      Condition c = FilterParser.parse(f);
      Condition back = SigmaFilterReader.read(export(f)).conditions();
      // process.parent.name reads back under its canonical synonym.
      assertThat(
              FilterParser.parse(
                  org.huntboard.core.exclusion.condition.FilterPrinter.print(back)
                      .replace("process.parent_process_name", "process.parent.name")))
          .as(f)
          .isEqualTo(c);
    }
  }

  @Test
  void valuesWithWildcardsBackslashesAndQuotesSurviveTheRoundTrip() {
    Random random = new Random(7);
    String alphabet = "ab*?\\'\"|:# \n\té-{}[]%&";
    int checked = 0;
    for (int i = 0; i < 2_000; i++) {
      StringBuilder v = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        v.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      ComparisonOperator op =
          List.of(
                  ComparisonOperator.CONTAINS, ComparisonOperator.EQUAL,
                  ComparisonOperator.STARTSWITH, ComparisonOperator.ENDSWITH)
              .get(random.nextInt(4));
      Condition c = Condition.Comparison.of("process.command_line", op, v.toString());
      String yaml =
          SigmaFilterExporter.export(
              new Filter("ex", c), "t", null, "DeviceProcessEvents", List.of("r"), null);
      assertThat(SigmaFilterReader.read(yaml).conditions()).as(yaml).isEqualTo(c);
      checked++;
    }
    System.out.println(
        "Sigma round trip: " + checked + " generated values survived export and read-back");
  }

  @Test
  void refusesWhatSigmaCannotSayExactly() {
    Throwable has = catchThrowable(() -> export("process.command_line has 'x'"));
    assertThat(has).isInstanceOf(DiagnosticException.class).hasMessageContaining("whole terms");
    Throwable name = catchThrowable(() -> export("process.parent_process_name contains 'vnc'"));
    assertThat(name)
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("ParentImage is a full path");
  }

  @Test
  void readsWildcardsAsAnErrorRatherThanALiteral() {
    String yaml =
        "title: t\nfilter:\n  rules: [r]\n  selection:\n    CommandLine: '*evil*'\n"
            + "  condition: not selection\n";
    assertThat(catchThrowable(() -> SigmaFilterReader.read(yaml)))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("wildcard");
  }
}
