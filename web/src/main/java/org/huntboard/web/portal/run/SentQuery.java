package org.huntboard.web.portal.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.compile.CompileForm;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.exclusion.service.ActiveExclusions;
import org.huntboard.web.run.service.ConnectorHuntExecutor;
import org.huntboard.web.run.service.RunView;

/**
 * The exact KQL a run sent, rebuilt the way the hunt executor builds it (the rule version it ran,
 * its window, and the exclusion set it applied) and shown only when its SHA-256 equals the hash the
 * ledger recorded: a page never presents a query as "sent" that was not.
 *
 * <p>A run that applied exclusions can be rebuilt while the tenant's active set is still the one it
 * applied (same set version); after the set changed, the query cannot be proven and is not shown as
 * sent.
 */
public final class SentQuery {

  private SentQuery() {}

  /** The KQL the run sent, if it can be rebuilt to the recorded hash. */
  public static Optional<String> of(
      RunView run, Optional<HuntingRule> rule, ActiveExclusions.Applied activeNow) {
    if (rule.isEmpty()
        || run.queryHash() == null
        || !rule.get().contentHash().equals(run.ruleVersionHash())) {
      return Optional.empty();
    }
    String kql;
    try {
      Query query = ConnectorHuntExecutor.bindRange(rule.get(), run.queryStart(), run.windowEnd());
      boolean none =
          run.exclusionSetVersion() == null
              || ConnectorHuntExecutor.NO_EXCLUSIONS.equals(run.exclusionSetVersion());
      if (!none) {
        if (!activeNow.version().equals(run.exclusionSetVersion())
            || activeNow.filters().isEmpty()) {
          return Optional.empty();
        }
        query =
            ExclusionCompiler.compile(
                    query,
                    activeNow.filters(),
                    ConnectorHuntExecutor.dialect(run.connector()),
                    CompileForm.TAGGED)
                .query();
      }
      kql = KqlRenderer.render(query);
    } catch (DiagnosticException e) {
      return Optional.empty();
    }
    return sha256(kql).equals(run.queryHash()) ? Optional.of(kql) : Optional.empty();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
