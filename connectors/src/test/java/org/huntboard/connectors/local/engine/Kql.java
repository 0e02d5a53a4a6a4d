package org.huntboard.connectors.local.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.table.Table;

/** Runs KQL text on the engine with a fixed clock, for the semantic tests. */
final class Kql {

  static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");

  private Kql() {}

  static KqlEngine engine() {
    return new KqlEngine(EngineOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  static Table run(String query) {
    return run(query, new Database(Map.of()));
  }

  static Table run(String query, Database db) {
    return engine().execute(query, db).table();
  }

  static List<List<Object>> rows(String query) {
    return run(query).rows();
  }

  static List<List<Object>> rows(String query, Database db) {
    return run(query, db).rows();
  }

  /** The single value of a one-row, one-column result. */
  static Object scalar(String expression) {
    Table t = run("print v = " + expression);
    return t.value(0, 0);
  }
}
