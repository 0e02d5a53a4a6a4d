package org.huntboard.core.kql.referee;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.Assumptions;

/**
 * Microsoft's KQL parser ({@code @kusto/language-service-next}, run by Node) as a referee for
 * Huntboard's tests: it says whether Microsoft accepts a query, and with table schemas, whether the
 * names bind and what columns come out.
 *
 * <p>One Node process serves every test of a JVM: it is started on first use, fed one JSON line per
 * query and answers one line per query, so judging the whole corpus costs one start-up. The npm
 * package is installed into {@code target/kusto-ls} on first use when it is not there yet. Where
 * Node or npm is absent, {@link #assumeAvailable()} skips the calling test and says why.
 */
public final class KustoReferee implements AutoCloseable {

  /** The npm package and the version whose overload names {@code kusto-referee.js} relies on. */
  public static final String PACKAGE = "@kusto/language-service-next";

  public static final String VERSION = "12.4.1";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static KustoReferee shared;
  private static String unavailable;

  private final Process node;
  private final BufferedWriter requests;
  private final BufferedReader answers;
  private final String version;
  private int nextId;
  private final Map<String, Verdict> byRequest = new java.util.HashMap<>();
  private final Map<String, Verdict> syntaxByQuery = new java.util.HashMap<>();

  private KustoReferee(Process node) throws IOException {
    this.node = node;
    this.requests =
        new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
    this.answers =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String ready = answers.readLine();
    if (ready == null) {
      throw new IOException("the referee process ended before it was ready (see its log)");
    }
    this.version = JSON.readTree(ready).path("version").asText();
  }

  /** A problem Microsoft's parser reports: its code (e.g. {@code KS176}) and place in the text. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Finding(String code, String severity, String message, int start, int length) {

    public boolean isError() {
      return "Error".equals(severity);
    }

    /** {@code line:column: CODE message}, the place counted in {@code query}. */
    public String describe(String query) {
      SourceText text = new SourceText("", query);
      return text.line(start) + ":" + text.column(start) + ": " + code + " " + message;
    }
  }

  /** A result column as Microsoft's binder computes it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Column(String name, String type) {}

  /**
   * Microsoft's answer for one query. {@code semanticOk}, {@code semantic} and {@code columns} are
   * null when no tables were given; {@code error} is set when the parser itself failed.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Verdict(
      String id,
      boolean syntaxOk,
      List<Finding> syntax,
      Boolean semanticOk,
      List<Finding> semantic,
      List<Column> columns,
      String error) {

    public Verdict {
      syntax = syntax == null ? List.of() : List.copyOf(syntax);
      semantic = semantic == null ? null : List.copyOf(semantic);
      columns = columns == null ? null : List.copyOf(columns);
    }

    /** The syntax errors, each as {@code line:column: CODE message}. */
    public List<String> syntaxErrors(String query) {
      return syntax.stream().filter(Finding::isError).map(f -> f.describe(query)).toList();
    }

    /** The binding errors (tables given), each as {@code line:column: CODE message}. */
    public List<String> semanticErrors(String query) {
      return semantic == null
          ? List.of()
          : semantic.stream().filter(Finding::isError).map(f -> f.describe(query)).toList();
    }
  }

  /**
   * One query to judge. {@code tables} maps table names to Kusto schema strings ({@code
   * "(Timestamp:datetime, DeviceName:string)"}); null judges syntax only.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(String id, String query, Map<String, String> tables) {}

  /**
   * The referee shared by all tests of this JVM, started on first use; skips the calling test (a
   * JUnit assumption) with the reason when Node, npm or the package cannot be had.
   */
  public static synchronized KustoReferee assumeAvailable() {
    if (shared == null && unavailable == null) {
      start();
      if (unavailable != null) {
        // Said once on the console too, where a skipped check is easy to miss.
        System.out.println("skipped: Microsoft's KQL parser is not available: " + unavailable);
      }
    }
    Assumptions.assumeTrue(
        shared != null, () -> "Microsoft's KQL parser is not available: " + unavailable);
    return shared;
  }

  /**
   * Fails unless Microsoft's parser accepts {@code kql} (syntax); skips where it is unavailable.
   * For any test that produces KQL for Defender or Sentinel.
   */
  public static void assertAccepted(String kql) {
    Verdict verdict = assumeAvailable().verdict(kql);
    if (!verdict.syntaxOk()) {
      fail(rejection("Microsoft's KQL parser rejects", kql, verdict.syntaxErrors(kql)));
    }
  }

  /**
   * Fails unless Microsoft's parser accepts {@code kql} and binds every name against {@code tables}
   * (table name → Kusto schema string); skips where it is unavailable.
   */
  public static void assertAccepted(String kql, Map<String, String> tables) {
    Verdict verdict = assumeAvailable().judge(List.of(new Request("q", kql, tables))).get(0);
    List<String> errors = new ArrayList<>(verdict.syntaxErrors(kql));
    errors.addAll(verdict.semanticErrors(kql));
    if (!errors.isEmpty()) {
      fail(rejection("Microsoft's KQL parser rejects", kql, errors));
    }
  }

  /** Kusto schema strings {@code (Name:type, ...)} of Huntboard's table schemas, by table name. */
  public static Map<String, String> schemas(Collection<TableSchema> tables) {
    Map<String, String> schemas = new LinkedHashMap<>();
    for (TableSchema table : tables) {
      schemas.put(
          table.name(),
          table.columns().stream()
              .map(c -> c.name() + ":" + c.type().kqlName())
              .collect(Collectors.joining(", ", "(", ")")));
    }
    return schemas;
  }

  private static String rejection(String what, String kql, List<String> errors) {
    return what + ":\n" + kql + "\n--\n" + String.join("\n", errors);
  }

  /** The package version the Node process loaded. */
  public String version() {
    return version;
  }

  /** Microsoft's syntax verdict for each query, in order. */
  public List<Verdict> verdicts(List<String> queries) {
    List<Request> batch = new ArrayList<>(queries.size());
    for (String query : queries) {
      batch.add(new Request(null, query, null));
    }
    return judge(batch);
  }

  /** Microsoft's syntax verdict for one query. */
  public Verdict verdict(String query) {
    return verdicts(List.of(query)).get(0);
  }

  /**
   * Microsoft's verdict for each request, in order. Requests go one line at a time and each answer
   * is read before the next is sent, so neither pipe can fill up and stall both processes.
   */
  public synchronized List<Verdict> judge(List<Request> batch) {
    List<Verdict> out = new ArrayList<>(batch.size());
    try {
      for (Request request : batch) {
        Verdict known = remembered(request);
        if (known != null) {
          out.add(known);
          continue;
        }
        String id = request.id() == null ? "q" + nextId++ : request.id();
        requests.write(JSON.writeValueAsString(new Request(id, request.query(), request.tables())));
        requests.write('\n');
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
          throw new IllegalStateException(
              "the referee process ended (exit " + exitValue() + "); see " + logFile());
        }
        Verdict verdict = JSON.readValue(line, Verdict.class);
        if (verdict.error() != null) {
          throw new IllegalStateException(
              "Microsoft's parser failed on a query: " + verdict.error() + "\n" + request.query());
        }
        if (!id.equals(verdict.id())) {
          throw new IllegalStateException("the referee answered " + verdict.id() + " for " + id);
        }
        remember(request, verdict);
        out.add(verdict);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("talking to the referee process", e);
    }
    return out;
  }

  /**
   * A verdict already given in this JVM: for the same query and tables, or for syntax only, for the
   * same query with any tables (the syntax verdict does not depend on them). Several tests judge
   * the whole corpus, and Microsoft's parser is the slow part of the build.
   */
  private Verdict remembered(Request request) throws IOException {
    if (request.tables() == null) {
      return syntaxByQuery.get(request.query());
    }
    return byRequest.get(key(request));
  }

  private void remember(Request request, Verdict verdict) throws IOException {
    syntaxByQuery.putIfAbsent(
        request.query(),
        new Verdict(
            verdict.id(), verdict.syntaxOk(), verdict.syntax(), null, null, null, verdict.error()));
    if (request.tables() != null) {
      byRequest.put(key(request), verdict);
    }
  }

  private static String key(Request request) throws IOException {
    return JSON.writeValueAsString(new java.util.TreeMap<>(request.tables()))
        + "\u0000"
        + request.query();
  }

  private String exitValue() {
    try {
      return String.valueOf(node.waitFor(5, TimeUnit.SECONDS) ? node.exitValue() : "still running");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public synchronized void close() {
    try {
      requests.close();
      if (!node.waitFor(5, TimeUnit.SECONDS)) {
        node.destroy();
      }
    } catch (IOException e) {
      node.destroy();
    } catch (InterruptedException e) {
      node.destroy();
      Thread.currentThread().interrupt();
    }
  }

  // --- start-up --------------------------------------------------------------------------------

  /** Where the npm package is installed: {@code target/kusto-ls} of the core module. */
  static Path installDir() {
    return Path.of(System.getProperty("huntboard.kusto.ls.dir", "target/kusto-ls"));
  }

  static Path script() {
    return Path.of(
        System.getProperty("huntboard.kusto.referee.script", "src/test/node/kusto-referee.js"));
  }

  private static Path logFile() {
    return installDir().resolve("referee.log");
  }

  private static void start() {
    try {
      String nodeVersion = run(List.of(executable("node"), "--version"), Path.of("."), 30);
      if (nodeVersion == null) {
        unavailable =
            "`" + executable("node") + "` cannot be run (install Node.js 20 to run this check)";
        return;
      }
      Path dir = installDir().toAbsolutePath();
      if (!installedVersionMatches(dir)) {
        Files.createDirectories(dir);
        List<String> install =
            List.of(
                executable("npm"),
                "install",
                "--prefix",
                dir.toString(),
                "--no-audit",
                "--no-fund",
                PACKAGE + "@" + VERSION);
        String npmOut = run(install, dir, 600);
        if (npmOut == null) {
          unavailable =
              "`"
                  + executable("npm")
                  + "` cannot be run (it installs "
                  + PACKAGE
                  + "@"
                  + VERSION
                  + ")";
          return;
        }
        if (!installedVersionMatches(dir)) {
          // Node is here, so the check is expected to run: a failed install is a failure, not a
          // skip, or a broken registry mirror would silently switch the referee off.
          throw new IllegalStateException(
              "npm could not install " + PACKAGE + "@" + VERSION + " into " + dir + ":\n" + npmOut);
        }
      }
      ProcessBuilder builder =
          new ProcessBuilder(
                  executable("node"), script().toAbsolutePath().toString(), dir.toString())
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      KustoReferee referee = new KustoReferee(builder.start());
      if (!VERSION.equals(referee.version())) {
        referee.close();
        throw new IllegalStateException(
            "the referee loaded " + PACKAGE + " " + referee.version() + ", not " + VERSION);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(referee::close, "kusto-referee-stop"));
      shared = referee;
    } catch (IOException e) {
      throw new UncheckedIOException("starting Microsoft's KQL parser", e);
    }
  }

  private static boolean installedVersionMatches(Path dir) throws IOException {
    Path manifest =
        dir.resolve("node_modules").resolve("@kusto/language-service-next").resolve("package.json");
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    return VERSION.equals(JSON.readTree(manifest.toFile()).path("version").asText());
  }

  /**
   * The program to run for {@code node} or {@code npm}: the system property {@code huntboard.node}
   * or {@code huntboard.npm} when set (a path to a particular installation), else the name on the
   * PATH.
   */
  private static String executable(String name) {
    String configured = System.getProperty("huntboard." + name);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    return windows ? name + (name.equals("npm") ? ".cmd" : ".exe") : name;
  }

  /** Runs a command and returns its output, or null when the program does not exist. */
  private static String run(List<String> command, Path dir, int timeoutSeconds) throws IOException {
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    process.getOutputStream().close();
    String out;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      out = reader.lines().collect(Collectors.joining("\n"));
    }
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return out + "\n(timed out after " + timeoutSeconds + " s)";
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
