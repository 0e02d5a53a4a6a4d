package org.huntboard.connectors.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.ScalarType;

/** The built-in scalar functions: their argument checks, result types and row computations. */
final class Builtins {

  private Builtins() {}

  static boolean isDeterministic(String name) {
    return !name.equals("rand") && !name.equals("new_guid");
  }

  private static final ScalarType S = ScalarType.STRING;
  private static final ScalarType L = ScalarType.LONG;
  private static final ScalarType B = ScalarType.BOOL;
  private static final ScalarType D = ScalarType.DYNAMIC;
  private static final ScalarType DT = ScalarType.DATETIME;
  private static final ScalarType TS = ScalarType.TIMESPAN;

  static Expr compile(Compiler c, Expression.FunctionCall f, List<Expr> argList) {
    String name = f.name();
    Expr[] args = argList.toArray(new Expr[0]);
    int n = args.length;
    QueryContext ctx = c.ctx;
    switch (name) {
      case "now" -> {
        arity(c, f, n, 0, 1);
        long now = ctx.nowTicks;
        return n == 0
            ? new Expr.Const(DT, now)
            : call(name, DT, args, (a, p) -> add(now, a[0].eval(p)));
      }
      case "ago" -> {
        arity(c, f, n, 1, 1);
        long now = ctx.nowTicks;
        return call(
            name,
            DT,
            args,
            (a, p) -> {
              Object v = a[0].eval(p);
              return v instanceof Long t ? now - t : null;
            });
      }
      case "bin", "floor" -> {
        arity(c, f, n, 2, 2);
        ScalarType t = args[0].type == ScalarType.INT ? L : args[0].type;
        return call(name, t, args, binFunction(t));
      }
      case "tolower", "toupper" -> {
        arity(c, f, n, 1, 1);
        boolean lower = name.equals("tolower");
        ScalarType t = args[0].type;
        return call(
            name,
            S,
            args,
            (a, p) -> {
              String s = Values.toKqlString(a[0].eval(p), t);
              return lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT);
            });
      }
      case "strcat" -> {
        arity(c, f, n, 1, 64);
        return call(
            name,
            S,
            args,
            (a, p) -> {
              StringBuilder sb = new StringBuilder();
              for (Expr e : a) {
                sb.append(Values.toKqlString(e.eval(p), e.type));
              }
              return sb.toString();
            });
      }
      case "strcat_delim" -> {
        arity(c, f, n, 2, 64);
        return call(
            name,
            S,
            args,
            (a, p) -> {
              String delim = Values.toKqlString(a[0].eval(p), a[0].type);
              StringBuilder sb = new StringBuilder();
              for (int i = 1; i < a.length; i++) {
                if (i > 1) {
                  sb.append(delim);
                }
                sb.append(Values.toKqlString(a[i].eval(p), a[i].type));
              }
              return sb.toString();
            });
      }
      case "strlen" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            L,
            args,
            (a, p) -> {
              String s = Values.toKqlString(a[0].eval(p), a[0].type);
              return (long) s.codePointCount(0, s.length());
            });
      }
      case "substring" -> {
        arity(c, f, n, 2, 3);
        return call(
            name,
            S,
            args,
            (a, p) -> {
              String s = Values.toKqlString(a[0].eval(p), a[0].type);
              Long start = Values.toLong(a[1].eval(p));
              if (start == null) {
                return "";
              }
              long from = Math.max(0, Math.min(start, s.length()));
              long to = s.length();
              if (a.length == 3) {
                Long len = Values.toLong(a[2].eval(p));
                if (len == null || len < 0) {
                  return "";
                }
                to = Math.min(s.length(), from + len);
              }
              return s.substring((int) from, (int) to);
            });
      }
      case "split" -> {
        arity(c, f, n, 2, 3);
        return call(
            name,
            D,
            args,
            (a, p) -> {
              String s = Values.toKqlString(a[0].eval(p), a[0].type);
              String delim = Values.toKqlString(a[1].eval(p), a[1].type);
              ArrayNode out = Values.NODES.arrayNode();
              if (delim.isEmpty()) {
                out.add(s);
              } else {
                int from = 0;
                int i;
                while ((i = s.indexOf(delim, from)) >= 0) {
                  out.add(s.substring(from, i));
                  from = i + delim.length();
                }
                out.add(s.substring(from));
              }
              if (a.length == 3) {
                Long idx = Values.toLong(a[2].eval(p));
                ArrayNode one = Values.NODES.arrayNode();
                if (idx != null && idx >= 0 && idx < out.size()) {
                  one.add(out.get((int) (long) idx));
                }
                return one;
              }
              return out;
            });
      }
      case "trim", "trim_start", "trim_end" -> {
        arity(c, f, n, 2, 2);
        boolean start = !name.equals("trim_end");
        boolean end = !name.equals("trim_start");
        if (args[0].isConstant()) {
          String re = Values.toKqlString(args[0].eval(0), args[0].type);
          Pattern ps = c.compilePattern("^(?:" + re + ")+", f.span());
          Pattern pe = c.compilePattern("(?:" + re + ")+$", f.span());
          return call(
              name,
              S,
              args,
              (a, p) ->
                  trim(
                      Values.toKqlString(a[1].eval(p), a[1].type),
                      start ? ps : null,
                      end ? pe : null));
        }
        return call(
            name,
            S,
            args,
            (a, p) -> {
              String re = Values.toKqlString(a[0].eval(p), a[0].type);
              Pattern ps = c.compilePattern("^(?:" + re + ")+", f.span());
              Pattern pe = c.compilePattern("(?:" + re + ")+$", f.span());
              return trim(
                  Values.toKqlString(a[1].eval(p), a[1].type), start ? ps : null, end ? pe : null);
            });
      }
      case "extract" -> {
        arity(c, f, n, 3, 4);
        if (!args[0].isConstant()) {
          throw ctx.error(
              "KQL-ARGUMENTS", "extract() needs a constant regular expression", f.span());
        }
        Pattern pat = c.compilePattern(Values.toKqlString(args[0].eval(0), args[0].type), f.span());
        ScalarType t = S;
        if (n == 4) {
          t = typeArgument(c, f, f.arguments().get(3));
        }
        ScalarType rt = t;
        return call(
            name,
            rt,
            new Expr[] {args[1], args[2]},
            (a, p) -> {
              Long group = Values.toLong(a[0].eval(p));
              Matcher m = pat.matcher(Values.toKqlString(a[1].eval(p), a[1].type));
              if (group == null || group < 0 || group > m.groupCount() || !m.find()) {
                return rt == S ? "" : null;
              }
              String g = m.group((int) (long) group);
              if (g == null) {
                return rt == S ? "" : null;
              }
              return convert(g, S, rt);
            });
      }
      case "replace_string" -> {
        arity(c, f, n, 3, 3);
        return call(
            name,
            S,
            args,
            (a, p) -> {
              String s = Values.toKqlString(a[0].eval(p), a[0].type);
              String lookup = Values.toKqlString(a[1].eval(p), a[1].type);
              String rewrite = Values.toKqlString(a[2].eval(p), a[2].type);
              return lookup.isEmpty() ? s : s.replace(lookup, rewrite);
            });
      }
      case "replace_regex" -> {
        arity(c, f, n, 3, 3);
        if (!args[1].isConstant()) {
          throw ctx.error(
              "KQL-ARGUMENTS", "replace_regex() needs a constant regular expression", f.span());
        }
        Pattern pat = c.compilePattern(Values.toKqlString(args[1].eval(0), args[1].type), f.span());
        return call(
            name,
            S,
            new Expr[] {args[0], args[2]},
            (a, p) -> {
              String rewrite =
                  Values.toKqlString(a[1].eval(p), a[1].type).replaceAll("\\\\(\\d)", "\\$$1");
              return pat.matcher(Values.toKqlString(a[0].eval(p), a[0].type)).replaceAll(rewrite);
            });
      }
      case "tostring" -> {
        arity(c, f, n, 1, 1);
        ScalarType t = args[0].type;
        return call(name, S, args, (a, p) -> Values.toKqlString(a[0].eval(p), t));
      }
      case "toint",
          "tolong",
          "todouble",
          "toreal",
          "todatetime",
          "totimespan",
          "tobool",
          "toboolean",
          "toguid",
          "todecimal" -> {
        arity(c, f, n, 1, 1);
        ScalarType target =
            switch (name) {
              case "toint" -> ScalarType.INT;
              case "tolong" -> L;
              case "todouble", "toreal", "todecimal" -> ScalarType.REAL;
              case "todatetime" -> DT;
              case "totimespan" -> TS;
              case "toguid" -> ScalarType.GUID;
              default -> B;
            };
        ScalarType from = args[0].type;
        return call(name, target, args, (a, p) -> convert(a[0].eval(p), from, target));
      }
      case "parse_json", "todynamic", "parsejson", "toobject" -> {
        arity(c, f, n, 1, 1);
        ScalarType t = args[0].type;
        return call(name, D, args, (a, p) -> Values.parseJson(a[0].eval(p), t));
      }
      case "iff", "iif" -> {
        arity(c, f, n, 3, 3);
        ScalarType t = unify(args[1], args[2]);
        return call(
            name,
            t,
            args,
            (a, p) -> Boolean.TRUE.equals(a[0].eval(p)) ? a[1].eval(p) : a[2].eval(p));
      }
      case "case" -> {
        if (n < 3 || n % 2 == 0) {
          throw ctx.error(
              "KQL-ARGUMENTS",
              "case() takes pairs of predicate and value, then an else value",
              f.span());
        }
        ScalarType t = args[1].type;
        for (int i = 1; i < n; i += 2) {
          t = unify(t, args[i]);
        }
        t = unify(t, args[n - 1]);
        return call(
            name,
            t,
            args,
            (a, p) -> {
              for (int i = 0; i + 1 < a.length; i += 2) {
                if (Boolean.TRUE.equals(a[i].eval(p))) {
                  return a[i + 1].eval(p);
                }
              }
              return a[a.length - 1].eval(p);
            });
      }
      case "coalesce" -> {
        arity(c, f, n, 1, 64);
        ScalarType t = args[0].type;
        for (Expr e : args) {
          t = unify(t, e);
        }
        return call(
            name,
            t,
            args,
            (a, p) -> {
              Object last = null;
              for (Expr e : a) {
                Object v = e.eval(p);
                if (v != null && !(v instanceof String s && s.isEmpty())) {
                  return v;
                }
                last = v;
              }
              return last;
            });
      }
      case "isempty", "isnotempty", "isnull", "isnotnull" -> {
        arity(c, f, n, 1, 1);
        boolean empty = name.endsWith("empty");
        boolean positive = !name.startsWith("isnot");
        return call(
            name,
            B,
            args,
            (a, p) -> {
              Object v = a[0].eval(p);
              boolean r = v == null || (empty && v instanceof String s && s.isEmpty());
              return r == positive;
            });
      }
      case "not" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            B,
            args,
            (a, p) -> {
              Boolean v = Values.toBool(a[0].eval(p));
              return v == null ? null : !v;
            });
      }
      case "isnan" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            B,
            args,
            (a, p) -> {
              Double v = Values.toDouble(a[0].eval(p));
              return v == null ? null : v.isNaN();
            });
      }
      case "abs" -> {
        arity(c, f, n, 1, 1);
        ScalarType t = args[0].type == ScalarType.INT ? L : args[0].type;
        return call(
            name,
            t,
            args,
            (a, p) -> {
              Object v = Values.unwrap(a[0].eval(p));
              return v instanceof Long l
                  ? (Object) Math.abs(l)
                  : v instanceof Double d ? Math.abs(d) : null;
            });
      }
      case "round" -> {
        arity(c, f, n, 1, 2);
        return call(
            name,
            ScalarType.REAL,
            args,
            (a, p) -> {
              Double v = Values.toDouble(a[0].eval(p));
              Long digits = a.length > 1 ? Values.toLong(a[1].eval(p)) : Long.valueOf(0);
              if (v == null || digits == null) {
                return null;
              }
              double scale = Math.pow(10, digits);
              return Math.round(v * scale) / scale;
            });
      }
      case "array_length" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            L,
            args,
            (a, p) ->
                a[0].eval(p) instanceof JsonNode j && j.isArray()
                    ? (Object) (long) j.size()
                    : null);
      }
      case "pack_array" -> {
        return call(
            name,
            D,
            args,
            (a, p) -> {
              ArrayNode out = Values.NODES.arrayNode();
              for (Expr e : a) {
                out.add(Values.toJson(e.eval(p), e.type));
              }
              return out;
            });
      }
      case "pack", "bag_pack", "pack_dictionary" -> {
        if (n % 2 != 0) {
          throw ctx.error("KQL-ARGUMENTS", name + "() takes key/value pairs", f.span());
        }
        return call(
            name,
            D,
            args,
            (a, p) -> {
              var out = Values.NODES.objectNode();
              for (int i = 0; i + 1 < a.length; i += 2) {
                out.set(
                    Values.toKqlString(a[i].eval(p), a[i].type),
                    Values.toJson(a[i + 1].eval(p), a[i + 1].type));
              }
              return out;
            });
      }
      case "bag_keys" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            D,
            args,
            (a, p) -> {
              if (!(a[0].eval(p) instanceof JsonNode j) || !j.isObject()) {
                return null;
              }
              ArrayNode out = Values.NODES.arrayNode();
              for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
                out.add(it.next());
              }
              return out;
            });
      }
      case "set_has_element", "array_index_of" -> {
        arity(c, f, n, 2, 2);
        boolean index = name.equals("array_index_of");
        return call(
            name,
            index ? L : B,
            args,
            (a, p) -> {
              if (!(a[0].eval(p) instanceof JsonNode j) || !j.isArray()) {
                return null;
              }
              Object v = a[1].eval(p);
              for (int i = 0; i < j.size(); i++) {
                Object x = Values.unwrap(j.get(i));
                if (x != null && v != null && Values.equal(x, v)) {
                  return index ? (Object) (long) i : true;
                }
              }
              return index ? (Object) (-1L) : false;
            });
      }
      case "format_datetime" -> {
        arity(c, f, n, 2, 2);
        return call(
            name,
            S,
            args,
            (a, p) -> {
              Object v = a[0].eval(p);
              if (!(v instanceof Long t)) {
                return "";
              }
              return DateFormat.format(t, Values.toKqlString(a[1].eval(p), a[1].type));
            });
      }
      case "startofday", "endofday", "startofmonth", "startofweek", "startofyear" -> {
        arity(c, f, n, 1, 2);
        return call(
            name,
            DT,
            args,
            (a, p) -> {
              Object v = a[0].eval(p);
              if (!(v instanceof Long t)) {
                return null;
              }
              long offset =
                  a.length > 1 && Values.toLong(a[1].eval(p)) != null
                      ? Values.toLong(a[1].eval(p))
                      : 0;
              return startOf(name, t, offset);
            });
      }
      case "datetime_diff" -> {
        arity(c, f, n, 3, 3);
        return call(
            name,
            L,
            args,
            (a, p) -> {
              Object x = a[1].eval(p);
              Object y = a[2].eval(p);
              if (!(x instanceof Long t1) || !(y instanceof Long t2)) {
                return null;
              }
              return datetimeDiff(Values.toKqlString(a[0].eval(p), S), t1, t2);
            });
      }
      case "datetime_add" -> {
        arity(c, f, n, 3, 3);
        return call(
            name,
            DT,
            args,
            (a, p) -> {
              Long amount = Values.toLong(a[1].eval(p));
              Object v = a[2].eval(p);
              if (amount == null || !(v instanceof Long t)) {
                return null;
              }
              return datetimeAdd(Values.toKqlString(a[0].eval(p), S), amount, t);
            });
      }
      case "dayofweek" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            TS,
            args,
            (a, p) -> {
              Object v = a[0].eval(p);
              if (!(v instanceof Long t)) {
                return null;
              }
              long days = Math.floorDiv(t - Ticks.MIN_DATETIME, Ticks.PER_DAY);
              // 0001-01-01 was a Monday; Kusto counts from Sunday.
              return Math.floorMod(days + 1, 7) * Ticks.PER_DAY;
            });
      }
      case "ipv4_is_private" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            B,
            args,
            (a, p) -> {
              long[] ip = Ipv4.parse(Values.toKqlString(a[0].eval(p), a[0].type));
              return ip == null ? null : Ipv4.isPrivate(ip[0]);
            });
      }
      case "ipv4_is_in_range" -> {
        arity(c, f, n, 2, 2);
        return call(
            name,
            B,
            args,
            (a, p) -> {
              long[] ip = Ipv4.parse(Values.toKqlString(a[0].eval(p), a[0].type));
              long[] range = Ipv4.parse(Values.toKqlString(a[1].eval(p), a[1].type));
              if (ip == null || range == null) {
                return null;
              }
              return Ipv4.inRange(ip[0], range[0], (int) range[1]);
            });
      }
      case "isascii" -> {
        arity(c, f, n, 1, 1);
        return call(
            name,
            B,
            args,
            (a, p) -> Values.toKqlString(a[0].eval(p), a[0].type).chars().allMatch(ch -> ch < 128));
      }
      case "countof" -> {
        arity(c, f, n, 2, 2);
        return call(
            name,
            L,
            args,
            (a, p) -> {
              String s = Values.toKqlString(a[0].eval(p), a[0].type);
              String sub = Values.toKqlString(a[1].eval(p), a[1].type);
              if (sub.isEmpty()) {
                return 0L;
              }
              long count = 0;
              for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                count++;
              }
              return count;
            });
      }
      case "typeof", "gettype" -> {
        arity(c, f, n, 1, 1);
        String t = args[0].type.kqlName();
        return new Expr.Const(S, t);
      }
      default ->
          throw ctx.error("KQL-UNKNOWN-FUNCTION", "unknown function '" + name + "'", f.span());
    }
  }

  private static Expr call(String name, ScalarType type, Expr[] args, Expr.RowFunction fn) {
    return new Expr.Call(name, type, args, fn);
  }

  private static void arity(Compiler c, Expression.FunctionCall f, int n, int min, int max) {
    if (n < min || n > max) {
      String want = min == max ? String.valueOf(min) : min + " to " + max;
      throw c.ctx.error(
          "KQL-ARGUMENTS",
          f.name() + "() takes " + want + " argument" + (max == 1 ? "" : "s") + ", not " + n,
          f.span());
    }
  }

  private static ScalarType typeArgument(Compiler c, Expression.FunctionCall f, Expression e) {
    if (e instanceof Expression.FunctionCall t
        && t.name().equals("typeof")
        && t.arguments().size() == 1
        && t.arguments().get(0) instanceof Expression.NameReference n) {
      return ScalarType.fromKqlName(n.name())
          .map(Values::normalize)
          .orElseThrow(() -> c.ctx.error("KQL-TYPE", "unknown type " + n.name(), e.span()));
    }
    throw c.ctx.error("KQL-ARGUMENTS", f.name() + "() expects typeof(type)", e.span());
  }

  static ScalarType unify(Expr a, Expr b) {
    return unify(a.type, b);
  }

  static ScalarType unify(ScalarType t, Expr b) {
    if (b instanceof Expr.Const k && k.value == null && b.type != ScalarType.DYNAMIC) {
      return t;
    }
    if (t == b.type) {
      return t;
    }
    boolean tn = t == ScalarType.INT || t == ScalarType.LONG || t == ScalarType.REAL;
    boolean bn = b.type == ScalarType.INT || b.type == ScalarType.LONG || b.type == ScalarType.REAL;
    if (tn && bn) {
      return t == ScalarType.REAL || b.type == ScalarType.REAL ? ScalarType.REAL : ScalarType.LONG;
    }
    return t;
  }

  /** Converts between types as the {@code to*()} functions do; failure gives null. */
  static Object convert(Object v, ScalarType from, ScalarType to) {
    return switch (to) {
      case STRING -> Values.toKqlString(v, from);
      case INT -> {
        Long l = Values.toLong(from == DT || from == TS ? null : v);
        yield l == null ? null : (long) (int) (long) l;
      }
      case LONG -> from == DT || from == TS ? v : Values.toLong(v);
      case REAL, DECIMAL -> from == DT || from == TS ? null : Values.toDouble(v);
      case DATETIME -> Values.toDatetime(v, from);
      case TIMESPAN -> Values.toTimespan(v, from);
      case BOOL -> Values.toBool(v);
      case GUID -> Values.toGuid(v);
      case DYNAMIC -> Values.toJson(v, from);
    };
  }

  private static Object add(long now, Object offset) {
    return offset instanceof Long t ? now + t : null;
  }

  private static Expr.RowFunction binFunction(ScalarType t) {
    return (a, p) -> {
      Object v = Values.unwrap(a[0].eval(p));
      Object s = Values.unwrap(a[1].eval(p));
      if (v == null || s == null) {
        return null;
      }
      if (v instanceof Long x && t != ScalarType.REAL) {
        long size = s instanceof Long l ? l : (long) Math.floor(((Number) s).doubleValue());
        if (size <= 0) {
          return null;
        }
        return bin(x, size, t == DT);
      }
      double x = ((Number) v).doubleValue();
      double size = ((Number) s).doubleValue();
      if (size <= 0) {
        return null;
      }
      return Math.floor(x / size) * size;
    };
  }

  /** Rounds down to a multiple of {@code size}; datetimes count from 0001-01-01 as Kusto does. */
  static long bin(long v, long size, boolean datetime) {
    if (datetime) {
      return Math.floorDiv(v - Ticks.MIN_DATETIME, size) * size + Ticks.MIN_DATETIME;
    }
    return Math.floorDiv(v, size) * size;
  }

  private static String trim(String s, Pattern start, Pattern end) {
    String r = s;
    if (start != null) {
      Matcher m = start.matcher(r);
      if (m.find()) {
        r = r.substring(m.end());
      }
    }
    if (end != null) {
      Matcher m = end.matcher(r);
      if (m.find()) {
        r = r.substring(0, m.start());
      }
    }
    return r;
  }

  private static LocalDateTime utc(long ticks) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(ticks, Ticks.PER_SECOND),
        (int) (Math.floorMod(ticks, Ticks.PER_SECOND) * 100),
        ZoneOffset.UTC);
  }

  private static long ticks(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * Ticks.PER_SECOND + t.getNano() / 100;
  }

  static Object startOf(String name, long t, long offset) {
    LocalDateTime d = utc(t).toLocalDate().atStartOfDay();
    LocalDateTime r =
        switch (name) {
          case "startofday" -> d.plusDays(offset);
          case "endofday" -> d.plusDays(offset + 1);
          case "startofmonth" -> d.withDayOfMonth(1).plusMonths(offset);
          case "startofyear" -> d.withDayOfYear(1).plusYears(offset);
          default -> d.minusDays(d.getDayOfWeek().getValue() % 7).plusWeeks(offset);
        };
    long ticks = ticks(r);
    return name.equals("endofday") ? ticks - 1 : ticks;
  }

  /** Calendar boundaries crossed from {@code t2} to {@code t1}, as Kusto's datetime_diff. */
  static Object datetimeDiff(String period, long t1, long t2) {
    LocalDateTime a = utc(t1);
    LocalDateTime b = utc(t2);
    return switch (period.toLowerCase(Locale.ROOT)) {
      case "year" -> (long) a.getYear() - b.getYear();
      case "quarter" ->
          (a.getYear() * 4L + (a.getMonthValue() - 1) / 3)
              - (b.getYear() * 4L + (b.getMonthValue() - 1) / 3);
      case "month" ->
          (a.getYear() * 12L + a.getMonthValue()) - (b.getYear() * 12L + b.getMonthValue());
      case "week" -> Math.floorDiv(weekStart(t1) - weekStart(t2), 7 * Ticks.PER_DAY);
      case "day" ->
          Math.floorDiv(t1 - Ticks.MIN_DATETIME, Ticks.PER_DAY)
              - Math.floorDiv(t2 - Ticks.MIN_DATETIME, Ticks.PER_DAY);
      case "hour" -> Math.floorDiv(t1, Ticks.PER_HOUR) - Math.floorDiv(t2, Ticks.PER_HOUR);
      case "minute" -> Math.floorDiv(t1, Ticks.PER_MINUTE) - Math.floorDiv(t2, Ticks.PER_MINUTE);
      case "second" -> Math.floorDiv(t1, Ticks.PER_SECOND) - Math.floorDiv(t2, Ticks.PER_SECOND);
      case "millisecond" ->
          Math.floorDiv(t1, Ticks.PER_MILLISECOND) - Math.floorDiv(t2, Ticks.PER_MILLISECOND);
      case "microsecond" ->
          Math.floorDiv(t1, Ticks.PER_MICROSECOND) - Math.floorDiv(t2, Ticks.PER_MICROSECOND);
      case "nanosecond" -> (t1 - t2) * 100;
      default -> null;
    };
  }

  private static long weekStart(long t) {
    LocalDateTime d = utc(t).toLocalDate().atStartOfDay();
    int back = d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue();
    return ticks(d.minusDays(back));
  }

  static Object datetimeAdd(String period, long amount, long t) {
    LocalDateTime d = utc(t);
    return switch (period.toLowerCase(Locale.ROOT)) {
      case "year" -> ticks(d.plusYears(amount));
      case "quarter" -> ticks(d.plusMonths(3 * amount));
      case "month" -> ticks(d.plusMonths(amount));
      case "week" -> t + amount * 7 * Ticks.PER_DAY;
      case "day" -> t + amount * Ticks.PER_DAY;
      case "hour" -> t + amount * Ticks.PER_HOUR;
      case "minute" -> t + amount * Ticks.PER_MINUTE;
      case "second" -> t + amount * Ticks.PER_SECOND;
      case "millisecond" -> t + amount * Ticks.PER_MILLISECOND;
      case "microsecond" -> t + amount * Ticks.PER_MICROSECOND;
      case "nanosecond" -> t + amount / 100;
      default -> null;
    };
  }

  static TextNode text(String s) {
    return TextNode.valueOf(s);
  }
}
