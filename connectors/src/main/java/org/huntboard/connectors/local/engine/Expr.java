package org.huntboard.connectors.local.engine;

import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * A compiled scalar expression bound to the columns of one relation, with its static type. {@link
 * #eval(int)} computes the value at a position of the relation (see {@link Values} for the
 * representation).
 */
abstract class Expr {

  final ScalarType type;

  Expr(ScalarType type) {
    this.type = Values.normalize(type);
  }

  abstract Object eval(int pos);

  boolean isConstant() {
    return false;
  }

  /** A constant value. */
  static final class Const extends Expr {
    final Object value;

    Const(ScalarType type, Object value) {
      super(type);
      this.value = value;
    }

    @Override
    Object eval(int pos) {
      return value;
    }

    @Override
    boolean isConstant() {
      return true;
    }
  }

  /** A column of the relation. */
  static final class ColumnRef extends Expr {
    final String name;
    final int index;
    final Column column;
    final int[] selection;

    ColumnRef(String name, int index, Column column, int[] selection) {
      super(column.type());
      this.name = name;
      this.index = index;
      this.column = column;
      this.selection = selection;
    }

    int row(int pos) {
      return selection == null ? pos : selection[pos];
    }

    @Override
    Object eval(int pos) {
      int r = selection == null ? pos : selection[pos];
      if (r < 0) {
        return column instanceof StringColumn ? "" : null;
      }
      return Values.read(column, r);
    }
  }

  /** A computation over argument expressions. */
  interface RowFunction {
    Object apply(Expr[] args, int pos);
  }

  /** A call of a built-in function or operator. */
  static final class Call extends Expr {
    final String name;
    final Expr[] args;
    final RowFunction fn;

    Call(String name, ScalarType type, Expr[] args, RowFunction fn) {
      super(type);
      this.name = name;
      this.args = args;
      this.fn = fn;
    }

    @Override
    Object eval(int pos) {
      return fn.apply(args, pos);
    }
  }

  /** Evaluates {@code e} at every position of a relation of {@code count} rows into a column. */
  static Column materialize(Expr e, int count, QueryContext ctx) {
    if (e instanceof ColumnRef c && c.selection == null && c.column.size() == count) {
      return c.column;
    }
    if (e instanceof ColumnRef c) {
      int[] rows = c.selection;
      if (rows == null) {
        return c.column.slice(0, count);
      }
      ctx.reserve(8L * count);
      return c.column.gather(rows, count);
    }
    ctx.reserve(8L * count);
    ColumnBuilder b = ColumnBuilder.forType(e.type, count);
    for (int i = 0; i < count; i++) {
      if ((i & 0xFFF) == 0) {
        ctx.check();
      }
      Values.append(b, e.eval(i));
    }
    return b.build();
  }
}
