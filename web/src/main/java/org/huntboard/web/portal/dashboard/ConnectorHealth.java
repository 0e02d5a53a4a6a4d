package org.huntboard.web.portal.dashboard;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.huntboard.web.portal.FailureWords;
import org.huntboard.web.portal.PortalFormats;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.run.service.RunView;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.huntboard.web.tenant.service.TenantView;

/**
 * How each of a tenant's connectors is doing, in words: what its configuration lacks, and how its
 * latest finished run ended, with what to do when it failed.
 *
 * @param connector the connector's kind, e.g. "local"
 * @param status one word: healthy, failing, degraded, unknown or misconfigured
 * @param summary what is known, in a sentence
 * @param fix what to do about it, or null when nothing is to be done
 */
public record ConnectorHealth(String connector, String status, String summary, String fix) {

  /**
   * The health of each connector of the tenant.
   *
   * @param recentRuns the tenant's latest runs, newest first
   */
  public static List<ConnectorHealth> of(TenantView tenant, List<RunView> recentRuns) {
    List<ConnectorHealth> health = new ArrayList<>();
    for (TenantView.ConnectorView connector : tenant.connectors()) {
      String name = connector.kind().name().toLowerCase(java.util.Locale.ROOT);
      Optional<String> setup = setupProblem(tenant, connector);
      if (setup.isPresent()) {
        health.add(
            new ConnectorHealth(name, "misconfigured", setup.get(), fixOf(connector.kind())));
        continue;
      }
      Optional<RunView> last =
          recentRuns.stream()
              .filter(r -> r.connector() == connector.kind() && r.outcome() != null)
              .findFirst();
      if (last.isEmpty()) {
        health.add(
            new ConnectorHealth(
                name,
                "unknown",
                "No run has finished on this connector yet.",
                "Assign a rule to it on the Rules page, or wait for its first window."));
        continue;
      }
      RunView run = last.get();
      String when = PortalFormats.display(run.finishedAt());
      if (run.outcome() == RunOutcome.SUCCEEDED) {
        health.add(
            new ConnectorHealth(
                name,
                "healthy",
                "The latest run (finished "
                    + when
                    + ") answered with "
                    + run.rowsBefore()
                    + " row"
                    + (run.rowsBefore() != null && run.rowsBefore() == 1 ? "" : "s")
                    + ".",
                null));
        continue;
      }
      FailureWords.Explanation why =
          FailureWords.of(run.failureClass())
              .orElse(new FailureWords.Explanation("The run did not finish.", null));
      health.add(
          new ConnectorHealth(
              name,
              run.outcome() == RunOutcome.PARTIAL ? "degraded" : "failing",
              "The latest run (finished " + when + ") failed: " + why.what(),
              why.fix()));
    }
    return health;
  }

  private static Optional<String> setupProblem(
      TenantView tenant, TenantView.ConnectorView connector) {
    return switch (connector.kind()) {
      case LOCAL -> {
        String folder = connector.dataFolder();
        boolean exists;
        try {
          exists = folder != null && Files.isDirectory(Path.of(folder));
        } catch (InvalidPathException e) {
          exists = false;
        }
        yield exists
            ? Optional.empty()
            : Optional.of("The data folder " + folder + " does not exist on this server.");
      }
      case DEFENDER, SENTINEL ->
          tenant.credential() == null
              ? Optional.of("No credential set is stored for the tenant.")
              : Optional.empty();
    };
  }

  private static String fixOf(ConnectorKind kind) {
    return switch (kind) {
      case LOCAL ->
          "An administrator points the tenant's local connector at a folder of exported"
              + " telemetry (huntboard generate writes one).";
      case DEFENDER, SENTINEL ->
          "An administrator stores the tenant's application credential (client id and secret).";
    };
  }
}
