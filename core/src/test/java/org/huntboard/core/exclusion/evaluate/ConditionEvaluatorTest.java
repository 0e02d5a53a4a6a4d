package org.huntboard.core.exclusion.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.mapping.FieldMappings;
import org.huntboard.core.schema.Dialect;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {

  private static final ConditionEvaluator EVAL =
      new ConditionEvaluator(
          FieldMappings.builtIn().profile("DeviceNetworkEvents", Dialect.DEFENDER).orElseThrow());

  private static final Map<String, Object> EVENT =
      Map.of(
          "InitiatingProcessCommandLine", "\"vncviewer.exe\" -via Jump01 10.0.0.5::5900",
          "InitiatingProcessParentFileName", "Explorer.EXE",
          "RemotePort", 5900,
          "DeviceName", "ws-1");

  private static boolean matches(String filter) {
    return EVAL.matches(FilterParser.parse(filter), EVENT);
  }

  @Test
  void keepsKustoCaseRules() {
    assertThat(matches("process.parent_process_name == 'explorer.exe'")).isFalse();
    assertThat(matches("process.parent_process_name =~ 'explorer.exe'")).isTrue();
    assertThat(matches("process.parent_process_name in ('explorer.exe')")).isFalse();
    assertThat(matches("process.parent_process_name in~ ('explorer.exe')")).isTrue();
    assertThat(matches("process.command_line contains 'JUMP01'")).isTrue();
    assertThat(matches("process.command_line startswith '\"VNC'")).isTrue();
    assertThat(matches("process.command_line endswith '::5900'")).isTrue();
  }

  @Test
  void hasMatchesWholeTermsOnly() {
    assertThat(matches("process.command_line has 'jump01'")).isTrue();
    assertThat(matches("process.command_line has 'jump'")).isFalse();
    assertThat(matches("process.command_line has 'vncviewer.exe'")).isTrue();
    assertThat(matches("process.command_line !has 'jump'")).isTrue();
  }

  @Test
  void comparesNumbersAsNumbersAndCombinesConditions() {
    assertThat(matches("destination.port == 5900")).isTrue();
    assertThat(matches("destination.port in (80, 443)")).isFalse();
    assertThat(matches("destination.port != 5900 or host.name == 'ws-1'")).isTrue();
    assertThat(matches("not(host.name == 'ws-1')")).isFalse();
    assertThat(matches("process.command_line matches regex '\\\\d+::5900$'")).isTrue();
    assertThat(matches("destination.domain == ''")).isTrue();
  }
}
