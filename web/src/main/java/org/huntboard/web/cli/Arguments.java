package org.huntboard.web.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options and operands of one subcommand, parsed against the options it declares: {@code --name
 * value}, {@code --name=value}, flags without a value, {@code -} as an operand (standard input) and
 * {@code --} to end the options. An option the command does not declare, a missing value or a
 * repeated option is a {@link UsageException} naming it.
 */
final class Arguments {

  private final String command;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> operands = new ArrayList<>();

  private Arguments(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args}: {@code valued} options take a value, {@code flags} take none ({@code
   * --help} is always a flag).
   */
  static Arguments parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
    Arguments a = new Arguments(command);
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("--") || arg.equals("-")) {
        if (!optionsEnded && arg.startsWith("-") && !arg.equals("-")) {
          throw new UsageException(command, "unknown option " + arg);
        }
        a.operands.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (name.equals("help") || flags.contains(name)) {
        if (value != null) {
          throw new UsageException(command, "--" + name + " takes no value");
        }
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException(command, "--" + name + " needs a value");
          }
          value = args.get(++i);
        }
      } else {
        throw new UsageException(command, "unknown option --" + name);
      }
      if (a.values.put(name, value) != null) {
        throw new UsageException(command, "--" + name + " is given twice");
      }
    }
    return a;
  }

  boolean help() {
    return values.containsKey("help");
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String value(String name) {
    return values.get(name);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException(command, "--" + name + " is required");
    }
    return v;
  }

  List<String> operands() {
    return operands;
  }

  Path path(String name) {
    String v = value(name);
    return v == null ? null : Path.of(v);
  }

  int positiveInt(String name, int fallback) {
    String v = value(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(command, "--" + name + " must be a positive whole number, not " + v);
    }
  }

  long longValue(String name) {
    String v = required(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException(command, "--" + name + " must be a whole number, not " + v);
    }
  }

  Instant instant(String name) {
    String v = value(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          command,
          "--" + name + " must be an ISO-8601 instant such as 2026-03-06T12:00:00Z, not " + v);
    }
  }

  /** Fails when more operands are given than the command takes. */
  void atMostOperands(int n) {
    if (operands.size() > n) {
      throw new UsageException(command, "unexpected argument " + operands.get(n));
    }
  }
}
