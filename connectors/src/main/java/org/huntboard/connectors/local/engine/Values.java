package org.huntboard.connectors.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.huntboard.connectors.table.BoolColumn;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.connectors.table.DynamicColumn;
import org.huntboard.connectors.table.GuidColumn;
import org.huntboard.connectors.table.IntColumn;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.RealColumn;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * The engine's representation of one value while it evaluates row by row, and the conversions
 * between types. Values are, by KQL type: String (string), Long (int, long, and the ticks of
 * datetime and timespan — the static type says which), Double (real, decimal), Boolean, JsonNode
 * (dynamic, never a JSON null), UUID (guid); null is a null of any type.
 */
final class Values {

  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Values() {}

  /** The engine value of an AST literal. */
  static Object fromLiteral(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Integer i) {
      return (long) i;
    }
    if (value instanceof Instant t) {
      return Ticks.fromInstant(t);
    }
    if (value instanceof Duration d) {
      return Ticks.fromDuration(d);
    }
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof JsonNode n) {
      return n.isNull() || n.isMissingNode() ? null : n;
    }
    return value;
  }

  /** The type used to evaluate values of {@code t}: DECIMAL is held as real. */
  static ScalarType normalize(ScalarType t) {
    return t == ScalarType.DECIMAL ? ScalarType.REAL : t;
  }

  /** Reads one cell as an engine value. */
  static Object read(Column c, int row) {
    if (c instanceof StringColumn s) {
      return s.get(row);
    }
    if (c.isNull(row)) {
      return null;
    }
    if (c instanceof LongColumn l) {
      return l.getLong(row);
    }
    if (c instanceof IntColumn i) {
      return (long) i.getInt(row);
    }
    if (c instanceof RealColumn r) {
      return r.getDouble(row);
    }
    if (c instanceof BoolColumn b) {
      return b.getBool(row);
    }
    if (c instanceof DynamicColumn d) {
      return d.get(row);
    }
    return ((GuidColumn) c).get(row);
  }

  /** Appends an engine value to a builder of the value's static type. */
  static void append(ColumnBuilder b, Object v) {
    if (v == null) {
      b.appendNull();
      return;
    }
    if (b instanceof ColumnBuilder.Strings s) {
      s.append(v instanceof String str ? str : toKqlString(v, ScalarType.DYNAMIC));
    } else if (b instanceof ColumnBuilder.Longs l) {
      Long n = toLong(v);
      if (n == null) {
        l.appendNull();
      } else {
        l.append(n);
      }
    } else if (b instanceof ColumnBuilder.Ints i) {
      Long n = toLong(v);
      if (n == null) {
        i.appendNull();
      } else {
        i.append((int) (long) n);
      }
    } else if (b instanceof ColumnBuilder.Reals r) {
      Double d = toDouble(v);
      if (d == null) {
        r.appendNull();
      } else {
        r.append(d);
      }
    } else if (b instanceof ColumnBuilder.Bools bo) {
      Boolean x = toBool(v);
      if (x == null) {
        bo.appendNull();
      } else {
        bo.append(x);
      }
    } else if (b instanceof ColumnBuilder.Dynamics d) {
      d.append(v instanceof JsonNode n ? n : toJson(v, guessType(v)));
    } else if (b instanceof ColumnBuilder.Guids g) {
      g.append(v instanceof UUID u ? u : toGuid(v));
    }
  }

  static ScalarType guessType(Object v) {
    if (v instanceof String) {
      return ScalarType.STRING;
    }
    if (v instanceof Long) {
      return ScalarType.LONG;
    }
    if (v instanceof Double) {
      return ScalarType.REAL;
    }
    if (v instanceof Boolean) {
      return ScalarType.BOOL;
    }
    if (v instanceof UUID) {
      return ScalarType.GUID;
    }
    return ScalarType.DYNAMIC;
  }

  /** A scalar JSON value as an engine value; arrays and objects stay JSON. */
  static Object unwrap(Object v) {
    if (!(v instanceof JsonNode n)) {
      return v;
    }
    if (n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n;
  }

  /** A value as JSON, as Kusto serializes it: datetimes, timespans and guids become strings. */
  static JsonNode toJson(Object v, ScalarType type) {
    if (v == null) {
      return NullNode.getInstance();
    }
    if (v instanceof JsonNode n) {
      return n;
    }
    if (v instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (v instanceof Long l) {
      if (type == ScalarType.DATETIME) {
        return TextNode.valueOf(Ticks.formatDatetime(l));
      }
      if (type == ScalarType.TIMESPAN) {
        return TextNode.valueOf(Ticks.formatTimespan(l));
      }
      return LongNode.valueOf(l);
    }
    if (v instanceof Double d) {
      return DoubleNode.valueOf(d);
    }
    if (v instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    return TextNode.valueOf(v.toString());
  }

  /** {@code tostring}: a value as text; null gives {@code ""}. */
  static String toKqlString(Object v, ScalarType type) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long l) {
      if (type == ScalarType.DATETIME) {
        return Ticks.formatDatetime(l);
      }
      if (type == ScalarType.TIMESPAN) {
        return Ticks.formatTimespan(l);
      }
      return Long.toString(l);
    }
    if (v instanceof Double d) {
      return RealColumn.formatReal(d);
    }
    if (v instanceof JsonNode n) {
      return n.isTextual() ? n.textValue() : n.toString();
    }
    return v.toString();
  }

  static Long toLong(Object v) {
    Object u = unwrap(v);
    if (u == null) {
      return null;
    }
    if (u instanceof Long l) {
      return l;
    }
    if (u instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? null : (long) (double) d;
    }
    if (u instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (u instanceof String s) {
      String t = s.strip();
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(t);
          return Double.isNaN(d) || Double.isInfinite(d) ? null : (long) d;
        } catch (NumberFormatException e2) {
          return null;
        }
      }
    }
    return null;
  }

  static Double toDouble(Object v) {
    Object u = unwrap(v);
    if (u == null) {
      return null;
    }
    if (u instanceof Double d) {
      return d;
    }
    if (u instanceof Long l) {
      return (double) l;
    }
    if (u instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (u instanceof String s) {
      String t = s.strip();
      switch (t) {
        case "NaN":
          return Double.NaN;
        case "Infinity", "+Infinity", "inf", "+inf":
          return Double.POSITIVE_INFINITY;
        case "-Infinity", "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Boolean toBool(Object v) {
    Object u = unwrap(v);
    if (u == null) {
      return null;
    }
    if (u instanceof Boolean b) {
      return b;
    }
    if (u instanceof Long l) {
      return l != 0;
    }
    if (u instanceof Double d) {
      return d != 0;
    }
    if (u instanceof String s) {
      String t = s.strip();
      if (t.equalsIgnoreCase("true") || t.equals("1")) {
        return true;
      }
      if (t.equalsIgnoreCase("false") || t.equals("0")) {
        return false;
      }
    }
    return null;
  }

  /** {@code todatetime}: datetimes pass through; strings parse; other values give null. */
  static Long toDatetime(Object v, ScalarType type) {
    Object u = unwrap(v);
    if (u == null) {
      return null;
    }
    if (u instanceof Long l && type == ScalarType.DATETIME) {
      return l;
    }
    if (u instanceof String s) {
      OptionalLong t = Ticks.parseDatetime(s);
      return t.isPresent() ? t.getAsLong() : null;
    }
    return null;
  }

  /** {@code totimespan}: timespans pass through; strings parse; a number counts ticks. */
  static Long toTimespan(Object v, ScalarType type) {
    Object u = unwrap(v);
    if (u == null) {
      return null;
    }
    if (u instanceof Long l) {
      return l;
    }
    if (u instanceof Double d) {
      return (long) (double) d;
    }
    if (u instanceof String s) {
      OptionalLong t = Ticks.parseTimespan(s);
      return t.isPresent() ? t.getAsLong() : null;
    }
    return null;
  }

  static UUID toGuid(Object v) {
    Object u = unwrap(v);
    if (u instanceof UUID g) {
      return g;
    }
    if (u instanceof String s) {
      try {
        return UUID.fromString(s.strip());
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code parse_json}: valid JSON gives its tree, anything else a JSON string of the text. */
  static JsonNode parseJson(Object v, ScalarType type) {
    if (v == null) {
      return null;
    }
    if (v instanceof JsonNode n) {
      return n;
    }
    if (!(v instanceof String s)) {
      return toJson(v, type);
    }
    try {
      JsonNode n = JSON.readTree(s);
      if (n == null || n.isMissingNode()) {
        return TextNode.valueOf(s);
      }
      return n.isNull() ? null : n;
    } catch (java.io.IOException e) {
      return TextNode.valueOf(s);
    }
  }

  /**
   * Orders two non-null values of comparable types, or returns {@code Integer.MIN_VALUE} when they
   * are not comparable (a string against a number, say).
   */
  static int compare(Object a, Object b) {
    Object x = unwrap(a);
    Object y = unwrap(b);
    if (x instanceof Long l && y instanceof Long m) {
      return Long.compare(l, m);
    }
    if (x instanceof Number n && y instanceof Number m) {
      return Double.compare(n.doubleValue(), m.doubleValue());
    }
    if (x instanceof String s && y instanceof String t) {
      return s.compareTo(t);
    }
    if (x instanceof Boolean p && y instanceof Boolean q) {
      return Boolean.compare(p, q);
    }
    if (x instanceof UUID p && y instanceof UUID q) {
      return p.toString().compareTo(q.toString());
    }
    if (x instanceof UUID p && y instanceof String t) {
      return p.toString().compareTo(t.toLowerCase(java.util.Locale.ROOT));
    }
    if (x instanceof String s && y instanceof UUID q) {
      return s.toLowerCase(java.util.Locale.ROOT).compareTo(q.toString());
    }
    if (x instanceof JsonNode p && y instanceof JsonNode q) {
      return p.equals(q) ? 0 : p.toString().compareTo(q.toString());
    }
    return Integer.MIN_VALUE;
  }

  /** Equality of two non-null values; numbers compare by value across int, long and real. */
  static boolean equal(Object a, Object b) {
    Object x = unwrap(a);
    Object y = unwrap(b);
    if (x instanceof Long l && y instanceof Long m) {
      return l.longValue() == m.longValue();
    }
    if (x instanceof Number n && y instanceof Number m) {
      return n.doubleValue() == m.doubleValue();
    }
    int c = compare(x, y);
    return c == 0;
  }

  /** A hash key for grouping and joins that agrees with {@link #equal} within one type. */
  static Object key(Object v) {
    Object u = unwrap(v);
    if (u instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
      return (long) (double) d;
    }
    return u;
  }

  static JsonNode emptyArray() {
    return NODES.arrayNode();
  }
}
