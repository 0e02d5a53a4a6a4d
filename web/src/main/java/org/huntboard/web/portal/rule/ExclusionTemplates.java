package org.huntboard.web.portal.rule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.file.ExclusionDefinition;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.huntboard.core.rule.HuntingRule;
import org.jboss.logging.Logger;

/**
 * The exclusion templates kept beside a rule ({@code exclusions.yaml} in the rule's folder): the
 * documented false-positive scenarios a rule owner may propose as exclusions.
 */
public final class ExclusionTemplates {

  /** A template as the rule page lists it. */
  public record Template(String id, String name, String description, String filter) {}

  private static final Logger LOG = Logger.getLogger(ExclusionTemplates.class);
  private static final String FILE = "exclusions.yaml";

  private ExclusionTemplates() {}

  /** The rule's templates; none when it has no file or the file cannot be read. */
  static List<Template> of(HuntingRule rule) {
    Optional<String> text = read(rule.source());
    if (text.isEmpty()) {
      return List.of();
    }
    try {
      return ExclusionFileLoader.load(new SourceText(rule.source() + "/../" + FILE, text.get()))
          .exclusions()
          .stream()
          .map(ExclusionTemplates::template)
          .toList();
    } catch (DiagnosticException e) {
      LOG.warnf("The exclusion templates of rule %s are not shown: %s", rule.id(), e.getMessage());
      return List.of();
    }
  }

  private static Template template(ExclusionDefinition d) {
    return new Template(d.id(), d.name(), d.description(), d.filter().text());
  }

  /** The file beside the rule, on disk or, for rules from the class path, as a resource. */
  private static Optional<String> read(String source) {
    try {
      Path file = Path.of(source).resolveSibling(FILE);
      if (Files.isRegularFile(file)) {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      LOG.debugf("No readable %s beside %s", FILE, source);
    }
    int at = source.replace('\\', '/').lastIndexOf("hunting/");
    if (at < 0) {
      return Optional.empty();
    }
    String relative = source.replace('\\', '/').substring(at);
    String resource = relative.substring(0, relative.lastIndexOf('/') + 1) + FILE;
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
