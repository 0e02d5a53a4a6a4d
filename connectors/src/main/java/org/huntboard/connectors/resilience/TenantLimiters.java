package org.huntboard.connectors.resilience;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link TenantLimiter} per (service, tenant), made on first use and shared afterwards. */
public final class TenantLimiters {

  private final Clock clock;
  private final Sleeper sleeper;
  private final ConcurrentMap<String, TenantLimiter> limiters = new ConcurrentHashMap<>();

  public TenantLimiters(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * The limiter of {@code tenant} for {@code service}; the policy of the first caller wins, since
   * two policies for one tenant and service would each let through their own quota.
   */
  public TenantLimiter forTenant(String service, String tenant, QuotaPolicy policy) {
    return limiters.computeIfAbsent(
        service + "\u0000" + tenant, k -> new TenantLimiter(policy, clock, sleeper));
  }
}
