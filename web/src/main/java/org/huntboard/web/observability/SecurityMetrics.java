package org.huntboard.web.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Counts failed logins as {@code huntboard.login.failures}, by reason. Quarkus Security's own
 * authentication failure events are observed here; code that refuses a login on its own (a rate
 * limit, a token without tenants) reports it through {@link #loginFailed(String)}.
 */
@ApplicationScoped
public class SecurityMetrics {

  /** Logins refused, by reason. */
  public static final String LOGIN_FAILURES = "huntboard.login.failures";

  // Reasons become label values: keep them short words so the series stay few.
  private static final Pattern REASON = Pattern.compile("[a-z0-9_.-]{1,40}");

  private final MeterRegistry registry;

  SecurityMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts a refused login; {@code reason} is a short lower-case word such as {@code rate-limited}
   * (anything else is counted as {@code other}).
   */
  public void loginFailed(String reason) {
    String tag = reason == null ? "other" : reason.toLowerCase(Locale.ROOT);
    Counter.builder(LOGIN_FAILURES)
        .description("Logins refused")
        .tag("reason", REASON.matcher(tag).matches() ? tag : "other")
        .register(registry)
        .increment();
  }

  void authenticationFailed(@Observes AuthenticationFailureEvent event) {
    Throwable failure = event.getAuthenticationFailure();
    loginFailed(failure == null ? "other" : reasonOf(failure));
  }

  private static String reasonOf(Throwable failure) {
    // The exception's type is a bounded set (AuthenticationFailedException, ...), its message is
    // not.
    String name = failure.getClass().getSimpleName().replace("Exception", "");
    return name.isEmpty() ? "other" : name.replaceAll("([a-z])([A-Z])", "$1-$2");
  }
}
