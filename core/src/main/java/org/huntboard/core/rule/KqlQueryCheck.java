package org.huntboard.core.rule;

import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * Checks a rule's query with Huntboard's KQL parser and binder: it must parse, and bind against the
 * tables the rule declares (and only those), as they are in one schema catalog.
 */
public final class KqlQueryCheck implements QueryCheck {

  private final SchemaCatalog catalog;

  public KqlQueryCheck(SchemaCatalog catalog) {
    this.catalog = catalog;
  }

  /** Checks against the built-in schemas of a dialect (Defender or Sentinel). */
  public static KqlQueryCheck builtIn(Dialect dialect) {
    return new KqlQueryCheck(SchemaCatalog.builtIn(dialect));
  }

  @Override
  public boolean knowsTable(String table) {
    return catalog.table(table).isPresent();
  }

  @Override
  public List<Diagnostic> check(SourceText query, List<String> tables) {
    Query parsed;
    try {
      parsed = KqlParser.parse(query);
    } catch (DiagnosticException e) {
      return e.diagnostics();
    }
    List<TableSchema> declared = new ArrayList<>();
    for (String table : tables) {
      catalog.table(table).ifPresent(declared::add);
    }
    return Binder.bind(parsed, SchemaCatalog.of(declared), query).diagnostics().stream()
        .filter(Diagnostic::isError)
        .toList();
  }
}
