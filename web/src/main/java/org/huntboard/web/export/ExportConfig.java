package org.huntboard.web.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the streamed exports, under {@code huntboard.export}. */
@ConfigMapping(prefix = "huntboard.export")
public interface ExportConfig {

  /** How many rows PostgreSQL hands over per fetch of the export's cursor; default 500. */
  @WithDefault("500")
  int fetchSize();

  /**
   * How many exports may stream at once on a node; default 4. Each holds a database connection of
   * the pool for as long as it streams, so this must stay well below {@code
   * quarkus.datasource.jdbc.max-size}; one more answers 503 with {@code Retry-After}.
   */
  @WithDefault("4")
  int maxConcurrent();

  /** The longest an export's read transaction may stay open; default PT1H. */
  @WithDefault("PT1H")
  Duration timeout();
}
