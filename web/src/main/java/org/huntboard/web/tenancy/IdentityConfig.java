package org.huntboard.web.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a token names the caller's tenants ({@code huntboard.identity.*}); the roles claim is OpenID
 * Connect's own setting ({@code quarkus.oidc.roles.role-claim-path}).
 */
@ConfigMapping(prefix = "huntboard.identity")
public interface IdentityConfig {

  /** The claim listing the caller's tenant keys or group paths; default {@code tenants}. */
  @WithDefault("tenants")
  String tenantsClaim();

  /**
   * The group path prefix under which a group's last segment is a tenant key, for providers that
   * put full group paths into the claim (e.g. {@code /tenants/acme}); default {@code /tenants/}.
   * Values without a leading slash are tenant keys as they are.
   */
  @WithDefault("/tenants/")
  String tenantGroupPrefix();

  /**
   * How long a key that names no tenant is remembered as unknown before the database is asked
   * again; default 30 s. Creating a tenant on this node forgets unknown keys at once.
   */
  @WithDefault("PT30S")
  Duration unknownKeyTtl();

  /** Security headers on every answer. */
  Headers headers();

  /** The token bucket per client address on the sign-in paths. */
  LoginRate loginRate();

  /** Security headers on every answer. */
  interface Headers {

    /**
     * The Content-Security-Policy; {@code form-action} also gets the origin of the portal's
     * identity provider, where the sign-in and sign-out forms lead.
     */
    @WithDefault(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'")
    String contentSecurityPolicy();

    /** Whether to send Strict-Transport-Security; default true, false in dev and test. */
    @WithDefault("true")
    boolean hsts();

    /** The Referrer-Policy; default {@code same-origin}. */
    @WithDefault("same-origin")
    String referrerPolicy();
  }

  /** How many sign-in requests a client address may make. */
  interface LoginRate {

    /** Requests a client may make at once; default 20. */
    @WithDefault("20")
    int burst();

    /** Requests a client regains per minute; default 20. */
    @WithDefault("20")
    int perMinute();
  }
}
