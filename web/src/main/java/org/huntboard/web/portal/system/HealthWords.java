package org.huntboard.web.portal.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huntboard.web.observability.DatabaseHealthCheck;
import org.huntboard.web.observability.OidcIssuerHealthCheck;
import org.huntboard.web.observability.SchedulerHealthCheck;
import org.huntboard.web.observability.SchedulerLivenessCheck;
import org.huntboard.web.observability.SystemHealth;
import org.huntboard.web.portal.PortalFormats;

/**
 * A health check in words for the health page: what it checks, what it found, and what to do when
 * it is down.
 */
final class HealthWords {

  /** The check of Quarkus' datasource extension, which opens a connection from the pool. */
  static final String DATASOURCE = "Database connections health check";

  private record Known(String title, String purpose, String fix) {}

  private static final String DATABASE_FIX =
      "Check that PostgreSQL runs and accepts Huntboard's connections (quarkus.datasource.jdbc.url,"
          + " user and password), and that it has free connections and disk space. Meanwhile the"
          + " node takes no traffic; no window is lost, the windows that fall due are backfilled.";

  private static final Map<String, Known> KNOWN =
      Map.of(
          DatabaseHealthCheck.NAME,
          new Known(
              "Database",
              "A query on Flyway's schema history answers: the connection works and the schema is"
                  + " migrated.",
              DATABASE_FIX),
          DATASOURCE,
          new Known(
              "Database connection pool",
              "The connection pool hands out a working connection.",
              DATABASE_FIX),
          SchedulerHealthCheck.NAME,
          new Known(
              "Scheduler",
              "Quartz runs on this node, its job store is clustered, and this node checked in to"
                  + " the cluster recently, so the other nodes do not take its windows over.",
              "A node that has not checked in: check its clock (NTP) and the database's latency. A"
                  + " job store that is not clustered: set quarkus.quartz.clustered=true on every"
                  + " node. A stopped scheduler: restart the node."),
          SchedulerLivenessCheck.NAME,
          new Known(
              "Scheduler alive",
              "The Quartz scheduler of this process has not stopped.",
              "Restart the node (Kubernetes does so when the liveness probe fails); the other nodes"
                  + " take its windows over meanwhile."),
          OidcIssuerHealthCheck.NAME,
          new Known(
              "Sign-in (OpenID Connect issuer)",
              "The identity provider, e.g. Keycloak, answers its discovery document.",
              "Check that the identity provider runs and that Huntboard reaches it at"
                  + " quarkus.oidc.auth-server-url. Until it answers nobody can sign in; scheduled"
                  + " hunts go on."));

  /**
   * A check as the page shows it.
   *
   * @param kind liveness, readiness, or summary for a part of this page that could not be read
   * @param facts what the check reported, one sentence each
   * @param fix what to do, for a check that is down; null for one that is up
   */
  record Entry(
      String name,
      String title,
      String purpose,
      String kind,
      boolean up,
      List<String> facts,
      String fix) {}

  private HealthWords() {}

  static Entry of(SystemHealth.Check check) {
    boolean up = "UP".equals(check.status());
    Known known = KNOWN.get(check.name());
    if (known == null && "summary".equals(check.kind())) {
      String part = check.name().replaceFirst("^summary-", "");
      known =
          new Known(
              "This page: " + part,
              "The health page reads the " + part + " from the database.",
              "The database did not answer; see the database check.");
    }
    if (known == null) {
      known = new Known(check.name(), "A check of the platform.", "See the data it reports.");
    }
    List<String> facts = new ArrayList<>();
    if (DATASOURCE.equals(check.name())) {
      // Its data names each data source with its state.
      check
          .data()
          .forEach(
              (key, value) ->
                  facts.add(
                      ("<default>".equals(key)
                              ? "The default data source"
                              : "The data source " + key)
                          + " is "
                          + String.valueOf(value).toLowerCase(Locale.ROOT)
                          + "."));
    } else {
      check.data().forEach((key, value) -> facts.add(fact(key, value)));
    }
    return new Entry(
        check.name(),
        known.title(),
        known.purpose(),
        check.kind(),
        up,
        facts,
        up ? null : known.fix());
  }

  /** One item of a check's data as a sentence. */
  static String fact(String key, Object value) {
    String text = String.valueOf(value);
    return switch (key) {
      case "schemaVersion" -> "The schema is at version " + text + ".";
      case "queryMillis", "answerMillis" -> "It answered in " + millis(value) + ".";
      case "instanceId" -> "This node is " + text + ".";
      case "clustered" ->
          yes(value) ? "The job store is clustered." : "The job store is not clustered.";
      case "schedulingEnabled" ->
          yes(value)
              ? "This node runs scheduled hunts."
              : "This node runs no scheduled hunts (huntboard.scheduling.enabled=false).";
      case "nodes" -> "The cluster has " + text + " node" + ("1".equals(text) ? "" : "s") + ".";
      case "lastCheckin" -> "This node last checked in at " + instant(text) + ".";
      case "issuer" -> "The issuer is " + text + ".";
      case "checked" -> "Not asked: " + text.replaceFirst("^no: ", "") + ".";
      case "error" -> "Error: " + text;
      default -> words(key) + ": " + (value instanceof Boolean b ? (b ? "yes" : "no") : text);
    };
  }

  private static boolean yes(Object value) {
    return Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value));
  }

  private static String millis(Object value) {
    try {
      return PortalFormats.millis(Long.valueOf(String.valueOf(value)));
    } catch (NumberFormatException e) {
      return value + " ms";
    }
  }

  private static String instant(String text) {
    try {
      return PortalFormats.display(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** A data key in words, e.g. {@code oldestDue} as "oldest due". */
  private static String words(String key) {
    if (key.isEmpty()) {
      return "Data";
    }
    String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ');
    return spaced.substring(0, 1).toUpperCase(Locale.ROOT)
        + spaced.substring(1).toLowerCase(Locale.ROOT);
  }
}
