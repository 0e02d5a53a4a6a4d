package org.huntboard.connectors.local.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.connectors.table.Table;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.Statement;

/**
 * Huntboard's embedded KQL engine: runs a parsed {@link Query} over a {@link Database} of columnar
 * tables with Kusto's semantics (see {@code KQL.md}), and returns a result {@link Table} that is
 * truncated, and says so, at Kusto's limits.
 *
 * <p>{@code now()} and {@code ago()} are pinned once per query to the options' clock (or to {@code
 * set query_now = datetime(...)}). A query that runs past its timeout, is cancelled, or would
 * allocate more than its memory bound fails with a {@link QueryLimitException}; a query that names
 * an unknown column, table or function fails with a located {@link DiagnosticException}.
 *
 * <p>An engine is immutable and can run queries from several threads at once.
 */
public final class KqlEngine {

  private final EngineOptions options;

  public KqlEngine(EngineOptions options) {
    this.options = options;
  }

  public KqlEngine() {
    this(EngineOptions.defaults());
  }

  public EngineOptions options() {
    return options;
  }

  /** Parses and runs a query text; syntax and evaluation errors are located in {@code <query>}. */
  public QueryResult execute(String queryText, Database database) {
    return execute(new SourceText("<query>", queryText), database, null);
  }

  /** Parses and runs a query; errors are located in {@code source}. */
  public QueryResult execute(SourceText source, Database database, QueryCancellation cancellation) {
    return execute(KqlParser.parse(source), source, database, cancellation);
  }

  /** Runs a query; errors carry no source location. */
  public QueryResult execute(Query query, Database database) {
    return execute(query, null, database, null);
  }

  /**
   * Runs a query parsed from {@code source} (used to locate errors; may be null), stoppable through
   * {@code cancellation} (may be null).
   */
  public QueryResult execute(
      Query query, SourceText source, Database database, QueryCancellation cancellation) {
    long started = System.nanoTime();
    QueryContext ctx =
        new QueryContext(
            database, source, Ticks.fromInstant(options.clock().instant()), options, cancellation);
    try {
      Relation result = run(query, ctx);
      return finish(result, ctx, started);
    } catch (OutOfMemoryError e) {
      // The intermediate results are unreachable once we are here, so the heap recovers.
      throw ctx.memoryExceeded();
    } catch (StackOverflowError e) {
      throw new DiagnosticException(
          new org.huntboard.core.diagnostic.Diagnostic(
              org.huntboard.core.diagnostic.Diagnostic.Severity.ERROR,
              "KQL-TOO-COMPLEX",
              "the query is nested too deeply to evaluate",
              null,
              null));
    }
  }

  private Relation run(Query query, QueryContext ctx) {
    Evaluator ev = new Evaluator(ctx);
    Env env = new Env(null);
    Compiler scalar = new Compiler(ev, env, null);
    Relation last = null;
    for (Statement s : query.statements()) {
      if (s instanceof Statement.SetOptionStatement opt) {
        applyOption(opt, ev, env, ctx);
      }
    }
    for (Statement s : query.statements()) {
      if (s instanceof Statement.LetStatement let) {
        ev.bindLet(let, env, scalar);
      } else if (s instanceof Statement.ExpressionStatement es) {
        last = ev.evalTabular(es.expression(), env);
      }
    }
    if (last == null) {
      throw ctx.error("KQL-SYNTAX", "the query has no tabular expression to run", query.span());
    }
    return last;
  }

  private static void applyOption(
      Statement.SetOptionStatement opt, Evaluator ev, Env env, QueryContext ctx) {
    Object value =
        opt.value() == null
            ? Boolean.TRUE
            : new Compiler(ev, env, null).compile(opt.value()).eval(0);
    switch (opt.name()) {
      case "notruncation" -> ctx.noTruncation = !Boolean.FALSE.equals(value);
      case "truncationmaxrecords" -> {
        Long n = Values.toLong(value);
        if (n != null && n > 0) {
          ctx.maxResultRows = n;
        }
      }
      case "truncationmaxsize" -> {
        Long n = Values.toLong(value);
        if (n != null && n > 0) {
          ctx.maxResultBytes = n;
        }
      }
      case "query_now" -> {
        if (value instanceof Long t) {
          ctx.nowTicks = t;
        }
      }
      default -> {
        // Other request options (hints, result set names) do not change results here.
      }
    }
  }

  private static Table compact(Table t) {
    List<Column> cols = new ArrayList<>();
    boolean changed = false;
    for (Column c : t.columns()) {
      if (c instanceof StringColumn s) {
        StringColumn k = s.compact();
        changed |= k != s;
        cols.add(k);
      } else {
        cols.add(c);
      }
    }
    return changed ? new Table(t.columnNames(), cols, t.rowCount()) : t;
  }

  private static QueryResult finish(Relation result, QueryContext ctx, long started) {
    Table table = compact(result.toTable(ctx));
    boolean truncated = false;
    String reason = null;
    if (!ctx.noTruncation) {
      if (table.rowCount() > ctx.maxResultRows) {
        table = table.head((int) ctx.maxResultRows);
        truncated = true;
        reason =
            "Query result set has exceeded the internal record count limit "
                + ctx.maxResultRows
                + " (E_QUERY_RESULT_SET_TOO_LARGE)";
      }
      long bytes = table.estimatedBytes();
      if (bytes > ctx.maxResultBytes && table.rowCount() > 0) {
        double perRow = (double) bytes / table.rowCount();
        int keep = (int) Math.max(0, Math.floor(ctx.maxResultBytes / perRow));
        while (keep > 0 && table.head(keep).estimatedBytes() > ctx.maxResultBytes) {
          keep = (int) (keep * 0.9);
        }
        table = table.head(keep);
        truncated = true;
        reason =
            "Query result set has exceeded the internal data size limit "
                + ctx.maxResultBytes
                + " bytes (E_QUERY_RESULT_SET_TOO_LARGE)";
      }
    }
    return new QueryResult(
        table,
        truncated,
        reason,
        Math.max(0, ctx.rowsScanned),
        Duration.ofNanos(System.nanoTime() - started));
  }
}
