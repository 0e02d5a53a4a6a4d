package org.huntboard.web.exclusion.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.huntboard.core.exclusion.Exclusion;
import org.huntboard.web.exclusion.persistence.ExclusionRecord;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;

/**
 * The exclusions a run applies: the tenant's approved, unexpired exclusions of the rule at the
 * moment the run executes, so an approval applies from the next run and an expiry or revocation
 * stops applying at once.
 */
@ApplicationScoped
public class ActiveExclusions {

  /**
   * The exclusions of one run.
   *
   * @param filters the exclusions, in the order their tags are tried (oldest approval first)
   * @param version SHA-256 of their ids and filter versions: the exclusion-set version of the
   *     ledger, equal for two runs exactly when they applied the same filters
   */
  public record Applied(List<Exclusion> filters, String version) {
    public Applied {
      filters = List.copyOf(filters);
    }
  }

  private final ExclusionRepository exclusions;
  private final Clock clock;

  ActiveExclusions(ExclusionRepository exclusions, Clock clock) {
    this.exclusions = exclusions;
    this.clock = clock;
  }

  /** The active exclusions of {@code ruleId} for {@code tenantId} now, read in a transaction. */
  public Applied forRun(UUID tenantId, String ruleId) {
    Instant now = Instant.now(clock);
    List<ExclusionRecord> rows =
        QuarkusTransaction.requiringNew().call(() -> exclusions.active(tenantId, ruleId, now));
    List<Exclusion> filters = new ArrayList<>(rows.size());
    StringBuilder identity = new StringBuilder();
    for (ExclusionRecord r : rows) {
      filters.add(ExclusionRecords.toCore(r));
      identity.append(r.id).append('@').append(r.filterVersion).append('\n');
    }
    return new Applied(filters, sha256(identity.toString()));
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
