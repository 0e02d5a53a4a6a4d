package org.huntboard.core.kql.analyze;

import static org.huntboard.core.kql.syntax.ScalarType.BOOL;
import static org.huntboard.core.kql.syntax.ScalarType.DATETIME;
import static org.huntboard.core.kql.syntax.ScalarType.DECIMAL;
import static org.huntboard.core.kql.syntax.ScalarType.DYNAMIC;
import static org.huntboard.core.kql.syntax.ScalarType.GUID;
import static org.huntboard.core.kql.syntax.ScalarType.INT;
import static org.huntboard.core.kql.syntax.ScalarType.LONG;
import static org.huntboard.core.kql.syntax.ScalarType.REAL;
import static org.huntboard.core.kql.syntax.ScalarType.STRING;
import static org.huntboard.core.kql.syntax.ScalarType.TIMESPAN;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * The built-in scalar and aggregate functions the binder knows: arity, result type, and for
 * aggregates the output column naming of Kusto's {@code summarize} ({@code count_}, {@code
 * dcount_X}, {@code set_X}...). Types and names follow the Kusto function reference pages.
 */
final class BuiltInFunctions {

  /** Computes a call's result type from its argument types (an unknown argument is null). */
  @FunctionalInterface
  interface ResultType {
    ScalarType of(List<ScalarType> arguments);
  }

  /** How {@code summarize} names an unnamed aggregate column. */
  enum Naming {
    /** {@code prefix_}: {@code count_}, {@code countif_}. */
    PREFIX_ONLY,
    /** {@code prefix_X} where X is the first argument's name: {@code dcount_X}, {@code set_X}. */
    PREFIX_AND_FIRST_ARGUMENT,
    /** The first argument's own name: {@code take_any(X)} gives {@code X}. */
    FIRST_ARGUMENT,
    /** {@code percentile_X_95}: prefix, argument name and each percentile. */
    PERCENTILES,
    /** One column per argument, each named like the argument ({@code arg_max}). */
    EXPANDS
  }

  /** A function the binder knows. {@code maxArguments} of -1 means no limit. */
  record Function(
      String name,
      int minArguments,
      int maxArguments,
      boolean aggregate,
      ResultType result,
      Naming naming,
      String prefix) {

    boolean acceptsArgumentCount(int count) {
      return count >= minArguments && (maxArguments < 0 || count <= maxArguments);
    }
  }

  private static final Map<String, Function> FUNCTIONS = new LinkedHashMap<>();

  /**
   * Scalar functions whose unnamed result keeps the first argument's name: {@code bin(Timestamp,
   * 1h)} is {@code Timestamp}, {@code tostring(D.host)} is {@code D_host} (as Microsoft's binder
   * names them; every other scalar function gives {@code ColumnN}).
   */
  static final Set<String> KEEPS_FIRST_ARGUMENT_NAME =
      Set.of(
          "bin",
          "floor",
          "bin_at",
          "format_datetime",
          "format_timespan",
          "split",
          "tohex",
          "parse_csv",
          "tostring",
          "toint",
          "tolong",
          "todouble",
          "toreal",
          "todecimal",
          "tobool",
          "toboolean",
          "toguid",
          "todatetime",
          "totimespan",
          "abs",
          "round",
          "ceiling",
          "pow",
          "binary_not",
          "binary_shift_left",
          "binary_shift_right",
          "binary_and",
          "binary_or",
          "binary_xor",
          "startofday",
          "parse_json",
          "todynamic",
          "parsejson",
          "toobject",
          "sqrt",
          "log",
          "log10",
          "log2",
          "exp",
          "exp2",
          "exp10");

  /** Scalar functions whose unnamed result is {@code prefix_Argument}: {@code strlen_S}. */
  static final Map<String, String> NAME_PREFIX =
      Map.of("strlen", "strlen", "string_size", "string_size", "gettype", "type");

  /** What an argument must be; a null (unknown) argument always passes. */
  enum Parameter {
    ANY,
    /** string, or dynamic holding one. */
    STRING,
    /** bool only (Kusto rejects dynamic here too). */
    BOOL,
    DATETIME,
    TIMESPAN,
    /** dynamic only: arrays and property bags. */
    DYNAMIC,
    /** anything but dynamic: what min, max and arg_max compare. */
    ORDERABLE,
    /** int, long, real or decimal (or dynamic). */
    NUMERIC,
    /** what bin() rounds: a number, datetime or timespan. */
    BINNABLE;

    boolean accepts(ScalarType t) {
      if (t == null) {
        return true;
      }
      return switch (this) {
        case ANY -> true;
        case STRING -> t == ScalarType.STRING || t == ScalarType.DYNAMIC;
        case BOOL -> t == ScalarType.BOOL;
        case DATETIME -> t == ScalarType.DATETIME || t == ScalarType.DYNAMIC;
        case TIMESPAN -> t == ScalarType.TIMESPAN || t == ScalarType.DYNAMIC;
        case DYNAMIC -> t == ScalarType.DYNAMIC;
        case ORDERABLE -> t != ScalarType.DYNAMIC;
        case NUMERIC -> t.isNumeric() || t == ScalarType.DYNAMIC;
        case BINNABLE ->
            t.isNumeric()
                || t == ScalarType.DATETIME
                || t == ScalarType.TIMESPAN
                || t == ScalarType.DYNAMIC;
      };
    }

    String describe() {
      return switch (this) {
        case ANY -> "any value";
        case STRING -> "a string";
        case BOOL -> "a bool";
        case DATETIME -> "a datetime";
        case TIMESPAN -> "a timespan";
        case DYNAMIC -> "a dynamic array or bag";
        case ORDERABLE -> "a number, string, datetime, timespan or bool";
        case NUMERIC -> "a number";
        case BINNABLE -> "a number, datetime or timespan";
      };
    }
  }

  /**
   * Argument requirements that Microsoft's binder enforces, by position; functions not listed (and
   * positions past the list) take anything.
   */
  static final Map<String, List<Parameter>> PARAMETERS = new LinkedHashMap<>();

  private static ResultType fixed(ScalarType t) {
    return args -> t;
  }

  private static ResultType argument(int index) {
    return args -> index < args.size() ? args.get(index) : null;
  }

  /** The common type of the arguments from {@code from} on, every {@code step}-th. */
  private static ResultType common(int from, int step) {
    return args -> {
      ScalarType result = null;
      for (int i = from; i < args.size(); i += step) {
        result = Types.common(result, args.get(i));
      }
      return result;
    };
  }

  private static final ResultType SUM =
      args -> {
        ScalarType t = args.isEmpty() ? null : args.get(0);
        if (t == null) {
          return null;
        }
        return switch (t) {
          case INT, LONG, BOOL -> LONG;
          case REAL, TIMESPAN, DECIMAL -> t;
          default -> LONG;
        };
      };

  /** {@code bin} of an int is a long (Microsoft's binder); other types stay. */
  private static final ResultType BIN =
      args -> args.isEmpty() || args.get(0) != INT ? argument(0).of(args) : LONG;

  private static final ResultType AVERAGE =
      args -> {
        ScalarType t = args.isEmpty() ? null : args.get(0);
        return t == DATETIME || t == TIMESPAN || t == DECIMAL ? t : REAL;
      };

  private static void scalar(String name, int min, int max, ResultType result) {
    FUNCTIONS.put(name, new Function(name, min, max, false, result, null, null));
  }

  private static void aggregate(
      String name, int min, int max, ResultType result, Naming naming, String prefix) {
    FUNCTIONS.put(name, new Function(name, min, max, true, result, naming, prefix));
  }

  static {
    // time
    scalar("now", 0, 1, fixed(DATETIME));
    scalar("ago", 1, 1, fixed(DATETIME));
    scalar("ingestion_time", 0, 0, fixed(DATETIME));
    scalar("bin", 2, 2, BIN);
    scalar("floor", 2, 2, BIN);
    scalar("bin_at", 3, 3, BIN);
    for (String f :
        List.of(
            "startofday",
            "startofweek",
            "startofmonth",
            "startofyear",
            "endofday",
            "endofweek",
            "endofmonth",
            "endofyear")) {
      scalar(f, 1, 2, fixed(DATETIME));
    }
    scalar("datetime_diff", 3, 3, fixed(LONG));
    scalar("datetime_add", 3, 3, fixed(DATETIME));
    scalar("datetime_part", 2, 2, fixed(INT));
    scalar("datetime_utc_to_local", 2, 2, fixed(DATETIME));
    scalar("datetime_local_to_utc", 2, 2, fixed(DATETIME));
    scalar("format_datetime", 2, 2, fixed(STRING));
    scalar("format_timespan", 2, 2, fixed(STRING));
    scalar("make_datetime", 3, 7, fixed(DATETIME));
    scalar("make_timespan", 2, 4, fixed(TIMESPAN));
    scalar("dayofweek", 1, 1, fixed(TIMESPAN));
    for (String f :
        List.of(
            "dayofmonth",
            "dayofyear",
            "hourofday",
            "getmonth",
            "getyear",
            "monthofyear",
            "week_of_year")) {
      scalar(f, 1, 1, fixed(INT));
    }
    scalar("unixtime_seconds_todatetime", 1, 1, fixed(DATETIME));
    scalar("unixtime_milliseconds_todatetime", 1, 1, fixed(DATETIME));
    scalar("unixtime_microseconds_todatetime", 1, 1, fixed(DATETIME));
    scalar("unixtime_nanoseconds_todatetime", 1, 1, fixed(DATETIME));
    // strings
    scalar("tolower", 1, 1, fixed(STRING));
    scalar("toupper", 1, 1, fixed(STRING));
    scalar("strcat", 1, 64, fixed(STRING));
    scalar("strcat_delim", 3, 65, fixed(STRING));
    scalar("strlen", 1, 1, fixed(LONG));
    scalar("string_size", 1, 1, fixed(LONG));
    scalar("substring", 2, 3, fixed(STRING));
    scalar("split", 2, 3, fixed(DYNAMIC));
    scalar("trim", 2, 2, fixed(STRING));
    scalar("trim_start", 2, 2, fixed(STRING));
    scalar("trim_end", 2, 2, fixed(STRING));
    scalar("extract", 3, 4, fixed(STRING));
    scalar("extract_all", 2, 3, fixed(DYNAMIC));
    scalar("extract_json", 2, 3, fixed(STRING));
    scalar("replace_string", 3, 3, fixed(STRING));
    scalar("replace_regex", 3, 3, fixed(STRING));
    scalar("replace", 3, 3, fixed(STRING));
    scalar("translate", 3, 3, fixed(STRING));
    scalar("reverse", 1, 1, fixed(STRING));
    scalar("strrep", 2, 3, fixed(STRING));
    scalar("indexof", 2, 5, fixed(LONG));
    scalar("indexof_regex", 2, 4, fixed(LONG));
    scalar("countof", 2, 3, fixed(LONG));
    scalar("url_encode", 1, 1, fixed(STRING));
    scalar("url_decode", 1, 1, fixed(STRING));
    scalar("base64_encode_tostring", 1, 1, fixed(STRING));
    scalar("base64_decode_tostring", 1, 1, fixed(STRING));
    scalar("hash", 1, 2, fixed(LONG));
    scalar("hash_sha256", 1, 1, fixed(STRING));
    scalar("hash_sha1", 1, 1, fixed(STRING));
    scalar("hash_md5", 1, 1, fixed(STRING));
    scalar("tohex", 1, 2, fixed(STRING));
    scalar("isascii", 1, 1, fixed(BOOL));
    scalar("isutf8", 1, 1, fixed(BOOL));
    scalar("parse_url", 1, 1, fixed(DYNAMIC));
    scalar("parse_path", 1, 1, fixed(DYNAMIC));
    scalar("parse_command_line", 2, 2, fixed(DYNAMIC));
    scalar("parse_csv", 1, 1, fixed(DYNAMIC));
    scalar("parse_user_agent", 2, 2, fixed(DYNAMIC));
    // conversions
    scalar("tostring", 1, 1, fixed(STRING));
    scalar("toint", 1, 1, fixed(INT));
    scalar("tolong", 1, 1, fixed(LONG));
    scalar("todouble", 1, 1, fixed(REAL));
    scalar("toreal", 1, 1, fixed(REAL));
    scalar("todecimal", 1, 1, fixed(DECIMAL));
    scalar("tobool", 1, 1, fixed(BOOL));
    scalar("toboolean", 1, 1, fixed(BOOL));
    scalar("toguid", 1, 1, fixed(GUID));
    scalar("todatetime", 1, 1, fixed(DATETIME));
    scalar("totimespan", 1, 1, fixed(TIMESPAN));
    for (String f : List.of("parse_json", "todynamic", "parsejson", "toobject")) {
      scalar(f, 1, 1, fixed(DYNAMIC));
    }
    scalar("gettype", 1, 1, fixed(STRING));
    // logic and nulls
    scalar("iff", 3, 3, common(1, 1));
    scalar("iif", 3, 3, common(1, 1));
    scalar("case", 3, -1, args -> common(1, 2).of(args));
    scalar("coalesce", 2, 64, common(0, 1));
    scalar("max_of", 2, 64, common(0, 1));
    scalar("min_of", 2, 64, common(0, 1));
    for (String f :
        List.of("isempty", "isnotempty", "isnull", "isnotnull", "not", "isnan", "isinf")) {
      scalar(f, 1, 1, fixed(BOOL));
    }
    scalar("isfinite", 1, 1, fixed(BOOL));
    // math
    scalar("abs", 1, 1, argument(0));
    scalar("sign", 1, 1, fixed(REAL));
    scalar("round", 1, 2, argument(0));
    scalar("ceiling", 1, 1, argument(0));
    for (String f : List.of("sqrt", "log", "log10", "log2", "exp", "exp2", "exp10")) {
      scalar(f, 1, 1, fixed(REAL));
    }
    scalar("pow", 2, 2, fixed(REAL));
    scalar("rand", 0, 1, fixed(REAL));
    for (String f : List.of("binary_and", "binary_or", "binary_xor")) {
      scalar(f, 2, 2, fixed(LONG));
    }
    scalar("binary_not", 1, 1, fixed(LONG));
    scalar("binary_shift_left", 2, 2, fixed(LONG));
    scalar("binary_shift_right", 2, 2, fixed(LONG));
    // dynamic
    scalar("array_length", 1, 1, fixed(LONG));
    scalar("pack_array", 1, -1, fixed(DYNAMIC));
    scalar("bag_keys", 1, 1, fixed(DYNAMIC));
    scalar("bag_pack", 2, -1, fixed(DYNAMIC));
    scalar("pack", 2, -1, fixed(DYNAMIC));
    scalar("pack_all", 0, 1, fixed(DYNAMIC));
    scalar("bag_merge", 2, 64, fixed(DYNAMIC));
    scalar("bag_remove_keys", 2, 2, fixed(DYNAMIC));
    scalar("array_concat", 1, -1, fixed(DYNAMIC));
    scalar("array_slice", 3, 3, fixed(DYNAMIC));
    scalar("array_index_of", 2, 4, fixed(LONG));
    scalar("array_sort_asc", 1, -1, fixed(DYNAMIC));
    scalar("array_sort_desc", 1, -1, fixed(DYNAMIC));
    scalar("set_union", 2, -1, fixed(DYNAMIC));
    scalar("set_intersect", 2, -1, fixed(DYNAMIC));
    scalar("set_difference", 2, -1, fixed(DYNAMIC));
    scalar("set_has_element", 2, 2, fixed(BOOL));
    scalar("zip", 2, -1, fixed(DYNAMIC));
    // network
    scalar("ipv4_is_private", 1, 1, fixed(BOOL));
    scalar("ipv4_is_in_range", 2, 2, fixed(BOOL));
    scalar("ipv4_is_in_any_range", 2, -1, fixed(BOOL));
    scalar("ipv4_is_match", 2, 3, fixed(BOOL));
    scalar("ipv4_compare", 2, 3, fixed(LONG));
    scalar("parse_ipv4", 1, 1, fixed(LONG));
    scalar("parse_ipv4_mask", 2, 2, fixed(LONG));
    scalar("ipv6_is_match", 2, 3, fixed(BOOL));
    scalar("ipv6_compare", 2, 3, fixed(LONG));
    scalar("geo_info_from_ip_address", 1, 1, fixed(DYNAMIC));

    // aggregates (summarize)
    aggregate("count", 0, 1, fixed(LONG), Naming.PREFIX_ONLY, "count");
    // countif(IsAdmin) is countif_IsAdmin, countif(A > 1) is countif_ (Microsoft's binder).
    aggregate("countif", 1, 1, fixed(LONG), Naming.PREFIX_AND_FIRST_ARGUMENT, "countif");
    aggregate("dcount", 1, 2, fixed(LONG), Naming.PREFIX_AND_FIRST_ARGUMENT, "dcount");
    aggregate("dcountif", 2, 3, fixed(LONG), Naming.PREFIX_AND_FIRST_ARGUMENT, "dcountif");
    aggregate(
        "count_distinct", 1, 1, fixed(LONG), Naming.PREFIX_AND_FIRST_ARGUMENT, "count_distinct");
    aggregate("sum", 1, 1, SUM, Naming.PREFIX_AND_FIRST_ARGUMENT, "sum");
    aggregate("sumif", 2, 2, SUM, Naming.PREFIX_AND_FIRST_ARGUMENT, "sumif");
    aggregate("avg", 1, 1, AVERAGE, Naming.PREFIX_AND_FIRST_ARGUMENT, "avg");
    aggregate("avgif", 2, 2, AVERAGE, Naming.PREFIX_AND_FIRST_ARGUMENT, "avgif");
    aggregate("min", 1, 1, argument(0), Naming.PREFIX_AND_FIRST_ARGUMENT, "min");
    aggregate("max", 1, 1, argument(0), Naming.PREFIX_AND_FIRST_ARGUMENT, "max");
    aggregate("minif", 2, 2, argument(0), Naming.PREFIX_AND_FIRST_ARGUMENT, "minif");
    aggregate("maxif", 2, 2, argument(0), Naming.PREFIX_AND_FIRST_ARGUMENT, "maxif");
    aggregate("make_set", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "set");
    aggregate("make_set_if", 2, 3, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "set");
    aggregate("makeset", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "set");
    aggregate("make_list", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "list");
    aggregate("make_list_if", 2, 3, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "list");
    aggregate(
        "make_list_with_nulls", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "list");
    aggregate("makelist", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "list");
    aggregate("make_bag", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "bag");
    aggregate("make_bag_if", 2, 3, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "bag");
    aggregate("arg_max", 2, -1, null, Naming.EXPANDS, null);
    aggregate("arg_min", 2, -1, null, Naming.EXPANDS, null);
    aggregate("take_any", 1, -1, null, Naming.FIRST_ARGUMENT, null);
    aggregate("take_anyif", 2, 2, argument(0), Naming.FIRST_ARGUMENT, null);
    aggregate("any", 1, -1, null, Naming.PREFIX_AND_FIRST_ARGUMENT, "any");
    aggregate("anyif", 2, 2, argument(0), Naming.PREFIX_AND_FIRST_ARGUMENT, "anyif");
    aggregate("percentile", 2, 2, BIN, Naming.PERCENTILES, "percentile");
    aggregate("percentiles", 2, -1, BIN, Naming.PERCENTILES, "percentile");
    aggregate("stdev", 1, 1, fixed(REAL), Naming.PREFIX_AND_FIRST_ARGUMENT, "stdev");
    aggregate("stdevif", 2, 2, fixed(REAL), Naming.PREFIX_AND_FIRST_ARGUMENT, "stdevif");
    aggregate("stdevp", 1, 1, fixed(REAL), Naming.PREFIX_AND_FIRST_ARGUMENT, "stdevp");
    aggregate("variance", 1, 1, fixed(REAL), Naming.PREFIX_AND_FIRST_ARGUMENT, "variance");
    aggregate("varianceif", 2, 2, fixed(REAL), Naming.PREFIX_AND_FIRST_ARGUMENT, "varianceif");
    aggregate("variancep", 1, 1, fixed(REAL), Naming.PREFIX_AND_FIRST_ARGUMENT, "variancep");
    aggregate("hll", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "hll");
    aggregate("tdigest", 1, 2, fixed(DYNAMIC), Naming.PREFIX_AND_FIRST_ARGUMENT, "tdigest");
  }

  static {
    Parameter S = Parameter.STRING;
    Parameter DT = Parameter.DATETIME;
    PARAMETERS.put("ago", List.of(Parameter.TIMESPAN));
    PARAMETERS.put("now", List.of(Parameter.TIMESPAN));
    PARAMETERS.put("not", List.of(Parameter.BOOL));
    PARAMETERS.put("iff", List.of(Parameter.BOOL));
    PARAMETERS.put("iif", List.of(Parameter.BOOL));
    PARAMETERS.put("strlen", List.of(S));
    PARAMETERS.put("trim", List.of(S, S));
    PARAMETERS.put("trim_start", List.of(S, S));
    PARAMETERS.put("trim_end", List.of(S, S));
    PARAMETERS.put("replace_string", List.of(S, S, S));
    PARAMETERS.put("replace_regex", List.of(S, S, S));
    PARAMETERS.put("ipv4_is_private", List.of(S));
    PARAMETERS.put("ipv4_is_in_range", List.of(S, S));
    PARAMETERS.put("ipv4_is_match", List.of(S, S));
    PARAMETERS.put("parse_ipv4", List.of(S));
    PARAMETERS.put("format_datetime", List.of(DT, S));
    PARAMETERS.put("datetime_diff", List.of(S, DT, DT));
    for (String f :
        List.of(
            "startofday",
            "startofweek",
            "startofmonth",
            "startofyear",
            "endofday",
            "endofweek",
            "endofmonth",
            "endofyear",
            "dayofweek",
            "dayofmonth",
            "dayofyear",
            "hourofday",
            "getmonth",
            "getyear",
            "monthofyear",
            "week_of_year")) {
      PARAMETERS.put(f, List.of(DT));
    }
    PARAMETERS.put("array_length", List.of(Parameter.DYNAMIC));
    PARAMETERS.put("bag_keys", List.of(Parameter.DYNAMIC));
    for (String f : List.of("min", "max", "minif", "maxif", "arg_max", "arg_min")) {
      PARAMETERS.put(f, List.of(Parameter.ORDERABLE));
    }
    Parameter N = Parameter.NUMERIC;
    Parameter D = Parameter.DYNAMIC;
    Parameter TS = Parameter.TIMESPAN;
    for (String f : List.of("bin", "floor", "bin_at")) {
      PARAMETERS.put(f, List.of(Parameter.BINNABLE));
    }
    for (String f :
        List.of(
            "abs",
            "sign",
            "round",
            "ceiling",
            "pow",
            "sqrt",
            "log",
            "log10",
            "log2",
            "exp",
            "exp2",
            "exp10",
            "isnan",
            "isinf",
            "isfinite",
            "binary_not",
            "binary_and",
            "binary_or",
            "binary_xor",
            "binary_shift_left",
            "binary_shift_right",
            "tohex",
            "unixtime_seconds_todatetime",
            "unixtime_milliseconds_todatetime",
            "unixtime_microseconds_todatetime",
            "unixtime_nanoseconds_todatetime")) {
      PARAMETERS.put(f, List.of(N, N));
    }
    PARAMETERS.put("make_datetime", List.of(N, N, N, N, N, N, N));
    PARAMETERS.put("make_timespan", List.of(N, N, N, N));
    PARAMETERS.put("split", List.of(Parameter.ANY, S));
    PARAMETERS.put("extract", List.of(S, N, S));
    PARAMETERS.put("extract_all", List.of(S, S));
    PARAMETERS.put("extract_json", List.of(S, S));
    PARAMETERS.put("replace", List.of(S, S, S));
    PARAMETERS.put("translate", List.of(S, S, S));
    PARAMETERS.put("countof", List.of(S, S));
    PARAMETERS.put("parse_command_line", List.of(S, S));
    PARAMETERS.put("parse_user_agent", List.of(S, S));
    PARAMETERS.put("ipv4_compare", List.of(S, S));
    PARAMETERS.put("ipv4_is_in_any_range", List.of(S, S));
    PARAMETERS.put("ipv6_is_match", List.of(S, S));
    PARAMETERS.put("ipv6_compare", List.of(S, S));
    PARAMETERS.put("datetime_add", List.of(S, N, DT));
    PARAMETERS.put("datetime_part", List.of(S, DT));
    PARAMETERS.put("datetime_utc_to_local", List.of(DT, S));
    PARAMETERS.put("datetime_local_to_utc", List.of(DT, S));
    PARAMETERS.put("format_timespan", List.of(TS, S));
    for (String f :
        List.of(
            "array_concat",
            "array_slice",
            "array_index_of",
            "array_sort_asc",
            "array_sort_desc",
            "set_has_element",
            "bag_remove_keys")) {
      PARAMETERS.put(f, List.of(D));
    }
    for (String f : List.of("set_union", "set_intersect", "set_difference", "zip", "bag_merge")) {
      PARAMETERS.put(f, List.of(D, D, D, D, D, D, D, D));
    }
    PARAMETERS.put("countif", List.of(Parameter.BOOL));
    PARAMETERS.put("dcountif", List.of(Parameter.ANY, Parameter.BOOL));
    PARAMETERS.put("sumif", List.of(Parameter.ANY, Parameter.BOOL));
    PARAMETERS.put("make_set_if", List.of(Parameter.ANY, Parameter.BOOL));
    PARAMETERS.put("make_list_if", List.of(Parameter.ANY, Parameter.BOOL));
  }

  private BuiltInFunctions() {}

  static Optional<Function> find(String name) {
    return Optional.ofNullable(FUNCTIONS.get(name));
  }

  /** Every known function name, for "did you mean". */
  static Set<String> names() {
    return Collections.unmodifiableSet(FUNCTIONS.keySet());
  }
}
