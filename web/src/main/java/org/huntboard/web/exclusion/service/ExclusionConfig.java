package org.huntboard.web.exclusion.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the exclusion workflow, under {@code huntboard.exclusions}. */
@ConfigMapping(prefix = "huntboard.exclusions")
public interface ExclusionConfig {

  /** Backtests. */
  Backtests backtest();

  /** How long a proposal lives unless it names its expiry; default P90D. */
  @WithDefault("P90D")
  Duration defaultLifetime();

  /** The longest lifetime a proposal may ask for; default P365D. */
  @WithDefault("P365D")
  Duration maxLifetime();

  /**
   * An active exclusion approved longer ago than this, that runs applied since, without a hit in
   * them since, is flagged dead; default P30D.
   */
  @WithDefault("P30D")
  Duration deadAfter();

  /**
   * The share of the rule's rows (0 to 1) above which an exclusion is flagged over-broad, in its
   * backtest or in the runs that applied it; default 0.5.
   */
  @WithDefault("0.5")
  double overBroadShare();

  /** How often the expiry job looks for exclusions past their expiry; default 1m. */
  @WithDefault("1m")
  String expiryCheck();

  /** Backtest bounds. */
  interface Backtests {

    /** Days a backtest covers unless asked otherwise; default 7. */
    @WithDefault("7")
    int defaultDays();

    /** The most days a backtest may cover; default 30. */
    @WithDefault("30")
    int maxDays();

    /** How many hidden rows a backtest keeps as its sample; default 20. */
    @WithDefault("20")
    int sampleRows();
  }
}
