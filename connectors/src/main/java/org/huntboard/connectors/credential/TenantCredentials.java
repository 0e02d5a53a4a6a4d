package org.huntboard.connectors.credential;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One Azure Identity credential per tenant and settings, made on first use and kept: each tenant's
 * credential has its own token cache, so one tenant's token never serves another, and changed
 * settings (a rotated secret) give a fresh credential.
 *
 * <p>HTTP logging of the token requests is switched off explicitly, whatever {@code
 * AZURE_HTTP_LOG_DETAIL_LEVEL} says: the body of a client-credentials request holds the secret.
 */
public final class TenantCredentials {

  private record Key(String tenant, CredentialSettings settings, TlsTrust trust) {}

  private final ConcurrentMap<Key, TokenCredential> credentials = new ConcurrentHashMap<>();

  /** The credential of {@code tenant} (Huntboard's tenant key) for these settings. */
  public TokenCredential credential(String tenant, CredentialSettings settings, TlsTrust trust) {
    return credentials.computeIfAbsent(
        new Key(tenant, settings, trust), k -> new CachingTokenCredential(build(settings, trust)));
  }

  /** How many credentials are held; one per tenant and settings. */
  public int size() {
    return credentials.size();
  }

  private static TokenCredential build(CredentialSettings settings, TlsTrust trust) {
    HttpClient http = AzureHttpClients.create(trust, Duration.ofSeconds(60));
    HttpLogOptions noLogs = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
    String authority = settings.authority().uri().toString();
    boolean discovery = settings.authority().wellKnown();
    if (settings instanceof CredentialSettings.ClientSecret s) {
      ClientSecretCredentialBuilder b =
          new ClientSecretCredentialBuilder()
              .tenantId(s.tenantId())
              .clientId(s.clientId())
              .clientSecret(s.secret())
              .authorityHost(authority)
              .httpClient(http)
              .httpLogOptions(noLogs);
      return (discovery ? b : b.disableInstanceDiscovery()).build();
    }
    if (settings instanceof CredentialSettings.ClientCertificate c) {
      ClientCertificateCredentialBuilder b =
          new ClientCertificateCredentialBuilder()
              .tenantId(c.tenantId())
              .clientId(c.clientId())
              .authorityHost(authority)
              .sendCertificateChain(c.sendCertificateChain())
              .httpClient(http)
              .httpLogOptions(noLogs);
      String path = c.certificate().toString();
      if (c.isPfx()) {
        b.pfxCertificate(path);
      } else {
        b.pemCertificate(path);
      }
      if (c.password() != null) {
        b.clientCertificatePassword(c.password());
      }
      return (discovery ? b : b.disableInstanceDiscovery()).build();
    }
    if (settings instanceof CredentialSettings.ManagedIdentity m) {
      ManagedIdentityCredentialBuilder b =
          new ManagedIdentityCredentialBuilder().httpClient(http).httpLogOptions(noLogs);
      if (m.clientId() != null) {
        b.clientId(m.clientId());
      }
      return b.build();
    }
    CredentialSettings.WorkloadIdentity w = (CredentialSettings.WorkloadIdentity) settings;
    WorkloadIdentityCredentialBuilder b =
        new WorkloadIdentityCredentialBuilder()
            .tenantId(w.tenantId())
            .clientId(w.clientId())
            .tokenFilePath(w.tokenFile().toString())
            .authorityHost(authority)
            .httpClient(http)
            .httpLogOptions(noLogs);
    return (discovery ? b : b.disableInstanceDiscovery()).build();
  }
}
