package org.huntboard.web.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.huntboard.web.assignment.service.WindowPlan;
import org.junit.jupiter.api.Test;

class WindowPlanTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration FIVE_DAYS = Duration.ofDays(5);

  @Test
  void alignsTheFirstWindowToTheFrequency() {
    assertThat(WindowPlan.nextBoundary(Instant.parse("2026-03-01T10:17:31Z"), HOUR))
        .isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(WindowPlan.nextBoundary(Instant.parse("2026-03-01T10:00:00Z"), HOUR))
        .isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
  }

  @Test
  void plansNothingBeforeTheFirstWindowEnds() {
    Instant firstEnd = Instant.parse("2026-03-01T11:00:00Z");
    assertThat(
            WindowPlan.due(
                firstEnd, null, Instant.parse("2026-03-01T10:59:59Z"), HOUR, FIVE_DAYS, 100))
        .isEmpty();
  }

  @Test
  void tilesTheTimelineWithoutGapOrOverlapOldestFirst() {
    Instant firstEnd = Instant.parse("2026-03-01T11:00:00Z");
    List<WindowPlan.Window> due =
        WindowPlan.due(firstEnd, null, Instant.parse("2026-03-01T14:30:00Z"), HOUR, FIVE_DAYS, 100);
    assertThat(due)
        .extracting(WindowPlan.Window::start)
        .containsExactly(
            Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T11:00:00Z"),
            Instant.parse("2026-03-01T12:00:00Z"),
            Instant.parse("2026-03-01T13:00:00Z"));
    for (int i = 1; i < due.size(); i++) {
      assertThat(due.get(i).start()).isEqualTo(due.get(i - 1).end());
    }
    assertThat(due.get(0).queryStart()).isEqualTo(Instant.parse("2026-02-24T11:00:00Z"));
  }

  @Test
  void continuesAfterTheLastPlannedWindowAndHonoursTheLimit() {
    Instant firstEnd = Instant.parse("2026-03-01T11:00:00Z");
    List<WindowPlan.Window> due =
        WindowPlan.due(
            firstEnd,
            Instant.parse("2026-03-01T13:00:00Z"),
            Instant.parse("2026-03-02T00:00:00Z"),
            HOUR,
            FIVE_DAYS,
            3);
    assertThat(due)
        .extracting(WindowPlan.Window::start)
        .containsExactly(
            Instant.parse("2026-03-01T13:00:00Z"),
            Instant.parse("2026-03-01T14:00:00Z"),
            Instant.parse("2026-03-01T15:00:00Z"));
  }
}
