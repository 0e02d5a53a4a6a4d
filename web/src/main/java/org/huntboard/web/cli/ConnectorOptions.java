package org.huntboard.web.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.TimeWindow;

/**
 * The options {@code query} and {@code check} share to reach a tenant through a connector: which
 * connector, its settings, the Azure credential from the environment, and the time window.
 */
final class ConnectorOptions {

  /** The valued options this class reads. */
  static final Set<String> VALUED =
      Set.of(
          "connector",
          "tenant",
          "workspace",
          "authority-host",
          "endpoint",
          "ca-file",
          "window",
          "lookback");

  static final String HELP =
      """
        --connector ID      defender (Graph advanced hunting), sentinel (Log Analytics) or local
                            (the embedded engine over --data DIR). The credential comes from
                            AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or
                            AZURE_CLIENT_CERTIFICATE_PATH (or AZURE_FEDERATED_TOKEN_FILE)
        --workspace ID      the Log Analytics workspace id (sentinel: required)
        --authority-host H  public (default), usgov, china or an https URL of the Entra authority
        --endpoint URL      the service base URL (sovereign clouds, proxies)
        --ca-file FILE      PEM or DER CA certificates trusted besides the JDK's
        --tenant NAME       the Huntboard tenant key the run is made for (default: cli)
        --window START/END  the time window, two ISO-8601 instants
        --lookback D        the window ends now (--now) and is D long: 5d, 12h, 30m or ISO-8601 (PT6H);
                            default: the rule's queryPeriod, else 5d
      """;

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([dhms])");
  private static final List<String> CREDENTIAL_SECRETS =
      List.of("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE");

  private ConnectorOptions() {}

  /**
   * The connector the options describe; a missing or wrong setting is a {@link UsageException}
   * naming it.
   */
  static Connector connector(
      String command, Arguments a, Map<String, String> env, Path data, Instant now) {
    String id = a.required("connector");
    ConnectorRegistry registry = ConnectorRegistry.load();
    if (!registry.ids().contains(id)) {
      throw new UsageException(
          command,
          "--connector must be one of " + String.join(", ", registry.ids()) + ", not " + id);
    }
    if (!id.equals("local")) {
      List<String> missing = new ArrayList<>();
      for (String name : List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID")) {
        if (blank(env.get(name))) {
          missing.add(name);
        }
      }
      if (CREDENTIAL_SECRETS.stream().allMatch(n -> blank(env.get(n)))) {
        missing.add("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH");
      }
      if (!missing.isEmpty()) {
        throw new UsageException(
            command,
            "the "
                + id
                + " connector needs a credential: set "
                + String.join(", ", missing)
                + " in the environment");
      }
    }
    if (id.equals("sentinel") && a.value("workspace") == null) {
      throw new UsageException(command, "--workspace ID is required with --connector sentinel");
    }
    if (id.equals("local") && data == null) {
      throw new UsageException(command, "--data DIR is required with --connector local");
    }
    String caFile = a.value("ca-file");
    if (caFile != null && !Files.isRegularFile(Path.of(caFile))) {
      throw new UsageException(command, "no --ca-file " + caFile);
    }
    try {
      ConnectorSettings.Builder b =
          ConnectorSettings.fromEnvironment(
              a.value("tenant") == null ? "cli" : a.value("tenant"), env);
      if (a.value("authority-host") != null) {
        b.authorityHost(a.value("authority-host"));
      }
      b.property(ConnectorSettings.ENDPOINT, a.value("endpoint"))
          .property(ConnectorSettings.WORKSPACE, a.value("workspace"))
          .property(ConnectorSettings.CA_FILE, caFile)
          .property(ConnectorSettings.DATABASE, data == null ? null : data.toString());
      if (id.equals("local") && now != null) {
        // The embedded engine's now() is the runtime's clock: --now fixes it, as without
        // --connector.
        ConnectorRuntime system = ConnectorRuntime.system();
        b.runtime(
            new ConnectorRuntime(
                Clock.fixed(now, ZoneOffset.UTC), system.sleeper(), system.random()));
      }
      return registry.create(id, b.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The settings' own checks say which setting is wrong.
      throw new UsageException(command, e.getMessage());
    }
  }

  /**
   * The window of {@code --window}, or {@code --lookback} (else {@code fallback}) ending at now.
   */
  static TimeWindow window(String command, Arguments a, Instant now, Duration fallback) {
    String window = a.value("window");
    String lookback = a.value("lookback");
    if (window != null && lookback != null) {
      throw new UsageException(command, "give --window or --lookback, not both");
    }
    if (window != null) {
      int slash = window.indexOf('/');
      try {
        if (slash < 0) {
          throw new DateTimeParseException("no /", window, 0);
        }
        Instant start = Instant.parse(window.substring(0, slash));
        Instant end = Instant.parse(window.substring(slash + 1));
        if (!end.isAfter(start)) {
          throw new UsageException(command, "--window must end after it starts: " + window);
        }
        return new TimeWindow(start, end);
      } catch (DateTimeParseException e) {
        throw new UsageException(
            command,
            "--window must be START/END in ISO-8601, such as"
                + " 2026-03-01T00:00:00Z/2026-03-06T00:00:00Z, not "
                + window);
      }
    }
    Duration length = lookback == null ? fallback : duration(command, lookback);
    return TimeWindow.ending(now == null ? Instant.now() : now, length);
  }

  private static Duration duration(String command, String text) {
    Matcher m = SHORT_DURATION.matcher(text);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
          };
    } else {
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        d = Duration.ZERO;
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new UsageException(
          command,
          "--lookback must be a positive duration such as 5d, 12h, 30m or PT6H, not " + text);
    }
    return d;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
