package org.huntboard.web.system;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Supplies the clock every time-dependent service reads, so tests can move time. */
@ApplicationScoped
public class ClockProducer {

  /** The system clock in UTC, unless another {@link Clock} bean replaces it. */
  @Produces
  @DefaultBean
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }
}
