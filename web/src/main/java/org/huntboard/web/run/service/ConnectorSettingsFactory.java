package org.huntboard.web.run.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.connectors.credential.AuthorityHost;
import org.huntboard.connectors.credential.CredentialSettings;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.web.tenancy.TenantSet;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.huntboard.web.tenant.persistence.Tenant;
import org.huntboard.web.tenant.persistence.TenantConnector;
import org.huntboard.web.tenant.persistence.TenantCredential;
import org.huntboard.web.tenant.service.TenantService;

/**
 * Turns a tenant's stored connector and credential set into the {@link ConnectorSettings} of the
 * connector that runs its hunts: the local data folder; or, for Defender and Sentinel, the tenant's
 * Entra tenant id, its decrypted client secret, its client certificate or its managed identity, the
 * Sentinel workspaces, and the endpoints of {@link ConnectorConfig}.
 *
 * <p>A decrypted secret lives only in the settings handed to the connector (whose {@code toString}
 * masks it); no message of this class carries it. Azure Identity reads a certificate from a file,
 * so a stored certificate is written once, readable by the owner only, under a name made of the
 * tenant and a hash of the certificate: the same certificate keeps the same path, and with it the
 * same cached credential and token.
 */
@ApplicationScoped
public class ConnectorSettingsFactory {

  private final EntityManager entities;
  private final TenantService tenants;
  private final ConnectorConfig config;

  ConnectorSettingsFactory(EntityManager entities, TenantService tenants, ConnectorConfig config) {
    this.entities = entities;
    this.tenants = tenants;
    this.config = config;
  }

  /** What the tenant has stored for one connector kind. */
  private record Stored(
      TenantConnector connector, UUID entraTenantId, TenantCredential credential) {}

  /**
   * The settings of the tenant's connector of this kind; empty when the tenant has none.
   *
   * @throws IllegalArgumentException when the connector cannot be used as stored (no credential, no
   *     Entra tenant id, a secret that no configured key opens), in words safe to record
   */
  public Optional<ConnectorSettings> settings(
      UUID tenantId, ConnectorKind kind, ConnectorRuntime runtime) {
    Optional<Stored> found = QuarkusTransaction.requiringNew().call(() -> load(tenantId, kind));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Stored stored = found.get();
    ConnectorSettings.Builder settings =
        ConnectorSettings.builder(tenantId.toString()).runtime(runtime);
    switch (kind) {
      case LOCAL -> {
        settings.property(ConnectorSettings.DATABASE, stored.connector().dataFolder);
        return Optional.of(settings.build());
      }
      case DEFENDER ->
          settings.property(ConnectorSettings.ENDPOINT, config.graphUrl().orElse(null));
      case SENTINEL -> {
        List<String> workspaces = stored.connector().workspaceIdList();
        if (workspaces.isEmpty()) {
          throw new IllegalArgumentException("The tenant's SENTINEL connector names no workspace");
        }
        settings
            .property(ConnectorSettings.ENDPOINT, config.logAnalyticsUrl().orElse(null))
            .property(ConnectorSettings.WORKSPACE, workspaces.get(0))
            .property(
                ConnectorSettings.ADDITIONAL_WORKSPACES,
                workspaces.size() > 1
                    ? String.join(",", workspaces.subList(1, workspaces.size()))
                    : null);
      }
    }
    config.caFile().ifPresent(f -> settings.property(ConnectorSettings.CA_FILE, f));
    config
        .maxAttempts()
        .ifPresent(n -> settings.property(ConnectorSettings.MAX_ATTEMPTS, Integer.toString(n)));
    settings.credential(credential(tenantId, kind, stored));
    return Optional.of(settings.build());
  }

  private Optional<Stored> load(UUID tenantId, ConnectorKind kind) {
    List<TenantConnector> connectors =
        entities
            .createQuery(
                "from TenantConnector c join fetch c.tenant where c.tenant.id = ?1 and c.kind = ?2",
                TenantConnector.class)
            .setParameter(1, tenantId)
            .setParameter(2, kind)
            .getResultList();
    if (connectors.isEmpty()) {
      return Optional.empty();
    }
    TenantConnector connector = connectors.get(0);
    Tenant tenant = connector.tenant;
    return Optional.of(
        new Stored(
            connector, tenant.entraTenantId, entities.find(TenantCredential.class, tenantId)));
  }

  private CredentialSettings credential(UUID tenantId, ConnectorKind kind, Stored stored) {
    TenantCredential credential = stored.credential();
    if (credential == null) {
      throw new IllegalArgumentException(
          "The tenant has no credential set for its "
              + kind
              + " connector (PUT /api/v1/tenants/"
              + tenantId
              + "/credential)");
    }
    AuthorityHost authority =
        config.authorityHost().map(AuthorityHost::parse).orElse(AuthorityHost.PUBLIC);
    switch (credential.kind) {
      case MANAGED_IDENTITY -> {
        return new CredentialSettings.ManagedIdentity(credential.clientId);
      }
      case CLIENT_SECRET, CLIENT_CERTIFICATE -> {
        if (stored.entraTenantId() == null) {
          throw new IllegalArgumentException(
              "The tenant has no entraTenantId, which its " + kind + " connector needs");
        }
        if (credential.clientId == null || credential.clientId.isBlank()) {
          throw new IllegalArgumentException("The tenant's credential set has no clientId");
        }
        String secret = decrypt(tenantId);
        String entra = stored.entraTenantId().toString();
        if (credential.kind == org.huntboard.web.tenant.persistence.CredentialKind.CLIENT_SECRET) {
          return new CredentialSettings.ClientSecret(entra, credential.clientId, secret, authority);
        }
        return new CredentialSettings.ClientCertificate(
            entra, credential.clientId, certificateFile(tenantId, secret), null, false, authority);
      }
      default -> throw new IllegalStateException("unknown credential kind " + credential.kind);
    }
  }

  private String decrypt(UUID tenantId) {
    Optional<String> secret;
    try {
      secret = tenants.secret(TenantSet.all(), tenantId);
    } catch (RuntimeException e) {
      // The cipher's messages name the key id or an integrity failure, never the plaintext.
      throw new IllegalArgumentException(
          "The tenant's stored secret cannot be decrypted: " + e.getMessage());
    }
    return secret.orElseThrow(
        () -> new IllegalArgumentException("The tenant's credential set has no stored secret"));
  }

  /** The stored PEM in an owner-only file, written once per tenant and certificate. */
  private Path certificateFile(UUID tenantId, String pem) {
    Path dir =
        Path.of(
            config
                .certificateDir()
                .orElse(
                    Path.of(System.getProperty("java.io.tmpdir"), "huntboard-credentials")
                        .toString()));
    Path file = dir.resolve(tenantId + "-" + sha256(pem).substring(0, 16) + ".pem");
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
          // Another run made it first.
        }
      }
      Path partial =
          Files.createTempFile(
              dir,
              tenantId.toString(),
              ".part",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(partial, pem, StandardCharsets.UTF_8);
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "The tenant's client certificate cannot be written to " + dir + ": " + e.getMessage());
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
