package org.huntboard.connectors.credential;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one tenant authenticates: a client secret, a client certificate (PEM or PFX), a managed
 * identity, or a workload identity (federated token file). {@code toString} never shows a secret or
 * a password.
 */
public sealed interface CredentialSettings
    permits CredentialSettings.ClientSecret,
        CredentialSettings.ClientCertificate,
        CredentialSettings.ManagedIdentity,
        CredentialSettings.WorkloadIdentity {

  /** The authority that issues the tokens. */
  AuthorityHost authority();

  /** A short name of the kind of credential, for messages. */
  String kind();

  /** An app registration with a client secret. */
  record ClientSecret(String tenantId, String clientId, String secret, AuthorityHost authority)
      implements CredentialSettings {
    public ClientSecret {
      requireText(tenantId, "AZURE_TENANT_ID");
      requireText(clientId, "AZURE_CLIENT_ID");
      requireText(secret, "AZURE_CLIENT_SECRET");
      Objects.requireNonNull(authority, "authority");
    }

    @Override
    public String kind() {
      return "client secret";
    }

    @Override
    public String toString() {
      return "ClientSecret[tenantId="
          + tenantId
          + ", clientId="
          + clientId
          + ", secret=***"
          + ", authority="
          + authority
          + "]";
    }
  }

  /** An app registration with a certificate; the password opens a PFX or an encrypted PEM. */
  record ClientCertificate(
      String tenantId,
      String clientId,
      Path certificate,
      String password,
      boolean sendCertificateChain,
      AuthorityHost authority)
      implements CredentialSettings {
    public ClientCertificate {
      requireText(tenantId, "AZURE_TENANT_ID");
      requireText(clientId, "AZURE_CLIENT_ID");
      Objects.requireNonNull(certificate, "AZURE_CLIENT_CERTIFICATE_PATH");
      Objects.requireNonNull(authority, "authority");
    }

    /** Whether the file is PKCS#12 ({@code .pfx}, {@code .p12}) rather than PEM. */
    public boolean isPfx() {
      String n = certificate.getFileName().toString().toLowerCase(Locale.ROOT);
      return n.endsWith(".pfx") || n.endsWith(".p12");
    }

    @Override
    public String kind() {
      return "client certificate";
    }

    @Override
    public String toString() {
      return "ClientCertificate[tenantId="
          + tenantId
          + ", clientId="
          + clientId
          + ", certificate="
          + certificate
          + ", password="
          + (password == null ? "none" : "***")
          + ", sendCertificateChain="
          + sendCertificateChain
          + ", authority="
          + authority
          + "]";
    }
  }

  /** The host's managed identity: system-assigned when {@code clientId} is null. */
  record ManagedIdentity(String clientId) implements CredentialSettings {
    @Override
    public AuthorityHost authority() {
      return AuthorityHost.PUBLIC;
    }

    @Override
    public String kind() {
      return clientId == null
          ? "system-assigned managed identity"
          : "user-assigned managed identity";
    }
  }

  /** A workload identity: a federated token in a file (Kubernetes) exchanged for an Entra token. */
  record WorkloadIdentity(String tenantId, String clientId, Path tokenFile, AuthorityHost authority)
      implements CredentialSettings {
    public WorkloadIdentity {
      requireText(tenantId, "AZURE_TENANT_ID");
      requireText(clientId, "AZURE_CLIENT_ID");
      Objects.requireNonNull(tokenFile, "AZURE_FEDERATED_TOKEN_FILE");
      Objects.requireNonNull(authority, "authority");
    }

    @Override
    public String kind() {
      return "workload identity";
    }
  }

  /**
   * The credential the standard Azure variables describe: {@code AZURE_CLIENT_SECRET} gives a
   * client secret, else {@code AZURE_CLIENT_CERTIFICATE_PATH} a certificate (with {@code
   * AZURE_CLIENT_CERTIFICATE_PASSWORD}, {@code AZURE_CLIENT_SEND_CERTIFICATE_CHAIN}), else {@code
   * AZURE_FEDERATED_TOKEN_FILE} a workload identity, else a managed identity ({@code
   * AZURE_CLIENT_ID} for a user-assigned one). {@code AZURE_AUTHORITY_HOST} picks the cloud.
   *
   * @throws IllegalArgumentException naming the variable that is missing
   */
  static CredentialSettings fromEnvironment(Map<String, String> env) {
    AuthorityHost authority =
        blank(env.get("AZURE_AUTHORITY_HOST"))
            ? AuthorityHost.PUBLIC
            : AuthorityHost.parse(env.get("AZURE_AUTHORITY_HOST"));
    String tenant = env.get("AZURE_TENANT_ID");
    String client = env.get("AZURE_CLIENT_ID");
    if (!blank(env.get("AZURE_CLIENT_SECRET"))) {
      return new ClientSecret(tenant, client, env.get("AZURE_CLIENT_SECRET"), authority);
    }
    if (!blank(env.get("AZURE_CLIENT_CERTIFICATE_PATH"))) {
      return new ClientCertificate(
          tenant,
          client,
          Path.of(env.get("AZURE_CLIENT_CERTIFICATE_PATH")),
          blank(env.get("AZURE_CLIENT_CERTIFICATE_PASSWORD"))
              ? null
              : env.get("AZURE_CLIENT_CERTIFICATE_PASSWORD"),
          "true".equalsIgnoreCase(env.get("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")),
          authority);
    }
    if (!blank(env.get("AZURE_FEDERATED_TOKEN_FILE"))) {
      return new WorkloadIdentity(
          tenant, client, Path.of(env.get("AZURE_FEDERATED_TOKEN_FILE")), authority);
    }
    return new ManagedIdentity(blank(client) ? null : client);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void requireText(String value, String variable) {
    if (blank(value)) {
      throw new IllegalArgumentException(variable + " is not set");
    }
  }
}
