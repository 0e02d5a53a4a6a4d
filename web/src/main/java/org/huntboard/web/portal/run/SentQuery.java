package org.huntboard.web.portal.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.run.service.RunView;

/**
 * The exact KQL a run sent, rebuilt from the rule version it ran and its window the way the hunt
 * executor builds it, and shown only when its SHA-256 equals the hash the ledger recorded: a page
 * never presents a query as "sent" that was not.
 */
public final class SentQuery {

  /** One tick of KQL's datetime: the executor binds the end to one tick before the window's end. */
  private static final Duration TICK = Duration.ofNanos(100);

  private SentQuery() {}

  /**
   * The KQL the run sent, if the rule's loaded version is the one the run ran and rebuilding it
   * gives the recorded hash.
   */
  public static Optional<String> of(RunView run, Optional<HuntingRule> rule) {
    if (rule.isEmpty()
        || run.queryHash() == null
        || !rule.get().contentHash().equals(run.ruleVersionHash())) {
      return Optional.empty();
    }
    HuntingRule r = rule.get();
    String kql;
    try {
      SourceText source = new SourceText(r.source(), r.query().text());
      kql =
          KqlRenderer.render(
              QueryRewriter.bindTimeWindow(
                  KqlParser.parse(source), run.queryStart(), run.windowEnd().minus(TICK), source));
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
