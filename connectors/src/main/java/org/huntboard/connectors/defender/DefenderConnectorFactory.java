package org.huntboard.connectors.defender;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.huntboard.connectors.resilience.QuotaPolicy;
import org.huntboard.connectors.resilience.RetryPolicy;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorFactory;
import org.huntboard.connectors.spi.ConnectorSettings;

/**
 * Makes {@link DefenderConnector}s (id {@code defender}). Settings: a credential (required); {@link
 * ConnectorSettings#ENDPOINT} the Graph base (default {@code https://graph.microsoft.com}; US Gov
 * {@code https://graph.microsoft.us}, DoD {@code https://dod-graph.microsoft.us}); {@link
 * ConnectorSettings#CALLS_PER_MINUTE} (default 45); {@link ConnectorSettings#REQUEST_TIMEOUT}
 * (default 4 minutes, above the service's 3); {@link ConnectorSettings#MAX_SPLIT_DEPTH} (default
 * 6); {@link ConnectorSettings#MAX_ATTEMPTS} (default 4); {@link ConnectorSettings#CA_FILE}.
 */
public final class DefenderConnectorFactory implements ConnectorFactory {

  public static final String ID = "defender";
  public static final String DEFAULT_GRAPH = "https://graph.microsoft.com";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);
  public static final int DEFAULT_SPLIT_DEPTH = 6;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Microsoft Defender XDR advanced hunting (Microsoft Graph runHuntingQuery)";
  }

  @Override
  public Connector create(ConnectorSettings settings) {
    var credentialSettings = settings.requireCredential(ID);
    var trust = settings.tlsTrust();
    var credential =
        settings.runtime().credentials().credential(settings.tenant(), credentialSettings, trust);
    URI graph = URI.create(settings.property(ConnectorSettings.ENDPOINT).orElse(DEFAULT_GRAPH));
    if (!"https".equalsIgnoreCase(graph.getScheme())) {
      throw new IllegalArgumentException("the Graph endpoint must be https://, not " + graph);
    }
    int perMinute =
        settings.integer(ConnectorSettings.CALLS_PER_MINUTE, QuotaPolicy.DEFENDER_CALLS_PER_MINUTE);
    var limiter =
        settings
            .runtime()
            .limiters()
            .forTenant(ID, settings.tenant(), QuotaPolicy.defender(perMinute));
    RetryPolicy standard = RetryPolicy.standard();
    RetryPolicy retry =
        new RetryPolicy(
            settings.integer(ConnectorSettings.MAX_ATTEMPTS, standard.maxAttempts()),
            standard.initialBackoff(),
            standard.maxBackoff(),
            standard.maxRetryAfter());
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(trust.sslContext())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    return new DefenderConnector(
        settings.tenant(),
        graph,
        credential,
        http,
        settings.duration(ConnectorSettings.REQUEST_TIMEOUT, DEFAULT_TIMEOUT),
        settings.integer(ConnectorSettings.MAX_SPLIT_DEPTH, DEFAULT_SPLIT_DEPTH),
        limiter,
        retry,
        settings.runtime(),
        QueryShapes::splitPlan);
  }
}
