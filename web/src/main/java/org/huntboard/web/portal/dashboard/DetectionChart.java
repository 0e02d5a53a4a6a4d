package org.huntboard.web.portal.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huntboard.web.detection.persistence.DetectionRepository.DailyCount;

/**
 * The dashboard's chart of new detections per day, stacked by rule, laid out on the server as SVG
 * shapes so the page needs no script to draw it.
 *
 * @param width the drawing's width in SVG units
 * @param height the drawing's height in SVG units
 * @param bars one rectangle per day and rule with a count
 * @param xLabels the day labels under the bars
 * @param yTicks the count scale on the left
 * @param legend the rules, each with its colour class
 * @param rows the same numbers as a table, for screen readers and exact reading
 * @param total the number of detections in the chart
 */
public record DetectionChart(
    int width,
    int height,
    List<Bar> bars,
    List<Label> xLabels,
    List<Tick> yTicks,
    List<Series> legend,
    List<DayRow> rows,
    long total) {

  /** One stacked segment: a rule's count on one day. */
  public record Bar(int x, int y, int width, int height, String series, String title) {}

  /** A text label at a point. */
  public record Label(int x, int y, String text) {}

  /** A line of the count scale. */
  public record Tick(int y, int x1, int x2, long value) {}

  /** A rule shown in the chart and its colour class. */
  public record Series(String ruleId, String name, String series) {}

  /** One day of the table: the count of each legend rule, in legend order. */
  public record DayRow(String day, List<Long> counts, long total) {}

  private static final int WIDTH = 760;
  private static final int HEIGHT = 240;
  private static final int LEFT = 44;
  private static final int RIGHT = 8;
  private static final int TOP = 12;
  private static final int BOTTOM = 30;
  private static final int COLOURS = 6;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

  /**
   * Lays out the counts of the {@code days} days ending with {@code lastDay}.
   *
   * @param ruleNames the rule names by id; a rule not in it is shown by its id
   */
  public static DetectionChart of(
      List<DailyCount> counts, LocalDate lastDay, int days, Map<String, String> ruleNames) {
    LocalDate firstDay = lastDay.minusDays(days - 1L);
    Map<String, Series> series = new LinkedHashMap<>();
    for (DailyCount c : counts) {
      series.computeIfAbsent(
          c.ruleId(),
          id ->
              new Series(
                  id, ruleNames.getOrDefault(id, id), "series-" + (series.size() % COLOURS)));
    }
    List<String> ruleOrder = new ArrayList<>(series.keySet());
    long[][] grid = new long[days][ruleOrder.size()];
    long total = 0;
    for (DailyCount c : counts) {
      int day = (int) (c.day().toEpochDay() - firstDay.toEpochDay());
      if (day < 0 || day >= days) {
        continue;
      }
      grid[day][ruleOrder.indexOf(c.ruleId())] += c.count();
      total += c.count();
    }
    long max = 1;
    for (long[] day : grid) {
      long sum = 0;
      for (long n : day) {
        sum += n;
      }
      max = Math.max(max, sum);
    }
    long top = niceCeiling(max);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    double slot = (double) plotWidth / days;
    int barWidth = Math.max(2, (int) Math.floor(slot * 0.7));

    List<Bar> bars = new ArrayList<>();
    List<Label> labels = new ArrayList<>();
    List<DayRow> rows = new ArrayList<>();
    int labelEvery = days <= 16 ? 1 : (days + 15) / 16;
    for (int d = 0; d < days; d++) {
      LocalDate date = firstDay.plusDays(d);
      int x = LEFT + (int) Math.round(d * slot + (slot - barWidth) / 2);
      long stacked = 0;
      List<Long> dayCounts = new ArrayList<>();
      for (int r = 0; r < ruleOrder.size(); r++) {
        long n = grid[d][r];
        dayCounts.add(n);
        if (n == 0) {
          continue;
        }
        int y0 = TOP + plotHeight - (int) Math.round((double) stacked * plotHeight / top);
        stacked += n;
        int y1 = TOP + plotHeight - (int) Math.round((double) stacked * plotHeight / top);
        Series s = series.get(ruleOrder.get(r));
        bars.add(
            new Bar(
                x,
                y1,
                barWidth,
                Math.max(1, y0 - y1),
                s.series(),
                date + ": " + n + " new detection" + (n == 1 ? "" : "s") + " of " + s.name()));
      }
      if (d % labelEvery == 0) {
        labels.add(new Label(x + barWidth / 2, HEIGHT - 10, DAY.format(date)));
      }
      rows.add(new DayRow(date.toString(), dayCounts, stacked));
    }
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      long value = top * i / 4;
      int y = TOP + plotHeight - (int) Math.round((double) value * plotHeight / top);
      ticks.add(new Tick(y, LEFT, WIDTH - RIGHT, value));
    }
    return new DetectionChart(
        WIDTH, HEIGHT, bars, labels, ticks, List.copyOf(series.values()), rows, total);
  }

  /**
   * The smallest of 4, 8, 20, 40, 80, 200, ... at least {@code max}: ticks at quarters stay whole.
   */
  static long niceCeiling(long max) {
    long step = 1;
    while (true) {
      for (long m : new long[] {4, 8, 20}) {
        if (m * step >= max) {
          return m * step;
        }
      }
      step *= 10;
    }
  }
}
