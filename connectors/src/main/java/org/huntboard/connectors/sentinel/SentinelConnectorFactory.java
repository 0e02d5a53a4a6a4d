package org.huntboard.connectors.sentinel;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.huntboard.connectors.credential.AzureHttpClients;
import org.huntboard.connectors.resilience.QuotaPolicy;
import org.huntboard.connectors.resilience.RetryPolicy;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorFactory;
import org.huntboard.connectors.spi.ConnectorSettings;

/**
 * Makes {@link SentinelConnector}s (id {@code sentinel}). Settings: a credential (required); {@link
 * ConnectorSettings#WORKSPACE} (required); {@link ConnectorSettings#ADDITIONAL_WORKSPACES}; {@link
 * ConnectorSettings#ENDPOINT} (default {@code https://api.loganalytics.io/v1}; China {@code
 * https://api.loganalytics.azure.cn/v1}, US Gov {@code https://api.loganalytics.us/v1}); {@link
 * ConnectorSettings#SERVER_TIMEOUT} (default and maximum 10 minutes); {@link
 * ConnectorSettings#REQUEST_TIMEOUT} (client wait, default server timeout + 30 s); {@code
 * late-arrival} (default 48 h, see {@link SentinelConnector}); {@link
 * ConnectorSettings#MAX_ATTEMPTS}; {@link ConnectorSettings#CA_FILE}. Limits per tenant: 5 queries
 * in flight, 200 per 30 s.
 */
public final class SentinelConnectorFactory implements ConnectorFactory {

  public static final String ID = "sentinel";
  public static final String DEFAULT_ENDPOINT = "https://api.loganalytics.io/v1";
  public static final Duration MAX_SERVER_TIMEOUT = Duration.ofMinutes(10);
  public static final String LATE_ARRIVAL = "late-arrival";

  private static final AtomicInteger THREADS = new AtomicInteger();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Microsoft Sentinel / Log Analytics workspace (Azure Monitor Query)";
  }

  @Override
  public Connector create(ConnectorSettings settings) {
    var credentialSettings = settings.requireCredential(ID);
    String workspace =
        settings.require(ConnectorSettings.WORKSPACE, "the Log Analytics workspace id");
    Duration server = settings.duration(ConnectorSettings.SERVER_TIMEOUT, MAX_SERVER_TIMEOUT);
    if (server.compareTo(MAX_SERVER_TIMEOUT) > 0 || server.isZero() || server.isNegative()) {
      throw new IllegalArgumentException(
          "server-timeout is between 1 s and 10 minutes, not " + server);
    }
    Duration client = settings.duration(ConnectorSettings.REQUEST_TIMEOUT, server.plusSeconds(30));
    var trust = settings.tlsTrust();
    var credential =
        settings.runtime().credentials().credential(settings.tenant(), credentialSettings, trust);
    LogsQueryClient sdk =
        new LogsQueryClientBuilder()
            .endpoint(settings.property(ConnectorSettings.ENDPOINT).orElse(DEFAULT_ENDPOINT))
            .credential(credential)
            .httpClient(AzureHttpClients.create(trust, client))
            .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
            .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
            .buildClient();
    var limiter =
        settings.runtime().limiters().forTenant(ID, settings.tenant(), QuotaPolicy.logAnalytics());
    RetryPolicy standard = RetryPolicy.standard();
    RetryPolicy retry =
        new RetryPolicy(
            settings.integer(ConnectorSettings.MAX_ATTEMPTS, standard.maxAttempts()),
            standard.initialBackoff(),
            standard.maxBackoff(),
            standard.maxRetryAfter());
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "huntboard-sentinel-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return new SentinelConnector(
        settings.tenant(),
        workspace,
        settings.list(ConnectorSettings.ADDITIONAL_WORKSPACES),
        sdk,
        server,
        settings.duration(LATE_ARRIVAL, Duration.ofHours(48)),
        limiter,
        retry,
        settings.runtime(),
        executor);
  }
}
