package org.huntboard.web.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.huntboard.web.assignment.service.Jitter;
import org.junit.jupiter.api.Test;

class JitterTest {

  @Test
  void spreadsAThousandHourlyTenantsOverTheJitterRange() {
    Random random = new Random(42);
    Map<Integer, Integer> perSecond = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      int seconds = Jitter.seconds(id, Duration.ofHours(1), Duration.ofMinutes(10));
      assertThat(seconds).isBetween(0, 599);
      perSecond.merge(seconds, 1, Integer::sum);
    }
    int busiest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    // 1,000 over 600 seconds is 1.7 a second on average; all at once would be 1,000.
    assertThat(busiest).isLessThanOrEqualTo(10);
    assertThat(perSecond).hasSizeGreaterThan(400);
  }

  @Test
  void isStableForAnAssignment() {
    UUID id = UUID.randomUUID();
    assertThat(Jitter.seconds(id, Duration.ofHours(1), Duration.ofMinutes(10)))
        .isEqualTo(Jitter.seconds(id, Duration.ofHours(1), Duration.ofMinutes(10)));
  }

  @Test
  void staysWithinHalfOfAShortFrequency() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      assertThat(Jitter.seconds(id, Duration.ofMinutes(5), Duration.ofMinutes(10)))
          .isBetween(0, 149);
    }
  }
}
