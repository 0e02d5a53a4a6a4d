package org.huntboard.connectors.credential;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/**
 * Keeps a tenant's tokens per scope until five minutes before they expire. MSAL caches too, but a
 * lookup miss there (observed for authorities on a non-default port) turns every hunt into a token
 * request, and Entra throttles those as well; the SDK clients' bearer policy caches the same way.
 */
final class CachingTokenCredential implements TokenCredential {

  private static final Duration MARGIN = Duration.ofMinutes(5);

  private final TokenCredential delegate;
  private final ConcurrentMap<List<String>, AccessToken> tokens = new ConcurrentHashMap<>();

  CachingTokenCredential(TokenCredential delegate) {
    this.delegate = delegate;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    AccessToken cached = fresh(request);
    if (cached != null) {
      return Mono.just(cached);
    }
    return delegate.getToken(request).doOnNext(t -> remember(request, t));
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    AccessToken cached = fresh(request);
    if (cached != null) {
      return cached;
    }
    AccessToken t = delegate.getTokenSync(request);
    remember(request, t);
    return t;
  }

  private AccessToken fresh(TokenRequestContext request) {
    if (request.getClaims() != null) {
      return null; // a claims challenge needs a new token
    }
    AccessToken t = tokens.get(key(request));
    return t != null && t.getExpiresAt().minus(MARGIN).isAfter(OffsetDateTime.now()) ? t : null;
  }

  private void remember(TokenRequestContext request, AccessToken token) {
    if (token != null && request.getClaims() == null) {
      tokens.put(key(request), token);
    }
  }

  private static List<String> key(TokenRequestContext request) {
    return List.of(String.join(" ", request.getScopes()), String.valueOf(request.getTenantId()));
  }

  @Override
  public String toString() {
    return "CachingTokenCredential[" + delegate.getClass().getSimpleName() + "]";
  }
}
