package org.huntboard.connectors.credential;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Builds the azure-core HTTP clients (Netty, the SDK's default transport) that Azure Identity and
 * the Log Analytics client use, trusting what a {@link TlsTrust} trusts.
 */
public final class AzureHttpClients {

  private AzureHttpClients() {}

  /**
   * A client that waits at most {@code responseTimeout} for an answer (a request may ask for longer
   * through the SDK's per-call timeout, as the Log Analytics client does for its server timeout).
   */
  public static HttpClient create(TlsTrust trust, Duration responseTimeout) {
    SslContext ssl;
    try {
      ssl = SslContextBuilder.forClient().trustManager(trust.trustManager()).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
    reactor.netty.http.client.HttpClient netty =
        reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl));
    return new NettyAsyncHttpClientBuilder(netty)
        .connectTimeout(Duration.ofSeconds(30))
        .responseTimeout(responseTimeout)
        .readTimeout(responseTimeout)
        .build();
  }
}
