package org.huntboard.connectors.local.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * The names a query has bound with {@code let}, {@code as} or function parameters; nested scopes.
 */
final class Env {

  /** What a name stands for. */
  sealed interface Binding permits Scalar, Tabular, Function, Inline {}

  /** A scalar value, computed once (its {@code now()} is the query's). */
  record Scalar(Object value, ScalarType type) implements Binding {}

  /** A tabular value, computed on first use and kept for the rest of the query. */
  static final class Tabular implements Binding {
    private final Supplier<Relation> supplier;
    private Relation value;

    Tabular(Supplier<Relation> supplier) {
      this.supplier = supplier;
    }

    static Tabular of(Relation r) {
      Tabular t = new Tabular(() -> r);
      t.value = r;
      return t;
    }

    Relation get() {
      if (value == null) {
        value = supplier.get();
      }
      return value;
    }
  }

  /** A let-bound function or view with the scope it was defined in. */
  record Function(Expression.FunctionDefinition definition, Env closure) implements Binding {}

  /**
   * A compiled expression standing for a scalar parameter inside a function body, so that {@code
   * f(Column)} evaluates per row.
   */
  record Inline(Expr expr) implements Binding {}

  private final Env parent;
  private final Map<String, Binding> names = new HashMap<>();

  Env(Env parent) {
    this.parent = parent;
  }

  void bind(String name, Binding b) {
    names.put(name, b);
  }

  Binding lookup(String name) {
    for (Env e = this; e != null; e = e.parent) {
      Binding b = e.names.get(name);
      if (b != null) {
        return b;
      }
    }
    return null;
  }
}
