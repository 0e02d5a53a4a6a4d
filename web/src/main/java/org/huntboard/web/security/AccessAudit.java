package org.huntboard.web.security;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.tenancy.TenantScope;
import org.jboss.logging.Logger;

/**
 * Audit events about access rather than change: a user's first access to a tenant's data in a
 * session ({@code access.first}), every export ({@code access.exported}) and every denied attempt
 * ({@code access.denied}: 401, 403, or 404 for another tenant's object).
 *
 * <p>Denied attempts are recorded in their own transaction (the failed request's is rolled back)
 * and off the request thread; the same denial (who, from where, what, which status) is recorded
 * once per {@link #DENIAL_QUIET} so that a flood of bad requests cannot flood the chain, whose
 * appends are serialised.
 */
@ApplicationScoped
public class AccessAudit {

  /** How long the same denial is not recorded again. */
  static final Duration DENIAL_QUIET = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(AccessAudit.class);
  private static final int MAX_REMEMBERED = 100_000;

  private final AuditLog audit;
  private final TenantScope scope;
  private final Clock clock;
  private final Map<String, Boolean> accessed = new ConcurrentHashMap<>();
  private final Map<String, Instant> denied = new ConcurrentHashMap<>();

  /** A path segment that is an object id (a UUID, in any case). */
  private static final Pattern OBJECT_ID =
      Pattern.compile(
          "/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)");

  AccessAudit(AuditLog audit, TenantScope scope, Clock clock) {
    this.audit = audit;
    this.scope = scope;
    this.clock = clock;
  }

  /**
   * Records that the current caller exported data of a tenant, e.g. {@code exported(tenant,
   * "detections")}; call it inside or outside a transaction, before the first byte is sent.
   *
   * @param tenantId the tenant whose data is exported, or null for a platform-wide export
   * @param what what is exported, e.g. {@code detections}, {@code runs}, {@code audit-events}
   */
  @Transactional
  public void exported(UUID tenantId, String what) {
    exported(tenantId, what, Map.of());
  }

  /**
   * {@link #exported(UUID, String)} with what else identifies the export (format, period, filters),
   * recorded beside {@code what}.
   */
  @Transactional
  public void exported(UUID tenantId, String what, Map<String, ?> details) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("what", what);
    state.putAll(details);
    audit.append(scope.actor(), "access.exported", "export", what, tenantId, null, state);
  }

  /**
   * Records the caller's first access to a tenant's data in their session; later calls for the same
   * session and tenant do nothing.
   *
   * @param session the sign-in session ({@code sid} claim), or the actor when there is none
   */
  public void accessed(UUID tenantId, String session) {
    String key = session + "|" + tenantId;
    if (accessed.putIfAbsent(key, Boolean.TRUE) != null) {
      return;
    }
    if (accessed.size() > MAX_REMEMBERED) {
      accessed.clear();
      accessed.put(key, Boolean.TRUE);
    }
    try {
      recordFirstAccess(tenantId, session);
    } catch (RuntimeException e) {
      // Forget it, so the next request of the session tries again.
      accessed.remove(key);
      throw e;
    }
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  void recordFirstAccess(UUID tenantId, String session) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("tenantId", tenantId.toString());
    audit.append(scope.actor(), "access.first", "session", session, tenantId, null, state);
  }

  /** A denied attempt, as recorded. */
  record Denial(
      String actor, String client, String method, String path, int status, UUID tenantId) {}

  /** Records a denied attempt off the calling thread, unless the same one was just recorded. */
  void denied(Denial denial) {
    String key =
        denial.actor()
            + "|"
            + denial.client()
            + "|"
            + denial.method()
            + "|"
            + denial.path()
            + "|"
            + denial.status();
    Instant now = Instant.now(clock);
    Instant last = denied.get(key);
    if (last != null && now.isBefore(last.plus(DENIAL_QUIET))) {
      return;
    }
    if (denied.size() > MAX_REMEMBERED) {
      denied.clear();
    }
    denied.put(key, now);
    Infrastructure.getDefaultWorkerPool()
        .execute(
            () -> {
              try {
                recordDenial(denial);
              } catch (RuntimeException e) {
                LOG.warnf(e, "could not record the denied %s %s", denial.method(), denial.path());
              }
            });
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  void recordDenial(Denial denial) {
    String path = withoutObjectIds(denial.path());
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("method", denial.method());
    state.put("path", path);
    state.put("status", denial.status());
    state.put("client", denial.client());
    audit.append(
        denial.actor(),
        "access.denied",
        "request",
        denial.method() + " " + path,
        denial.tenantId(),
        null,
        state);
  }

  /**
   * The path with every object id after the tenant's replaced by {@code {id}}. A denied caller
   * chooses the ids in the address; recorded as sent, an id of another tenant's object would land
   * in this tenant's audit log (a caller refused as auditor, say, before the object was looked up).
   */
  static String withoutObjectIds(String path) {
    Optional<UUID> tenant = tenantOf(path);
    if (tenant.isEmpty()) {
      return path;
    }
    String prefix = "/api/v1/tenants/" + tenant.get();
    String rest = path.substring(Math.min(path.length(), prefix.length()));
    return prefix + OBJECT_ID.matcher(rest).replaceAll("/{id}");
  }

  /** The tenant id in an API path ({@code /api/v1/tenants/<id>/...}), if there is one. */
  static Optional<UUID> tenantOf(String path) {
    String prefix = "/api/v1/tenants/";
    if (path == null || !path.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
