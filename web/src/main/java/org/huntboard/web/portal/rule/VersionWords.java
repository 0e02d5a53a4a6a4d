package org.huntboard.web.portal.rule;

import io.quarkus.qute.TemplateExtension;
import org.huntboard.web.rule.service.RuleVersions;

/** Where a rule version came from, in words, for the rule page's version history. */
@TemplateExtension
public final class VersionWords {

  private VersionWords() {}

  /**
   * The version's source: a rule file found when Huntboard started, or an import through the API by
   * the person recorded with it.
   */
  public static String source(RuleVersions.Version version) {
    return switch (version.origin()) {
      case "CATALOG" -> "Huntboard's rule file, found when Huntboard started";
      case "IMPORTED" -> "imported through the API by " + version.recordedBy();
      default -> version.origin().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
