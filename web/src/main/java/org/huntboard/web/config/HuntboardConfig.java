package org.huntboard.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Huntboard's own settings, under the {@code huntboard} prefix of application.properties. */
@ConfigMapping(prefix = "huntboard")
public interface HuntboardConfig {

  /** The embedded PostgreSQL, used only while {@code quarkus.datasource.jdbc.url} is not set. */
  Database database();

  /** Encryption of connector secrets at rest. */
  Secrets secrets();

  /** Scheduling of assignments and execution of runs. */
  Scheduling scheduling();

  /** Where the hunting rules are read from. */
  Rules rules();

  /** Folder with test data shared by the repositories, set by the build for tests; default none. */
  @WithName("shared.dir")
  Optional<String> sharedDir();

  /** The embedded PostgreSQL server. */
  interface Database {

    /** The embedded server. */
    Embedded embedded();

    /** Settings of the embedded server; read before the datasource exists. */
    interface Embedded {

      /** Folder of the database cluster; default {@code ~/.huntboard/pgdata}. */
      Optional<String> dataDir();

      /** TCP port on 127.0.0.1; default 0, any free port. */
      @WithDefault("0")
      int port();

      /**
       * Use a temporary cluster removed when the JVM exits instead of the data folder; default
       * false.
       */
      @WithDefault("false")
      boolean ephemeral();
    }
  }

  /** Keys that encrypt secrets with AES-256-GCM. */
  interface Secrets {

    /**
     * Key id of the key that encrypts new secrets; no default, storing a secret fails without it.
     */
    Optional<String> currentKey();

    /** Keys by id, each 32 bytes in Base64; every listed key can decrypt; default none. */
    Map<String, String> keys();
  }

  /** The hunting rule catalog. */
  interface Rules {

    /**
     * Folder of rule files read at start instead of the {@code hunting/} resources of the class
     * path; default none (the class path).
     */
    Optional<String> dir();
  }

  /** How assignments fire and how runs are claimed. */
  interface Scheduling {

    /** Whether this process starts hunts from the scheduler; default true. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The largest delay after a window's end before its run fires, spread per assignment; default
     * PT10M.
     */
    @WithDefault("PT10M")
    Duration maxJitter();

    /** How long a claimed run may take before another process may take it over; default PT30M. */
    @WithDefault("PT30M")
    Duration runLease();

    /**
     * How many attempts a window gets when its query fails in a retryable way (timeout, partial
     * result); outages (unavailable, throttled) do not spend attempts; default 3.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * How many windows one firing runs at most, oldest first, so a long gap backfills in steps;
     * default 24.
     */
    @WithDefault("24")
    int maxWindowsPerFiring();
  }
}
