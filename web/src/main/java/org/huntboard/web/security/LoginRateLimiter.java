package org.huntboard.web.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.huntboard.web.tenancy.IdentityConfig;

/**
 * Limits the sign-in paths ({@code /login}, the code-flow callback {@code /login/callback}, {@code
 * /logout}) to a token bucket per client address, answering 429 with {@code Retry-After} when it is
 * empty: each of them costs a round trip to the identity provider, and the callback is where
 * guessed codes would be tried.
 *
 * <p>The client address is the connection's, or the forwarded one when {@code
 * quarkus.http.proxy.proxy-address-forwarding} is on behind a trusted proxy.
 */
@ApplicationScoped
public class LoginRateLimiter {

  /** The paths the bucket guards. */
  static final Set<String> PATHS = Set.of("/login", "/login/callback", "/logout");

  private static final int MAX_CLIENTS = 100_000;

  private final int burst;
  private final double perNano;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  LoginRateLimiter(IdentityConfig config) {
    this.burst = Math.max(1, config.loginRate().burst());
    this.perNano = Math.max(1, config.loginRate().perMinute()) / 60_000_000_000.0;
  }

  void register(@Observes Filters filters) {
    // After the security headers, before authentication.
    filters.register(this::filter, Integer.MAX_VALUE - 1);
  }

  private void filter(RoutingContext context) {
    if (!PATHS.contains(context.normalizedPath())) {
      context.next();
      return;
    }
    String client = context.request().remoteAddress().hostAddress();
    long waitNanos = take(client, System.nanoTime());
    if (waitNanos == 0) {
      context.next();
      return;
    }
    long seconds = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    context
        .response()
        .setStatusCode(429)
        .putHeader("Retry-After", Long.toString(seconds))
        .putHeader("Content-Type", "application/problem+json")
        .end(
            "{\"type\":\"https://huntboard.org/problems/too-many-requests\","
                + "\"title\":\"Too Many Requests\",\"status\":429,"
                + "\"detail\":\"Too many sign-in requests from this address; try again in "
                + seconds
                + " s\"}");
  }

  /** Takes a token for the client; 0 if there was one, else how long until there is. */
  long take(String client, long now) {
    if (buckets.size() > MAX_CLIENTS) {
      // Full buckets hold no state worth keeping; dropping them bounds the memory.
      buckets.values().removeIf(b -> b.full(now));
    }
    return buckets.computeIfAbsent(client, c -> new Bucket(burst, now)).take(now);
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perNano);
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      tokens = Math.min(burst, tokens + (now - at) * perNano);
      at = now;
    }
  }
}
