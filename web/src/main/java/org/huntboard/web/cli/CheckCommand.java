package org.huntboard.web.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.RunOptions;
import org.huntboard.connectors.spi.TableAvailability;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.rule.HuntingRule;

/** {@code huntboard check}: whether the tables a rule reads answer in a tenant. */
final class CheckCommand {

  static final String HELP =
      """
      huntboard check: probe the tables a rule needs in a tenant (T | take 1 each over the window).

      Usage:
        huntboard check --connector defender|sentinel|local [connector options] (--rule FILE | --tables T1,T2)

      Options:
        --rule FILE         check the tables of the rule's requiredDataConnectors dataTypes
        --tables T1,T2      check these tables
        --data DIR          with --connector local: the folder of telemetry files
        --now ISO-8601      the instant the window ends at (default: now)

      Connector options:
        %s

      Prints one line per table: present (answers with rows), empty (answers with none in the window),
      missing (the tenant cannot resolve the table) or forbidden (the identity may not read it),
      each with what to do about it.

      Exit codes: 0 every table present; 8 a table is empty, missing or forbidden; 1 usage (a missing
      setting or AZURE_* variable is named); 2 a rule file with errors; when the service cannot answer
      at all: 5 throttled, 6 not authorized, 7 unavailable, 4 timeout.

      Examples:
        huntboard generate --out /tmp/huntboard-demo --devices 20 --days 7 --seed 42 --now 2026-03-06T12:00:00Z
        huntboard check --connector local --data /tmp/huntboard-demo --now 2026-03-06T12:00:00Z --tables DeviceNetworkEvents,DeviceProcessEvents
        AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... huntboard check --connector defender --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml
      """
          .formatted(ConnectorOptions.HELP.strip());

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  CheckCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Set<String> valued = new HashSet<>(ConnectorOptions.VALUED);
    valued.addAll(Set.of("rule", "tables", "data", "now"));
    Arguments a = Arguments.parse("check", args, valued, Set.of());
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(0);
    if ((a.value("rule") == null) == (a.value("tables") == null)) {
      throw new UsageException("check", "give exactly one of --rule FILE or --tables T1,T2");
    }
    Set<String> tables = new LinkedHashSet<>();
    if (a.value("rule") != null) {
      HuntingRule rule;
      try {
        rule = QueryCommand.ruleSource("check", Path.of(a.value("rule"))).rule();
      } catch (DiagnosticException e) {
        e.diagnostics().forEach(d -> err.println(d.format()));
        return Huntboard.QUERY_ERROR;
      }
      tables.addAll(rule.dataTypes());
      if (tables.isEmpty()) {
        throw new UsageException(
            "check", "the rule names no dataTypes under requiredDataConnectors; use --tables");
      }
    } else {
      Arrays.stream(a.value("tables").split(","))
          .map(String::trim)
          .filter(t -> !t.isEmpty())
          .forEach(tables::add);
      if (tables.isEmpty()) {
        throw new UsageException("check", "--tables names no table");
      }
    }
    TimeWindow window =
        ConnectorOptions.window("check", a, a.instant("now"), QueryCommand.DEFAULT_LOOKBACK);
    try (Connector connector =
        ConnectorOptions.connector("check", a, env, a.path("data"), a.instant("now"))) {
      List<TableAvailability> result;
      try {
        result = connector.check(tables, window, RunOptions.defaults());
      } catch (ConnectorException e) {
        err.println("huntboard check: " + connector.id() + ": " + e.describe());
        return e.failureClass().exitCode();
      }
      boolean allPresent = true;
      for (TableAvailability t : result) {
        StringBuilder line = new StringBuilder(t.table()).append(": ").append(t.status().label());
        if (t.status() != TableAvailability.Status.PRESENT) {
          allPresent = false;
          line.append(" (").append(t.detail()).append(')');
        }
        if (!t.fix().isEmpty()) {
          line.append(": ").append(t.fix());
        }
        out.println(line);
      }
      return allPresent ? Huntboard.OK : Huntboard.TABLES_MISSING;
    }
  }
}
