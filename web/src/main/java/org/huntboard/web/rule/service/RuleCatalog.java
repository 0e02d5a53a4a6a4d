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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.huntboard.core.diagnostic.Diagnostic;
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

  private final Map<String, HuntingRule> byId;

  RuleCatalog(HuntboardConfig config) {
    this.byId = Collections.unmodifiableMap(load(config.rules().dir()));
  }

  /** Every offered rule, by id. */
  public List<HuntingRule> all() {
    return List.copyOf(byId.values());
  }

  /** The rule with this id (its UUID in text), if it is offered. */
  public Optional<HuntingRule> find(String id) {
    return Optional.ofNullable(byId.get(id.trim().toLowerCase(java.util.Locale.ROOT)));
  }

  private static Map<String, HuntingRule> load(Optional<String> dir) {
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
