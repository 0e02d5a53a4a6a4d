package org.huntboard.web.rule.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.huntboard.core.exclusion.lint.FixtureEvidence;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.KqlQueryCheck;
import org.huntboard.core.rule.RuleFile;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.core.rule.RuleSetReport;
import org.huntboard.core.rule.RuleValidator;
import org.huntboard.core.schema.Dialect;
import org.huntboard.web.config.HuntboardConfig;
import org.jboss.logging.Logger;

/**
 * The hunting rules Huntboard offers, loaded once at start from {@code huntboard.rules.dir} or,
 * without it, from the {@code hunting/} resources on the class path (the rules module). Each rule
 * is kept in the version it was loaded in, identified by its content hash; a rule file with a
 * validation error is logged with its located problems and not offered.
 */
@Startup
@ApplicationScoped
public class RuleCatalog {

  private static final Logger LOG = Logger.getLogger(RuleCatalog.class);

  /** The class path folder holding the rules. */
  static final String RESOURCE_FOLDER = "hunting";

  /** The frequency of a rule that names none: Sentinel's hourly default for hunting queries. */
  public static final Duration DEFAULT_FREQUENCY = Duration.ofHours(1);

  private final Map<String, HuntingRule> byId;
  private final Map<String, ExclusionFile> templates;
  private final Map<String, List<Map<String, Object>>> truePositives;

  RuleCatalog(HuntboardConfig config) {
    this.byId = Collections.unmodifiableMap(load(config.rules().dir()));
    this.templates = new TreeMap<>();
    this.truePositives = new TreeMap<>();
    loadBesideRules(config.rules().dir());
  }

  /** Every offered rule, by id. */
  public List<HuntingRule> all() {
    return List.copyOf(byId.values());
  }

  /** The rule with this id (its UUID in text), if it is offered. */
  public Optional<HuntingRule> find(String id) {
    return Optional.ofNullable(byId.get(id.trim().toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * The rule's exclusion templates: the {@value RuleLoader#EXCLUSIONS_FILE} beside its file, if it
   * has one that loads and belongs to it.
   */
  public Optional<ExclusionFile> exclusionTemplates(String ruleId) {
    return find(ruleId).map(r -> templates.get(r.id().toString()));
  }

  /**
   * The rule's true-positive fixtures ({@code fixtures/must-match.jsonl} beside its file), which no
   * exclusion may suppress; empty when it has none.
   */
  public List<Map<String, Object>> truePositiveFixtures(String ruleId) {
    return find(ruleId)
        .map(r -> truePositives.getOrDefault(r.id().toString(), List.of()))
        .orElse(List.of());
  }

  /**
   * How often the rule runs unless an assignment says otherwise: its {@code queryFrequency}, else
   * {@link #DEFAULT_FREQUENCY}.
   */
  public static Duration defaultFrequency(HuntingRule rule) {
    return rule.queryFrequency().orElse(DEFAULT_FREQUENCY);
  }

  /**
   * How far back the rule looks unless an assignment says otherwise: its {@code queryPeriod}, else
   * the span of its own start parameter ({@code let Time_start = now(-5d);} looks back 5 days),
   * else none.
   */
  public static Optional<Duration> defaultLookback(HuntingRule rule) {
    if (rule.queryPeriod().isPresent()) {
      return rule.queryPeriod();
    }
    Query query;
    try {
      query = KqlParser.parse(rule.query().text());
    } catch (DiagnosticException e) {
      return Optional.empty();
    }
    for (QueryRewriter.TimeParameter p : QueryRewriter.timeParameters(query).parameters()) {
      if (p.role() != QueryRewriter.TimeRole.START) {
        continue;
      }
      Optional<Duration> span = startSpan(p.let().value());
      if (span.isPresent()) {
        return span;
      }
    }
    return Optional.empty();
  }

  /**
   * The span back from now of a start value: {@code now(-X)}, {@code now(X)} with X negative,
   * {@code ago(X)}.
   */
  private static Optional<Duration> startSpan(Expression value) {
    while (value instanceof Expression.Parenthesized p) {
      value = p.inner();
    }
    if (!(value instanceof Expression.FunctionCall call) || call.arguments().size() != 1) {
      return Optional.empty();
    }
    Expression argument = call.arguments().get(0);
    while (argument instanceof Expression.Parenthesized p) {
      argument = p.inner();
    }
    boolean negated = false;
    if (argument instanceof Expression.Unary u
        && u.operator() == Expression.Unary.UnaryOperator.MINUS) {
      negated = true;
      argument = u.operand();
    }
    if (!(argument instanceof Expression.Literal literal
        && literal.value() instanceof Duration span)) {
      return Optional.empty();
    }
    Duration signed = negated ? span.negated() : span;
    return Optional.of(call.name().equals("ago") ? signed : signed.negated())
        .filter(d -> !d.isNegative() && !d.isZero());
  }

  static Map<String, HuntingRule> load(Optional<String> dir) {
    RuleLoader loader = new RuleLoader();
    List<RuleFile> files = new ArrayList<>();
    if (dir.isPresent()) {
      files.addAll(loader.loadTree(Path.of(dir.get())));
    } else {
      for (Path root : classPathRoots()) {
        files.addAll(loader.loadTree(root));
      }
    }
    RuleSetReport report =
        new RuleValidator(KqlQueryCheck.builtIn(Dialect.DEFENDER)).validate(files);
    report
        .problems()
        .forEach(
            (path, problems) -> {
              List<Diagnostic> errors = problems.stream().filter(Diagnostic::isError).toList();
              if (!errors.isEmpty()) {
                StringBuilder text = new StringBuilder();
                errors.forEach(d -> text.append('\n').append(d.format()));
                LOG.errorf("Rule file %s is not offered:%s", path, text);
              }
            });
    Map<String, HuntingRule> rules = new TreeMap<>();
    for (HuntingRule rule : report.validRules()) {
      rules.put(rule.id().toString(), rule);
    }
    LOG.infof("Offering %d hunting rule(s) of %d file(s)", rules.size(), files.size());
    return rules;
  }

  /** Reads the exclusion templates and true-positive fixtures kept beside each rule's file. */
  private void loadBesideRules(Optional<String> dir) {
    List<Path> roots = dir.isPresent() ? List.of(Path.of(dir.get())) : classPathRoots();
    for (HuntingRule rule : byId.values()) {
      Optional<Path> file =
          roots.stream()
              .map(root -> root.getFileSystem().getPath(rule.source()))
              .filter(Files::isRegularFile)
              .findFirst();
      if (file.isEmpty()) {
        continue;
      }
      String id = rule.id().toString();
      Path exclusions = file.get().resolveSibling(RuleLoader.EXCLUSIONS_FILE);
      if (Files.isRegularFile(exclusions)) {
        try {
          ExclusionFile loaded = ExclusionFileLoader.load(exclusions);
          if (loaded.rule() == null || loaded.rule().equalsIgnoreCase(id)) {
            templates.put(id, loaded);
          } else {
            LOG.errorf(
                "Exclusion templates %s name the rule %s, not %s; not offered",
                exclusions, loaded.rule(), id);
          }
        } catch (IOException | DiagnosticException e) {
          LOG.errorf("Exclusion templates %s are not offered: %s", exclusions, e.getMessage());
        }
      }
      Path mustMatch =
          file.get().resolveSibling(RuleLoader.FIXTURES_FOLDER).resolve("must-match.jsonl");
      if (Files.isRegularFile(mustMatch)) {
        try {
          truePositives.put(id, List.copyOf(FixtureEvidence.readEvents(mustMatch)));
        } catch (IOException | DiagnosticException e) {
          LOG.errorf("True-positive fixtures %s are not read: %s", mustMatch, e.getMessage());
        }
      }
    }
  }

  private static List<Path> classPathRoots() {
    List<Path> roots = new ArrayList<>();
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Enumeration<URL> urls = loader.getResources(RESOURCE_FOLDER);
      while (urls.hasMoreElements()) {
        URI uri = urls.nextElement().toURI();
        if ("jar".equals(uri.getScheme())) {
          roots.add(jarFileSystem(uri).provider().getPath(uri));
        } else {
          roots.add(Path.of(uri));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing the rules on the class path", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("a class path entry has no valid address", e);
    }
    return roots;
  }

  private static FileSystem jarFileSystem(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      return FileSystems.getFileSystem(uri);
    }
  }
}
