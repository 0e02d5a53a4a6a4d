package org.huntboard.core.exclusion.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.condition.Condition.And;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.condition.Condition.Field;
import org.huntboard.core.exclusion.condition.Condition.Not;
import org.huntboard.core.exclusion.condition.Condition.Or;
import org.huntboard.core.exclusion.condition.Condition.Value;
import org.huntboard.core.kql.syntax.Span;
import org.junit.jupiter.api.Test;

class FilterParserTest {

  private static Comparison cmp(String field, ComparisonOperator op, String value) {
    return Comparison.of(field, op, value);
  }

  @Test
  void parsesTheFiveSeedFilters() {
    assertThat(
            FilterParser.parse(
                "process.parent_process_name == \"task scheduler\" or process.command_line contains \"schtasks\""))
        .isEqualTo(
            new Or(
                List.of(
                    cmp("process.parent_process_name", ComparisonOperator.EQUAL, "task scheduler"),
                    cmp("process.command_line", ComparisonOperator.CONTAINS, "schtasks")),
                Span.NONE));
    assertThat(
            FilterParser.parse(
                "process.parent_process_name == \"mstsc.exe\" or process.command_line contains \"mstsc\""))
        .isInstanceOf(Or.class);
    assertThat(
            FilterParser.parse(
                "process.command_line contains \"patchmgr.exe\" or process.parent_process_name == \"patchmgr.exe\""))
        .isInstanceOf(Or.class);
    assertThat(
            FilterParser.parse(
                "process.command_line contains \"backup.exe\" or process.parent_process_name == \"backupsvc\""))
        .isInstanceOf(Or.class);
    assertThat(
            FilterParser.parse(
                "process.command_line contains \"powershell.exe\" and process.parent_process_name == \"tigervnc.exe\""))
        .isEqualTo(
            new And(
                List.of(
                    cmp("process.command_line", ComparisonOperator.CONTAINS, "powershell.exe"),
                    cmp("process.parent_process_name", ComparisonOperator.EQUAL, "tigervnc.exe")),
                Span.NONE));
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() {
    Condition c = FilterParser.parse("a == '1' or b == '2' and not(c == '3')");
    assertThat(c)
        .isEqualTo(
            new Or(
                List.of(
                    cmp("a", ComparisonOperator.EQUAL, "1"),
                    new And(
                        List.of(
                            cmp("b", ComparisonOperator.EQUAL, "2"),
                            new Not(cmp("c", ComparisonOperator.EQUAL, "3"), Span.NONE)),
                        Span.NONE)),
                Span.NONE));
  }

  @Test
  void parenthesesOverridePrecedence() {
    Condition c = FilterParser.parse("(a == '1' or b == '2') and c == '3'");
    assertThat(c).isInstanceOf(And.class);
    assertThat(((And) c).operands().get(0)).isInstanceOf(Or.class);
  }

  @Test
  void parsesEveryOperator() {
    for (ComparisonOperator op : ComparisonOperator.values()) {
      String filter =
          op.takesList() ? "f " + op.text() + " ('x', \"y\")" : "f " + op.text() + " 'x'";
      Comparison c = (Comparison) FilterParser.parse(filter);
      assertThat(c.operator()).as(filter).isEqualTo(op);
      assertThat(c.field().name()).isEqualTo("f");
    }
  }

  @Test
  void parsesListsNumbersAndColumnNames() {
    Comparison c = (Comparison) FilterParser.parse("RemotePort in (443, 8443)");
    assertThat(c.field()).isEqualTo(new Field("RemotePort", Span.NONE));
    assertThat(c.values()).containsExactly(Value.number(443), Value.number(8443));
  }

  @Test
  void resolvesEscapesInBothQuoteStyles() {
    Comparison c = (Comparison) FilterParser.parse("f == \"a\\\"b\\\\c\\n'd\\u00e9\"");
    assertThat(c.values().get(0).text()).isEqualTo("a\"b\\c\n'dé");
    Comparison s = (Comparison) FilterParser.parse("f == 'it\\'s \"x\"'");
    assertThat(s.values().get(0).text()).isEqualTo("it's \"x\"");
    assertThat(((Comparison) FilterParser.parse("f == ''")).values().get(0).text()).isEmpty();
  }

  @Test
  void printedFilterParsesBackToTheSameCondition() {
    String[] filters = {
      "a == 'x' or b contains \"y\" and not(c in ('1', '2') or d matches regex '^a.*$')",
      "(a == 'x' and b == 'y') and c == 'z'",
      "(a == 'x' or b == 'y') or c == 'z'",
      "f !in~ ('a\\\\b', 'c\\n\"d')",
      "RemotePort == 443",
    };
    for (String f : filters) {
      Condition c = FilterParser.parse(f);
      assertThat(FilterParser.parse(FilterPrinter.print(c))).as(f).isEqualTo(c);
    }
  }

  @Test
  void reportsTheColumnOfAMissingValue() {
    assertThatThrownBy(() -> FilterParser.parse("process.name == "))
        .isInstanceOf(DiagnosticException.class)
        .satisfies(
            e -> {
              DiagnosticException d = (DiagnosticException) e;
              assertThat(d.first().code()).isEqualTo(FilterParser.SYNTAX);
              assertThat(d.first().location().column()).isEqualTo(17);
              assertThat(d.first().message()).contains("expected a value after '=='");
            });
  }

  @Test
  void reportsErrorsWithACaretUnderTheProblem() {
    DiagnosticException e = syntaxError("process.name = \"x\"");
    assertThat(e.first().message()).contains("write '==' (case-sensitive) or '=~'");
    assertThat(e.first().format())
        .isEqualTo(
            "<filter>:1:14: '=' is not a comparison; write '==' (case-sensitive) or '=~' (ignoring case)\n"
                + "process.name = \"x\"\n"
                + "             ^");
  }

  @Test
  void explainsCommonMistakes() {
    assertThat(syntaxError("a == 'x' AND b == 'y'").first().message()).contains("unexpected 'AND'");
    assertThat(syntaxError("a CONTAINS 'x'").first().message())
        .contains("operators are lower case: 'contains'");
    assertThat(syntaxError("a == x").first().message()).contains("quote the value");
    assertThat(syntaxError("a == 'x").first().message()).contains("not closed");
    assertThat(syntaxError("a == 'x\\q'").first().message()).contains("unknown escape \\q");
    assertThat(syntaxError("not a == 'x'").first().message()).contains("not(...)");
    assertThat(syntaxError("(a == 'x'").first().message()).contains("expected ')'");
    assertThat(syntaxError("a in 'x'").first().message()).contains("list in parentheses");
    assertThat(syntaxError("a like 'x'").first().message()).contains("unknown operator 'like'");
    assertThat(syntaxError("").first().message()).contains("empty");
    assertThat(syntaxError("a. == 'x'").first().message()).contains("cannot end with '.'");
    assertThat(syntaxError("a == 'x' b == 'y'").first().location().column()).isEqualTo(10);
  }

  @Test
  void locatesErrorsInTheFileAFilterCameFrom() {
    String yaml = "- name: x\n  filter: \"a == \\\"x\\\" or b ~~ 'y'\"\n";
    SourceText file = new SourceText("exclusions.yaml", yaml);
    int start = yaml.indexOf('"');
    int end = yaml.lastIndexOf('"') + 1;
    FilterText text = FilterText.embedded("a == \"x\" or b ~~ 'y'", file, start, end);
    DiagnosticException e =
        (DiagnosticException)
            org.assertj.core.api.Assertions.catchThrowable(() -> FilterParser.parse(text));
    assertThat(e.first().location().toString()).isEqualTo("exclusions.yaml:2:28");
    assertThat(e.first().excerpt()).endsWith("\n" + " ".repeat(27) + "^");
  }

  private static DiagnosticException syntaxError(String filter) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> FilterParser.parse(filter));
    assertThat(t).as(filter).isInstanceOf(DiagnosticException.class);
    return (DiagnosticException) t;
  }
}
