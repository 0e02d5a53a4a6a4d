package org.huntboard.web.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code huntboard} command line: plain Java, no Quarkus start-up, so it answers at once on
 * small data. {@code ./huntboard} at the repository root runs it from a built tree.
 *
 * <p>Exit codes: 0 success; 1 a command line that does not fit (or an unexpected failure); 2 a
 * query or rule problem, located {@code file:line:column}; 3 a data problem (telemetry that does
 * not load); 4 a result cut by a limit (truncation, timeout, memory), with what was produced
 * printed; through a connector 5 throttled, 6 not authorized, 7 service unavailable ({@link
 * org.huntboard.connectors.spi.FailureClass#exitCode()}); 8 {@code check} found a table missing; 9
 * {@code audit verify} found the audit chain broken.
 */
public final class Huntboard {

  static final int OK = 0;
  static final int USAGE = 1;
  static final int QUERY_ERROR = 2;
  static final int DATA_ERROR = 3;
  static final int LIMITED = 4;
  static final int TABLES_MISSING = 8;

  static final String HELP =
      """
      huntboard: run KQL hunting rules over telemetry on disk, generate telemetry, check rules.

      Usage:
        huntboard query --data DIR [--now ISO-8601] [--format table|json|csv] (--query FILE | --rule FILE | -)
        huntboard generate --out DIR --devices N --days D --seed S [--now ISO-8601]
        huntboard rules validate [PATH]
        huntboard rules test [PATH]
        huntboard exclusions compile|lint --rule FILE --exclusions FILE ...
        huntboard query --connector defender|sentinel|local ... (--query FILE | --rule FILE | -)
        huntboard check --connector defender|sentinel|local ... (--rule FILE | --tables T1,T2)
        huntboard audit verify --jdbc-url URL [--user NAME] [--password SECRET]
        bench/engine.sh [--rows N,...]     (benchmark against DuckDB)

      Each command explains itself with --help, e.g. huntboard query --help.

      Try it:
        huntboard generate --out /tmp/huntboard-demo --devices 20 --days 7 --seed 42 --now 2026-03-06T12:00:00Z
        huntboard query --data /tmp/huntboard-demo --now 2026-03-06T12:00:00Z --rule rules/hunting/rmm/tigervnc/tigervnc-network-connection.yaml

      Exit codes: 0 ok, 1 usage (or exclusions lint found an error), 2 query or rule error, 3 data error,
      4 result cut by a limit; through a connector also 5 throttled, 6 not authorized, 7 unavailable;
      8 check found a table that is not present; 9 audit verify found the audit chain broken.
      """;

  private Huntboard() {}

  public static void main(String[] args) {
    int code =
        run(
            args,
            new PrintStream(System.out, false, StandardCharsets.UTF_8),
            new PrintStream(System.err, true, StandardCharsets.UTF_8),
            System.in);
    System.exit(code);
  }

  /** Runs one command line; what {@link #main} does, without exiting (for tests). */
  public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
    return run(args, out, err, in, System.getenv());
  }

  /** {@link #run(String[], PrintStream, PrintStream, InputStream)} with the environment given. */
  public static int run(
      String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    String command = args.length == 0 ? "--help" : args[0];
    try {
      return switch (command) {
        case "--help", "-h", "help" -> {
          out.print(HELP);
          out.flush();
          yield args.length == 0 ? USAGE : OK;
        }
        case "query" -> new QueryCommand(out, err, in, env).run(rest);
        case "exclusions" -> new ExclusionsCommand(out, err).run(rest);
        case "check" -> new CheckCommand(out, err, env).run(rest);
        case "generate" -> new GenerateCommand(out, err).run(rest);
        case "rules" -> new RulesCommand(out, err).run(rest);
        case "bench" -> new BenchCommand(out, err).run(rest);
        case "audit" -> new AuditCommand(out, err, env).run(rest);
        default -> throw new UsageException("", "unknown command " + command);
      };
    } catch (UsageException e) {
      String cmd = e.command().isEmpty() ? "" : e.command() + " ";
      err.println("huntboard " + cmd + ": " + e.getMessage());
      err.println("See: huntboard " + cmd + "--help");
      return USAGE;
    } catch (RuntimeException e) {
      // A failure of Huntboard itself: say what it was, without a stack trace.
      err.println("huntboard: internal error: " + e);
      return USAGE;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
