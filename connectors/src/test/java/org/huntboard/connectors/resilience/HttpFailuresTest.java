package org.huntboard.connectors.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.FailureClass;
import org.junit.jupiter.api.Test;

class HttpFailuresTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);

  static ConnectorException classify(int status, String retryAfter, String body) {
    return HttpFailures.classify(
        status, Optional.ofNullable(retryAfter), body, "svc", "Role.X", CLOCK);
  }

  @Test
  void requestRateQuotaIsThrottlingAndCpuIsQuotaExhaustion() {
    assertThat(
            classify(
                    429,
                    null,
                    "{\"error\":{\"code\":\"429\",\"message\":\"API calls quota exceeded! maximum allowed 45 per 00:01:00\"}}")
                .failureClass())
        .isEqualTo(FailureClass.THROTTLED);
    assertThat(
            classify(
                    429,
                    null,
                    "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Tenant CPU quota exceeded\"}}")
                .failureClass())
        .isEqualTo(FailureClass.QUOTA_EXHAUSTED);
  }

  @Test
  void retryAfterIsReadAsSecondsOrHttpDate() {
    assertThat(classify(429, "30", "").retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(classify(429, "Thu, 03 Dec 2026 09:01:30 GMT", "").retryAfter())
        .contains(Duration.ofSeconds(90));
  }

  @Test
  void resultSizeCapIsTruncation() {
    assertThat(
            classify(
                    400,
                    null,
                    "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Query execution has exceeded the allowed result size. Optimize your query by limiting the number of results and try again.\"}}")
                .failureClass())
        .isEqualTo(FailureClass.TRUNCATED);
  }

  @Test
  void bodyThatIsNotJsonKeepsItsTextInTheMessage() {
    ConnectorException e = classify(502, null, "<html>Bad Gateway</html>");
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.getMessage()).contains("Bad Gateway");
  }
}
