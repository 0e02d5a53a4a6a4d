package org.huntboard.connectors.local.exclusion;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.connectors.local.engine.Database;
import org.huntboard.connectors.local.engine.EngineOptions;
import org.huntboard.connectors.local.engine.KqlEngine;
import org.huntboard.connectors.local.engine.QueryResult;
import org.huntboard.connectors.local.load.LoadOptions;
import org.huntboard.connectors.local.load.TableAssembler;
import org.huntboard.connectors.local.load.TableLayout;
import org.huntboard.connectors.local.load.TelemetryLoader;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.CompiledQuery;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.lint.ExclusionEvidence;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * Evidence for the exclusion guards from the embedded engine: the rule's query, with the one
 * exclusion compiled in as its tag, runs over a database of the rule's true positives and over a
 * database of events the exclusion should suppress (its fixtures, or a backtest's telemetry). A
 * result row tagged with the exclusion in the first is a true positive it would hide; the tagged
 * rows of the second are what it matches. Because the whole rule runs, rows the rule itself drops
 * never count, which makes this the right evidence for a backtest over raw telemetry.
 */
public final class EngineExclusionEvidence implements ExclusionEvidence {

  private final Database truePositives;
  private final Database suppressible;
  private final KqlEngine engine;
  private final String description;

  /**
   * @param truePositives the rule's true-positive events
   * @param suppressible events the exclusions are meant for, or a backtest's telemetry
   * @param clock what {@code now()} means for the rule's time window
   * @param description what the evidence is, for the dead-exclusion finding
   */
  public EngineExclusionEvidence(
      Database truePositives, Database suppressible, Clock clock, String description) {
    this.truePositives = truePositives;
    this.suppressible = suppressible;
    this.engine = new KqlEngine(EngineOptions.defaults().withClock(clock));
    this.description = description;
  }

  /** One table loaded from JSON-lines (or any telemetry format) files, typed by the dialect. */
  public static Database load(String table, Dialect dialect, List<Path> files) {
    TableSchema schema = SchemaCatalog.builtIn(dialect).table(table).orElse(null);
    TableLayout layout =
        new TableLayout(table, schema == null ? List.of() : schema.columns(), schema != null);
    TableAssembler assembler = new TableAssembler(layout);
    TelemetryLoader loader = new TelemetryLoader(LoadOptions.strict());
    for (Path file : files) {
      loader.load(file, layout, assembler);
    }
    return Database.of(table, assembler.build());
  }

  @Override
  public Verdict examine(Query ruleQuery, ExclusionFilter exclusion, FieldMappingProfile profile) {
    CompiledQuery compiled =
        ExclusionCompiler.compile(
            ruleQuery, List.of(exclusion), profile.dialect(), CompileForm.TAGGED);
    List<String> hidden = new ArrayList<>();
    Table tp = run(compiled, truePositives);
    for (int r = 0; r < tp.rowCount(); r++) {
      if (exclusion.id().equals(tp.value(r, CompiledQuery.TAG_COLUMN))) {
        hidden.add(describe(tp, r));
      }
    }
    Table other = run(compiled, suppressible);
    long matched = 0;
    for (int r = 0; r < other.rowCount(); r++) {
      if (exclusion.id().equals(other.value(r, CompiledQuery.TAG_COLUMN))) {
        matched++;
      }
    }
    return new Verdict(hidden, matched, description);
  }

  private Table run(CompiledQuery compiled, Database database) {
    QueryResult result = engine.execute(compiled.query(), database);
    return result.table();
  }

  private static String describe(Table t, int row) {
    List<String> parts = new ArrayList<>();
    for (String column : t.columnNames()) {
      if (column.equals(CompiledQuery.TAG_COLUMN)) {
        continue;
      }
      Object v = t.value(row, column);
      if (v instanceof String s && !s.isEmpty()) {
        parts.add(column + "=" + s);
      }
      if (parts.size() == 3) {
        break;
      }
    }
    return parts.isEmpty() ? "row " + (row + 1) : String.join(", ", parts);
  }
}
