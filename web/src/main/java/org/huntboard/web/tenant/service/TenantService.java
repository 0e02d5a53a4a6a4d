package org.huntboard.web.tenant.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.secret.SecretCipher;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenancy.TenantSet;
import org.huntboard.web.tenancy.TenantsChanged;
import org.huntboard.web.tenant.persistence.ConnectorKind;
import org.huntboard.web.tenant.persistence.Tenant;
import org.huntboard.web.tenant.persistence.TenantConnector;
import org.huntboard.web.tenant.persistence.TenantCredential;
import org.huntboard.web.tenant.persistence.TenantCredentialRepository;
import org.huntboard.web.tenant.persistence.TenantRepository;

/** Creates and changes tenants, their connectors and credential sets; every change is audited. */
@ApplicationScoped
public class TenantService {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final TenantRepository tenants;
  private final TenantCredentialRepository credentials;
  private final SecretCipher cipher;
  private final AuditLog audit;
  private final TenantScope scope;
  private final Clock clock;
  private final Event<TenantsChanged> changes;

  TenantService(
      TenantRepository tenants,
      TenantCredentialRepository credentials,
      SecretCipher cipher,
      AuditLog audit,
      TenantScope scope,
      Clock clock,
      Event<TenantsChanged> changes) {
    this.tenants = tenants;
    this.credentials = credentials;
    this.cipher = cipher;
    this.audit = audit;
    this.scope = scope;
    this.clock = clock;
    this.changes = changes;
  }

  /** The tenants the caller may see, by name. */
  @Transactional
  public Page<TenantView> list(PageRequest page) {
    PanacheQuery<Tenant> query =
        tenants.listInScope(scope.tenants()).page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count()).map(this::view);
  }

  /** A tenant's id and display name. */
  public record TenantName(UUID id, String displayName) {}

  /**
   * The caller's tenants by name, at most {@code max}, in the list's order: one query, without the
   * connectors and credential set that each {@link TenantView} reads, for the portal's tenant
   * switcher on every page.
   */
  @Transactional
  public List<TenantName> names(int max) {
    return tenants.listInScope(scope.tenants()).page(0, max).list().stream()
        .map(t -> new TenantName(t.id, t.displayName))
        .toList();
  }

  /** One tenant of the caller's. */
  @Transactional
  public TenantView get(UUID id) {
    return view(tenants.findInScope(scope.tenants(), id).orElseThrow(() -> notFound(id)));
  }

  /** Creates a tenant; platform administrators only. */
  @Transactional
  public TenantView create(TenantDraft draft) {
    requirePlatformAdministrator("create tenants");
    Tenant tenant = new Tenant();
    tenant.id = UUID.randomUUID();
    tenant.createdAt = Instant.now(clock);
    apply(tenant, draft);
    tenant.slug = newSlug(draft);
    tenants.persist(tenant);
    tenants.flush();
    changes.fire(new TenantsChanged(tenant.id));
    TenantView after = view(tenant);
    audit.append(
        scope.actor(), "tenant.created", "tenant", tenant.id.toString(), tenant.id, null, after);
    return after;
  }

  /** Changes a tenant's name, Entra tenant id and connectors; platform administrators only. */
  @Transactional
  public TenantView update(UUID id, TenantDraft draft) {
    Tenant tenant = tenants.lockInScope(scope.tenants(), id).orElseThrow(() -> notFound(id));
    requirePlatformAdministrator("change tenants");
    if (draft.slug() != null && !draft.slug().trim().equals(tenant.slug)) {
      throw new HuntboardException.Conflict(
          "A tenant's slug never changes: this one is '" + tenant.slug + "'");
    }
    TenantView before = view(tenant);
    apply(tenant, draft);
    tenants.flush();
    changes.fire(new TenantsChanged(id));
    TenantView after = view(tenant);
    audit.append(scope.actor(), "tenant.updated", "tenant", id.toString(), id, before, after);
    return after;
  }

  /** Replaces a tenant's credential set, encrypting its secret; platform administrators only. */
  @Transactional
  public TenantView setCredential(UUID id, CredentialDraft draft) {
    Tenant tenant = tenants.lockInScope(scope.tenants(), id).orElseThrow(() -> notFound(id));
    requirePlatformAdministrator("change credentials");
    boolean hasSecret = draft.secret() != null && !draft.secret().isBlank();
    if (draft.kind().needsSecret() && !hasSecret) {
      throw new HuntboardException.InvalidRequest(draft.kind() + " needs a secret");
    }
    if (!draft.kind().needsSecret() && hasSecret) {
      throw new HuntboardException.InvalidRequest(draft.kind() + " takes no secret");
    }
    if (draft.kind().needsSecret() && blank(draft.clientId())) {
      throw new HuntboardException.InvalidRequest(draft.kind() + " needs a clientId");
    }
    Optional<TenantCredential> existing = credentials.findByIdOptional(id);
    TenantView.CredentialView before = existing.map(TenantService::credentialView).orElse(null);
    TenantCredential credential = existing.orElseGet(TenantCredential::new);
    credential.tenantId = id;
    credential.kind = draft.kind();
    credential.clientId = blank(draft.clientId()) ? null : draft.clientId().trim();
    credential.secretCiphertext = hasSecret ? cipher.encrypt(draft.secret(), context(id)) : null;
    credential.updatedAt = Instant.now(clock);
    if (existing.isEmpty()) {
      credentials.persist(credential);
    }
    credentials.flush();
    audit.append(
        scope.actor(),
        "credential.set",
        "credential",
        id.toString(),
        id,
        before,
        credentialView(credential));
    return view(tenant);
  }

  /**
   * Decrypts a tenant's secret for a connector. Not reachable from the API: secrets are write-only.
   */
  @Transactional
  public Optional<String> secret(TenantSet scope, UUID tenantId) {
    return credentials
        .findInScope(scope, tenantId)
        .filter(c -> c.secretCiphertext != null)
        .map(c -> cipher.decrypt(c.secretCiphertext, context(tenantId)));
  }

  /**
   * Re-encrypts every secret that is not under the current key, after a key rotation; platform
   * administrators only. Returns how many secrets were re-encrypted.
   */
  @Transactional
  public int reencryptSecrets() {
    requirePlatformAdministrator("re-encrypt secrets");
    int count = 0;
    for (TenantCredential credential : credentials.listAll()) {
      if (credential.secretCiphertext == null
          || !cipher.needsReencryption(credential.secretCiphertext)) {
        continue;
      }
      TenantView.CredentialView before = credentialView(credential);
      String context = context(credential.tenantId);
      credential.secretCiphertext =
          cipher.encrypt(cipher.decrypt(credential.secretCiphertext, context), context);
      credential.updatedAt = Instant.now(clock);
      credentials.flush();
      audit.append(
          scope.actor(),
          "credential.reencrypted",
          "credential",
          credential.tenantId.toString(),
          credential.tenantId,
          before,
          credentialView(credential));
      count++;
    }
    return count;
  }

  /** The key of a new tenant: the one asked for, or one made from the display name. */
  private String newSlug(TenantDraft draft) {
    boolean asked = draft.slug() != null && !draft.slug().isBlank();
    String slug = asked ? draft.slug().trim() : slugOf(draft.displayName());
    if (!SLUG.matcher(slug).matches()) {
      throw new HuntboardException.InvalidRequest(
          asked
              ? "slug must be lower-case letters, digits and inner dashes (at most 63), such as"
                  + " 'acme', not '"
                  + slug
                  + "'"
              : "no slug can be made from the display name: give one, such as 'acme'");
    }
    if (tenants.slugTaken(slug)) {
      throw new HuntboardException.Conflict("A tenant with the slug '" + slug + "' already exists");
    }
    return slug;
  }

  /** {@code "Acme Corp (EU)"} becomes {@code acme-corp-eu}. */
  static String slugOf(String displayName) {
    String slug =
        displayName == null
            ? ""
            : displayName
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
    if (slug.length() > 63) {
      slug = slug.substring(0, 63).replaceAll("-+$", "");
    }
    return slug;
  }

  private void apply(Tenant tenant, TenantDraft draft) {
    String name = draft.displayName().trim();
    if (tenants.nameTaken(name, tenant.id)) {
      throw new HuntboardException.Conflict("A tenant named '" + name + "' already exists");
    }
    tenant.displayName = name;
    tenant.entraTenantId =
        blank(draft.entraTenantId()) ? null : guid("entraTenantId", draft.entraTenantId());
    List<TenantDraft.ConnectorDraft> drafts =
        draft.connectors() == null ? List.of() : draft.connectors();
    Set<ConnectorKind> seen = EnumSet.noneOf(ConnectorKind.class);
    List<TenantConnector> connectors = new ArrayList<>();
    for (TenantDraft.ConnectorDraft connectorDraft : drafts) {
      if (!seen.add(connectorDraft.kind())) {
        throw new HuntboardException.InvalidRequest(
            "connectors lists " + connectorDraft.kind() + " twice");
      }
      connectors.add(connector(tenant, connectorDraft));
    }
    if (seen.contains(ConnectorKind.DEFENDER) && tenant.entraTenantId == null) {
      throw new HuntboardException.InvalidRequest(
          "the DEFENDER connector needs the tenant's entraTenantId");
    }
    // Replace in place so orphan removal deletes dropped connectors and keeps the others' ids.
    tenant.connectors.removeIf(c -> !seen.contains(c.kind));
    for (TenantConnector connector : connectors) {
      Optional<TenantConnector> same =
          tenant.connectors.stream().filter(c -> c.kind == connector.kind).findFirst();
      if (same.isPresent()) {
        same.get().workspaceIds = connector.workspaceIds;
        same.get().dataFolder = connector.dataFolder;
      } else {
        tenant.connectors.add(connector);
      }
    }
    tenant.updatedAt = Instant.now(clock);
  }

  private static TenantConnector connector(Tenant tenant, TenantDraft.ConnectorDraft draft) {
    TenantConnector connector = new TenantConnector();
    connector.id = UUID.randomUUID();
    connector.tenant = tenant;
    connector.kind = draft.kind();
    List<String> workspaces = draft.workspaceIds() == null ? List.of() : draft.workspaceIds();
    switch (draft.kind()) {
      case SENTINEL -> {
        if (workspaces.isEmpty()) {
          throw new HuntboardException.InvalidRequest(
              "the SENTINEL connector needs at least one workspace id");
        }
        List<String> ids = new ArrayList<>();
        for (String workspace : workspaces) {
          ids.add(guid("workspaceIds", workspace).toString());
        }
        connector.workspaceIds = String.join(",", ids);
      }
      case LOCAL -> {
        if (blank(draft.dataFolder())) {
          throw new HuntboardException.InvalidRequest("the LOCAL connector needs a dataFolder");
        }
        connector.dataFolder = draft.dataFolder().trim();
      }
      case DEFENDER -> {
        // Defender needs nothing beyond the tenant's Entra id and credential set.
      }
    }
    if (draft.kind() != ConnectorKind.SENTINEL && !workspaces.isEmpty()) {
      throw new HuntboardException.InvalidRequest(
          "workspaceIds belong to the SENTINEL connector, not " + draft.kind());
    }
    if (draft.kind() != ConnectorKind.LOCAL && !blank(draft.dataFolder())) {
      throw new HuntboardException.InvalidRequest(
          "dataFolder belongs to the LOCAL connector, not " + draft.kind());
    }
    return connector;
  }

  private void requirePlatformAdministrator(String what) {
    if (!scope.tenants().isAll()) {
      throw new HuntboardException.Forbidden("Only platform administrators may " + what);
    }
  }

  TenantView view(Tenant tenant) {
    List<TenantView.ConnectorView> connectors =
        tenant.connectors.stream()
            .sorted(java.util.Comparator.comparing(c -> c.kind))
            .map(c -> new TenantView.ConnectorView(c.kind, c.workspaceIdList(), c.dataFolder))
            .toList();
    TenantView.CredentialView credential =
        credentials.findByIdOptional(tenant.id).map(TenantService::credentialView).orElse(null);
    return new TenantView(
        tenant.id,
        tenant.slug,
        tenant.displayName,
        tenant.entraTenantId,
        connectors,
        credential,
        tenant.createdAt,
        tenant.updatedAt);
  }

  private static TenantView.CredentialView credentialView(TenantCredential credential) {
    return new TenantView.CredentialView(
        credential.kind,
        credential.clientId,
        credential.secretCiphertext != null,
        credential.secretCiphertext == null
            ? null
            : SecretCipher.keyIdOf(credential.secretCiphertext),
        credential.updatedAt);
  }

  private static String context(UUID tenantId) {
    return "tenant-credential:" + tenantId;
  }

  private static UUID guid(String field, String value) {
    String trimmed = value == null ? "" : value.trim();
    if (!GUID.matcher(trimmed).matches()) {
      throw new HuntboardException.InvalidRequest(
          field
              + " must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, not '"
              + value
              + "'");
    }
    return UUID.fromString(trimmed);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static HuntboardException.NotFound notFound(UUID id) {
    return new HuntboardException.NotFound("Tenant", id);
  }
}
