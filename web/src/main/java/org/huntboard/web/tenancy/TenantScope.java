package org.huntboard.web.tenancy;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.huntboard.web.security.CallerAttributes;

/**
 * The caller of the current request: who they are (for the audit log), which tenants they may see
 * and which roles they hold.
 *
 * <p>It is the one place where the authenticated {@link SecurityIdentity} becomes Huntboard's
 * notion of a caller; services and repositories read it and never look at headers or tokens
 * themselves. It is filled on first use: the actor is the identity's principal name, the roles are
 * the identity's roles that name a {@link Role}, and the tenants are
 *
 * <ul>
 *   <li>the set the authentication mechanism resolved itself ({@link CallerAttributes#TENANTS}, dev
 *       headers only), else
 *   <li>every tenant for an {@link Role#ADMIN}, else
 *   <li>the tenants whose keys the token's tenants claim lists ({@link TenantDirectory}); a key of
 *       no tenant grants nothing.
 * </ul>
 *
 * <p>An anonymous caller has no tenant and no role.
 */
@RequestScoped
public class TenantScope {

  private static final String ANONYMOUS = "anonymous";

  private final SecurityIdentity identity;
  private final TenantDirectory directory;
  private final IdentityConfig config;

  private boolean resolved;
  private TenantSet tenants = TenantSet.none();
  private String actor = ANONYMOUS;
  private Set<Role> roles = Set.of();

  TenantScope(SecurityIdentity identity, TenantDirectory directory, IdentityConfig config) {
    this.identity = identity;
    this.directory = directory;
    this.config = config;
  }

  /** The tenants the caller may see. */
  public TenantSet tenants() {
    resolve();
    return tenants;
  }

  /** The caller's name as written into audit events. */
  public String actor() {
    resolve();
    return actor;
  }

  /** The caller's roles; empty for an anonymous caller. */
  public Set<Role> roles() {
    resolve();
    return roles;
  }

  /** Whether the caller holds the role. */
  public boolean hasRole(Role role) {
    return roles().contains(role);
  }

  /** Whether the caller is identified at all. */
  public boolean isIdentified() {
    return !ANONYMOUS.equals(actor());
  }

  /**
   * Sets the caller explicitly, for work that runs on behalf of someone outside an authenticated
   * request; it replaces whatever the identity would give.
   */
  public void identify(String actor, TenantSet tenants, Set<Role> roles) {
    this.resolved = true;
    this.actor = actor;
    this.tenants = tenants;
    this.roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  private void resolve() {
    if (resolved) {
      return;
    }
    resolved = true;
    if (identity == null || identity.isAnonymous()) {
      return;
    }
    Set<Role> held = EnumSet.noneOf(Role.class);
    for (String name : identity.getRoles()) {
      Role.fromClaim(name).ifPresent(held::add);
    }
    TenantSet preset = identity.getAttribute(CallerAttributes.TENANTS);
    TenantSet granted;
    if (preset != null) {
      granted = preset;
    } else if (held.contains(Role.ADMIN)) {
      granted = TenantSet.all();
    } else {
      granted = TenantSet.of(directory.idsOf(tenantKeys()));
    }
    this.actor = identity.getPrincipal().getName();
    this.roles = held.isEmpty() ? Set.of() : Set.copyOf(held);
    this.tenants = granted;
  }

  /** The tenant keys of the token's claim, from plain keys or group paths under the prefix. */
  private List<String> tenantKeys() {
    if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (String value : strings(token.getClaim(config.tenantsClaim()))) {
      tenantKey(value).ifPresent(keys::add);
    }
    return keys;
  }

  private Optional<String> tenantKey(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (!trimmed.startsWith("/")) {
      return Optional.of(trimmed);
    }
    String prefix = config.tenantGroupPrefix();
    if (!trimmed.startsWith(prefix)) {
      return Optional.empty();
    }
    String key = trimmed.substring(prefix.length());
    // A subgroup (/tenants/acme/x) is not a tenant of its own.
    return key.isEmpty() || key.contains("/") ? Optional.empty() : Optional.of(key);
  }

  private static List<String> strings(Object claim) {
    List<String> values = new ArrayList<>();
    if (claim == null) {
      return values;
    }
    if (claim instanceof JsonArray array) {
      for (JsonValue item : array) {
        if (item instanceof JsonString string) {
          values.add(string.getString());
        }
      }
    } else if (claim instanceof Collection<?> items) {
      for (Object item : items) {
        values.add(item instanceof JsonString s ? s.getString() : String.valueOf(item));
      }
    } else if (claim instanceof JsonString string) {
      values.add(string.getString());
    } else if (claim instanceof String string) {
      values.add(string);
    }
    return values;
  }
}
