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

  /** The longest an export's read transaction may stay open; default PT1H. */
  @WithDefault("PT1H")
  Duration timeout();
}
