package org.huntboard.core.exclusion.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.huntboard.core.exclusion.testing.SeedScenarios;
import org.huntboard.core.exclusion.testing.TigerVnc;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;
import org.junit.jupiter.api.Test;

class ExclusionLinterTest {

  private static final Query RULE = KqlParser.parse(TigerVnc.QUERY);

  private static List<Diagnostic> lint(String yaml, ExclusionEvidence evidence) {
    ExclusionFile file = ExclusionFileLoader.load(new SourceText("exclusions.yaml", yaml));
    return ExclusionLinter.lint(RULE, file.exclusions(), Dialect.DEFENDER, evidence);
  }

  private static String entry(String filter) {
    return "- id: e\n  name: n\n  description: d\n  filter: " + filter + "\n";
  }

  private static List<String> codes(List<Diagnostic> ds) {
    return ds.stream().map(Diagnostic::code).toList();
  }

  @Test
  void warnsThatTheFifthSeedScenarioCanBeSatisfiedByAnAttacker() {
    ExclusionFile seed = SeedScenarios.load();
    List<Diagnostic> findings =
        ExclusionLinter.lint(RULE, List.of(seed.exclusions().get(4)), Dialect.DEFENDER, null);
    assertThat(codes(findings)).containsExactly(ExclusionLinter.ATTACKER_CONTROLLED);
    Diagnostic d = findings.get(0);
    assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
    assertThat(d.location().line()).isEqualTo(18);
    assertThat(d.location().column()).isEqualTo(13);
    assertThat(d.message())
        .contains("'contains' on process.command_line (InitiatingProcessCommandLine)")
        .contains("anyone who starts a process can put \"powershell.exe\" in it")
        .contains(
            "Safer: anchor on what the attacker does not choose: the parent process name"
                + " together with the executable's folder path and signer")
        .contains("or compare the whole command line with ==");
    System.out.println("Guard on the fifth seed scenario:\n" + d.format());
  }

  @Test
  void warnsOnEachSingleFieldAlternativeOfTheOrScenarios() {
    ExclusionFile seed = SeedScenarios.load();
    List<Diagnostic> findings =
        ExclusionLinter.lint(RULE, seed.exclusions().subList(0, 4), Dialect.DEFENDER, null);
    // Each of the four 'or' scenarios: a contains on the command line, and two one-field branches.
    assertThat(findings.stream().filter(d -> d.code().equals(ExclusionLinter.SINGLE_FIELD)))
        .hasSize(8);
    assertThat(findings.stream().filter(d -> d.code().equals(ExclusionLinter.ATTACKER_CONTROLLED)))
        .hasSize(4);
    assertThat(findings).noneMatch(Diagnostic::isError);
    System.out.println(
        "Guards on the seed scenarios: " + findings.size() + " findings on 4 'or' scenarios");
  }

  @Test
  void anUnknownFieldIsAnErrorWithCloseMatchesAtItsPlace() {
    List<Diagnostic> findings = lint(entry("proces.name == 'x.exe' and host.name == 'a'"), null);
    assertThat(findings.get(0).isError()).isTrue();
    assertThat(findings.get(0).headline())
        .isEqualTo(
            "exclusions.yaml:4:11: exclusion e: unknown field proces.name for"
                + " DeviceNetworkEvents; did you mean process.name?");
  }

  @Test
  void anUnmappedFieldIsAnError() {
    ExclusionFile file =
        ExclusionFileLoader.load(
            new SourceText(
                "x.yaml",
                entry("process.parent.executable == 'C:\\\\x.exe' and host.name == 'a'")));
    List<Diagnostic> findings =
        ExclusionLinter.lint(RULE, file.exclusions(), Dialect.DEFENDER, null);
    assertThat(findings.get(0).code()).isEqualTo(ExclusionLinter.UNKNOWN_FIELD);
    assertThat(findings.get(0).message()).contains("has no column in DeviceNetworkEvents");
  }

  @Test
  void warnsOnVolatileFieldsAndGuidValues() {
    assertThat(codes(lint(entry("ReportId == 1234 and host.name == 'a'"), null)))
        .containsExactly(ExclusionLinter.VOLATILE);
    assertThat(codes(lint(entry("process.pid == 4412 and host.name == 'a'"), null)))
        .containsExactly(ExclusionLinter.VOLATILE);
    List<Diagnostic> guid =
        lint(
            entry(
                "process.executable == 'C:\\\\Users\\\\x\\\\AppData\\\\Local\\\\Temp\\\\"
                    + "3f2a9c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6\\\\vnc.exe' and host.name == 'a'"),
            null);
    assertThat(codes(guid)).containsExactly(ExclusionLinter.VOLATILE);
    assertThat(guid.get(0).message()).contains("holds a GUID");
    assertThat(codes(lint(entry("Timestamp == '2026-03-01T00:00:00Z' and host.name == 'a'"), null)))
        .containsExactly(ExclusionLinter.VOLATILE);
  }

  @Test
  void warnsOnAConditionOverOneFieldOnly() {
    List<Diagnostic> findings = lint(entry("user.name == 'svc_backup'"), null);
    assertThat(codes(findings)).containsExactly(ExclusionLinter.SINGLE_FIELD);
    assertThat(findings.get(0).message()).contains("tests only user.name");
    assertThat(lint(entry("user.name in ('a', 'b') and host.name == 'x'"), null)).isEmpty();
  }

  @Test
  void aSafeExclusionHasNoFindings() {
    assertThat(
            lint(
                entry(
                    "process.parent_process_name == 'backupsvc.exe' and process.executable =="
                        + " 'c:\\\\program files\\\\tigervnc\\\\winvnc4.exe'"),
                null))
        .isEmpty();
  }

  @Test
  void suggestsEndswithForAUrlContains() {
    List<Diagnostic> findings =
        lint(entry("destination.domain contains 'contoso.com' and host.name == 'a'"), null);
    assertThat(findings.get(0).message()).contains("endswith \".contoso.com\"");
  }

  @Test
  void refusesAnExclusionThatSuppressesATruePositiveAndFlagsADeadOne() {
    Map<String, Object> truePositive =
        Map.of(
            "DeviceName", "lt-hr-007.contoso.local",
            "RemoteUrl", "tigervnc.org",
            "InitiatingProcessParentFileName", "explorer.exe",
            "InitiatingProcessFileName", "vncviewer64.exe");
    Map<String, Object> benign =
        Map.of(
            "DeviceName", "srv-fs-001.contoso.local",
            "InitiatingProcessParentFileName", "backupsvc",
            "InitiatingProcessFileName", "winvnc4.exe");
    FixtureEvidence evidence =
        new FixtureEvidence(List.of(truePositive), List.of(benign), "the test's fixtures");
    String yaml =
        entry(
                "process.parent_process_name == 'explorer.exe' and host.name == 'lt-hr-007.contoso.local'")
            + "- id: dead\n  name: m\n  description: d\n  filter: process.parent_process_name =="
            + " 'nothing.exe' and host.name == 'b'\n"
            + "- id: fine\n  name: o\n  description: d\n  filter: process.parent_process_name =="
            + " 'backupsvc' and process.name == 'winvnc4.exe'\n";
    List<Diagnostic> findings = lint(yaml, evidence);
    assertThat(findings)
        .extracting(Diagnostic::code)
        .containsExactly(
            ExclusionLinter.SUPPRESSES_TRUE_POSITIVE, ExclusionLinter.DEAD, ExclusionLinter.DEAD);
    assertThat(findings.get(0).isError()).isTrue();
    assertThat(findings.get(0).message())
        .contains(
            "suppresses 1 of the rule's true positives (DeviceName=lt-hr-007.contoso.local,"
                + " RemoteUrl=tigervnc.org")
        .contains("it may not be approved");
    assertThat(findings.get(0).location().line()).isEqualTo(4);
    assertThat(findings.get(2).message()).contains("exclusion dead matches nothing");
  }
}
