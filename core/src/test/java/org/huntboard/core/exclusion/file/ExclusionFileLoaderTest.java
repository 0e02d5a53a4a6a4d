package org.huntboard.core.exclusion.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.Exclusion;
import org.huntboard.core.exclusion.ExclusionState;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.testing.SeedScenarios;
import org.junit.jupiter.api.Test;

class ExclusionFileLoaderTest {

  @Test
  void loadsTheSeedScenariosVerbatim() {
    ExclusionFile file = SeedScenarios.load();
    assertThat(file.exclusions()).hasSize(5);
    assertThat(file.exclusions().get(0).id())
        .isEqualTo("scheduled-system-maintenance-via-tigervnc");
    assertThat(file.exclusions().get(4).conditions())
        .isEqualTo(
            FilterParser.parse(
                "process.command_line contains \"powershell.exe\" and"
                    + " process.parent_process_name == \"tigervnc.exe\""));
    assertThat(file.exclusions().get(1).location().line()).isEqualTo(7);
  }

  @Test
  void readsTheModelsOptionalFields() {
    String yaml =
        """
        - id: backup-job
          name: Backup job
          description: The nightly backup connects through TigerVNC
          filter: process.parent_process_name == "backupsvc.exe"
          tenant: contoso
          rules: [dc1950c0-efeb-4695-aa95-74198df5dab8]
          ticket: CHG-42
          proposer: alice
          expires: 2026-06-30T00:00:00Z
        """;
    ExclusionDefinition d = load(yaml).exclusions().get(0);
    assertThat(d.tenant()).isEqualTo("contoso");
    assertThat(d.rules()).containsExactly("dc1950c0-efeb-4695-aa95-74198df5dab8");
    Exclusion e = d.propose("bob", Instant.parse("2026-01-01T00:00:00Z"), Instant.MAX, "other");
    assertThat(e.proposer()).isEqualTo("alice");
    assertThat(e.expiresAt()).isEqualTo(Instant.parse("2026-06-30T00:00:00Z"));
    assertThat(e.scope().ruleIds()).containsExactly("dc1950c0-efeb-4695-aa95-74198df5dab8");
    assertThat(e.state()).isEqualTo(ExclusionState.PROPOSED);
    assertThat(e.justification()).isEqualTo("The nightly backup connects through TigerVNC");
  }

  @Test
  void locatesAFilterSyntaxErrorAtItsFileLineAndColumn() {
    String yaml =
        """
        exclusions:
          - name: Broken
            description: d
            filter: process.name == "a.exe" or process.command_line contians "x"
        """;
    Diagnostic d = errors(yaml).get(0);
    assertThat(d.code()).isEqualTo("EXCL-SYNTAX");
    assertThat(d.location().toString()).isEqualTo("exclusions.yaml:4:61");
    assertThat(d.message()).contains("unknown operator 'contians'");
  }

  @Test
  void mapsFilterColumnsThroughQuotesAndEscapes() {
    String yaml =
        "- name: Quoted\n"
            + "  description: d\n"
            + "  filter: \"process.name == \\\"a\\\\\\\\b\\\" and == 1\"\n";
    Diagnostic d = errors(yaml).get(0);
    // The filter is: process.name == "a\\b" and == 1  — the error is at the == after 'and'.
    assertThat(d.location().line()).isEqualTo(3);
    assertThat(d.location().column()).isEqualTo(yaml.split("\n")[2].lastIndexOf("==") + 1);
  }

  @Test
  void mapsFilterLinesInABlockScalar() {
    String yaml =
        """
        - name: Multi-line
          description: d
          filter: |
            process.name == "a.exe"
            or process.command_line == ) "x"
        """;
    Diagnostic d = errors(yaml).get(0);
    assertThat(d.location().toString()).isEqualTo("exclusions.yaml:5:32");
  }

  @Test
  void reportsEveryStructuralProblemWithItsPlace() {
    String yaml =
        """
        - name: One
          descripton: d
          filter: user.name == "x"
        - name: One
          description: d
          filter: user.name == "y"
          expires: next week
        - just text
        """;
    List<Diagnostic> all = errors(yaml);
    assertThat(all)
        .extracting(Diagnostic::headline)
        .containsExactly(
            "exclusions.yaml:2:3: unknown key 'descripton'; did you mean description?",
            "exclusions.yaml:1:3: this exclusion has no 'description'",
            "exclusions.yaml:7:12: 'expires' must be an ISO-8601 instant such as"
                + " 2026-06-30T00:00:00Z, not 'next week'",
            "exclusions.yaml:8:3: an exclusion is a mapping with name, description and filter");
  }

  @Test
  void readsTheRuleAFileBelongsTo() {
    String yaml =
        "rule: dc1950c0-efeb-4695-aa95-74198df5dab8\nscenarios:\n"
            + "  - name: n\n    description: d\n    filter: user.name == 'x'\n";
    ExclusionFile file = load(yaml);
    assertThat(file.rule()).isEqualTo("dc1950c0-efeb-4695-aa95-74198df5dab8");
    assertThat(file.exclusions()).hasSize(1);
  }

  @Test
  void refusesTwoEntriesWithOneId() {
    String yaml =
        """
        - name: Same name
          description: d
          filter: user.name == "x"
        - name: Same  name!
          description: d
          filter: user.name == "y"
        """;
    assertThat(errors(yaml).get(0).headline())
        .isEqualTo(
            "exclusions.yaml:4:3: the id 'same-name' is already used by the entry at line 1; give"
                + " this one its own 'id:'");
  }

  @Test
  void reportsInvalidYamlWithItsPlace() {
    Diagnostic d = errors("- name: x\n  filter: [unclosed\n").get(0);
    assertThat(d.message()).startsWith("this is not valid YAML");
    assertThat(d.location().line()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void keepsSpansIntoTheFileForFindings() {
    String yaml = "- name: n\n  description: d\n  filter: user.name == 'x'\n";
    ExclusionDefinition d = load(yaml).exclusions().get(0);
    Condition.Comparison c = (Condition.Comparison) d.conditions();
    SourceText source = d.filter().source();
    assertThat(source.location(c.field().span().start()).toString())
        .isEqualTo("exclusions.yaml:3:11");
  }

  private static ExclusionFile load(String yaml) {
    return ExclusionFileLoader.load(new SourceText("exclusions.yaml", yaml));
  }

  private static List<Diagnostic> errors(String yaml) {
    Throwable t = catchThrowable(() -> load(yaml));
    assertThat(t).isInstanceOf(DiagnosticException.class);
    return ((DiagnosticException) t).diagnostics();
  }
}
