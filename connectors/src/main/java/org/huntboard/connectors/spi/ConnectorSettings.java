package org.huntboard.connectors.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.huntboard.connectors.credential.AuthorityHost;
import org.huntboard.connectors.credential.CredentialSettings;
import org.huntboard.connectors.credential.TlsTrust;

/**
 * The configuration of one connector for one tenant: the tenant key, its credential, named
 * properties (endpoints, workspace, limits, timeouts; the keys are the constants of this class) and
 * the shared {@link ConnectorRuntime}. {@code toString} shows no secret.
 */
public final class ConnectorSettings {

  /**
   * Service base URL: Graph ({@code https://graph.microsoft.com}) or Log Analytics ({@code
   * .../v1}).
   */
  public static final String ENDPOINT = "endpoint";

  /** The Log Analytics workspace id (Sentinel). */
  public static final String WORKSPACE = "workspace";

  /** More workspace ids, comma-separated, queried with the first (Sentinel). */
  public static final String ADDITIONAL_WORKSPACES = "additional-workspaces";

  /** A PEM or DER file of CA certificates trusted besides the JDK's. */
  public static final String CA_FILE = "ca-file";

  /** The folder of the database the embedded engine loads (local). */
  public static final String DATABASE = "database";

  /** Calls per minute per tenant (Defender; default 45). */
  public static final String CALLS_PER_MINUTE = "calls-per-minute";

  /** Client timeout of one request: ISO-8601 ({@code PT4M}) or seconds. */
  public static final String REQUEST_TIMEOUT = "request-timeout";

  /** Server timeout asked of Log Analytics ({@code Prefer: wait}), at most 10 minutes. */
  public static final String SERVER_TIMEOUT = "server-timeout";

  /** How often a truncated Defender window may be halved (default 6: 64 parts). */
  public static final String MAX_SPLIT_DEPTH = "max-split-depth";

  /** Requests per run at most, retries included (default 4). */
  public static final String MAX_ATTEMPTS = "max-attempts";

  private final String tenant;
  private final CredentialSettings credential;
  private final Map<String, String> properties;
  private final ConnectorRuntime runtime;

  private ConnectorSettings(Builder b) {
    this.tenant = Objects.requireNonNull(b.tenant, "tenant");
    this.credential = b.credential;
    this.properties = Map.copyOf(b.properties);
    this.runtime = b.runtime;
  }

  /** Settings for Huntboard tenant {@code tenant}. */
  public static Builder builder(String tenant) {
    return new Builder(tenant);
  }

  /**
   * Settings from the standard Azure variables ({@link CredentialSettings#fromEnvironment}); a
   * credential is only read when the variables name one ({@code AZURE_CLIENT_ID} or {@code
   * AZURE_TENANT_ID} set), so the local connector needs none.
   */
  public static Builder fromEnvironment(String tenant, Map<String, String> env) {
    Builder b = new Builder(tenant);
    boolean any =
        Arrays.asList(
                "AZURE_CLIENT_ID",
                "AZURE_TENANT_ID",
                "AZURE_CLIENT_SECRET",
                "AZURE_FEDERATED_TOKEN_FILE")
            .stream()
            .anyMatch(k -> env.get(k) != null && !env.get(k).isBlank());
    if (any) {
      b.credential(CredentialSettings.fromEnvironment(env));
    }
    return b;
  }

  public String tenant() {
    return tenant;
  }

  /** The credential, when one is configured. */
  public Optional<CredentialSettings> credential() {
    return Optional.ofNullable(credential);
  }

  /** The credential, or an error naming what to set. */
  public CredentialSettings requireCredential(String connector) {
    if (credential == null) {
      throw new IllegalArgumentException(
          "the "
              + connector
              + " connector needs a credential: set AZURE_TENANT_ID, AZURE_CLIENT_ID and"
              + " AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (or run with a managed identity)");
    }
    return credential;
  }

  public ConnectorRuntime runtime() {
    return runtime;
  }

  public Map<String, String> properties() {
    return properties;
  }

  public Optional<String> property(String key) {
    String v = properties.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The property, or an error naming it. */
  public String require(String key, String what) {
    return property(key)
        .orElseThrow(
            () -> new IllegalArgumentException("setting '" + key + "' (" + what + ") is not set"));
  }

  public int integer(String key, int fallback) {
    Optional<String> v = property(key);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting '" + key + "': expected a whole number, got '" + v.get() + "'");
    }
  }

  /** A duration written in ISO-8601 ({@code PT3M}) or as whole seconds. */
  public Duration duration(String key, Duration fallback) {
    Optional<String> v = property(key);
    if (v.isEmpty()) {
      return fallback;
    }
    String s = v.get();
    try {
      return s.chars().allMatch(Character::isDigit)
          ? Duration.ofSeconds(Long.parseLong(s))
          : Duration.parse(s);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting '" + key + "': expected seconds or an ISO-8601 duration, got '" + s + "'");
    }
  }

  public List<String> list(String key) {
    return property(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
        .orElse(List.of());
  }

  /** The TLS trust: the JDK's roots plus {@link #CA_FILE} when set. */
  public TlsTrust tlsTrust() {
    return new TlsTrust(property(CA_FILE).map(Path::of).orElse(null));
  }

  @Override
  public String toString() {
    return "ConnectorSettings[tenant="
        + tenant
        + ", credential="
        + credential
        + ", properties="
        + properties
        + "]";
  }

  /** Collects {@link ConnectorSettings}. */
  public static final class Builder {
    private final String tenant;
    private CredentialSettings credential;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private ConnectorRuntime runtime = ConnectorRuntime.system();

    private Builder(String tenant) {
      this.tenant = tenant;
    }

    public Builder credential(CredentialSettings credential) {
      this.credential = credential;
      return this;
    }

    /**
     * Replaces the authority host of the credential (sovereign clouds, fake servers); {@code
     * public}, {@code usgov}, {@code china} or an https URL.
     */
    public Builder authorityHost(String authority) {
      AuthorityHost a = AuthorityHost.parse(authority);
      if (credential instanceof CredentialSettings.ClientSecret s) {
        credential = new CredentialSettings.ClientSecret(s.tenantId(), s.clientId(), s.secret(), a);
      } else if (credential instanceof CredentialSettings.ClientCertificate c) {
        credential =
            new CredentialSettings.ClientCertificate(
                c.tenantId(),
                c.clientId(),
                c.certificate(),
                c.password(),
                c.sendCertificateChain(),
                a);
      } else if (credential instanceof CredentialSettings.WorkloadIdentity w) {
        credential =
            new CredentialSettings.WorkloadIdentity(w.tenantId(), w.clientId(), w.tokenFile(), a);
      }
      return this;
    }

    public Builder property(String key, String value) {
      if (value == null) {
        properties.remove(key);
      } else {
        properties.put(key, value);
      }
      return this;
    }

    public Builder runtime(ConnectorRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    public ConnectorSettings build() {
      return new ConnectorSettings(this);
    }
  }
}
