package org.huntboard.web.rule.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.core.rule.KqlQueryCheck;
import org.huntboard.core.rule.RuleFile;
import org.huntboard.core.rule.RuleLoader;
import org.huntboard.core.rule.RuleValidator;
import org.huntboard.core.schema.Dialect;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.tenancy.Role;
import org.huntboard.web.tenancy.TenantScope;
import org.jboss.logging.Logger;

/**
 * Keeps every version of every rule: records the rule files' versions at each start, imports
 * Azure-Sentinel hunting-query YAML through the API (validated as the rule files are), and lists a
 * rule's versions by content hash.
 */
@ApplicationScoped
public class RuleVersions {

  private static final Logger LOG = Logger.getLogger(RuleVersions.class);

  /** The largest rule file accepted for import. */
  public static final int MAX_BYTES = 256 * 1024;

  /** The actor of versions recorded at start. */
  static final String STARTUP_ACTOR = "huntboard";

  /** One version of a rule. */
  public record Version(
      String versionHash,
      String origin,
      String name,
      String recordedBy,
      Instant recordedAt,
      boolean current) {}

  /** The outcome of an import: the rule as offered now, and whether a new version was kept. */
  public record Imported(HuntingRule rule, boolean newVersion) {}

  private final RuleCatalog catalog;
  private final EntityManager entities;
  private final AuditLog audit;
  private final TenantScope scope;
  private final Clock clock;

  RuleVersions(
      RuleCatalog catalog, EntityManager entities, AuditLog audit, TenantScope scope, Clock clock) {
    this.catalog = catalog;
    this.entities = entities;
    this.audit = audit;
    this.scope = scope;
    this.clock = clock;
  }

  /** Records the version of every rule file offered, once per content hash. */
  void recordCatalog(@Observes StartupEvent start) {
    int recorded =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  int n = 0;
                  OffsetDateTime now = now();
                  for (HuntingRule rule : catalog.files()) {
                    n +=
                        entities
                            .createNativeQuery(
                                "insert into rule_version (rule_id, content_hash, origin, name,"
                                    + " recorded_by, recorded_at) values (?1, ?2, 'CATALOG', ?3,"
                                    + " ?4, ?5) on conflict (rule_id, content_hash)"
                                    + " where origin = 'CATALOG' do nothing")
                            .setParameter(1, rule.id().toString())
                            .setParameter(2, rule.contentHash())
                            .setParameter(3, rule.name())
                            .setParameter(4, STARTUP_ACTOR)
                            .setParameter(5, now)
                            .executeUpdate();
                  }
                  return n;
                });
    LOG.infof("Recorded %d new rule version(s) of the rule files", recorded);
  }

  /**
   * Imports one rule from its YAML; rule owners and administrators only. The same content as the
   * current version keeps that version; other content becomes the current version.
   *
   * @throws RuleRejected with the located problems of a rule that does not load or validate
   */
  public Imported importRule(byte[] yaml) {
    if (!scope.hasRole(Role.ADMIN) && !scope.hasRole(Role.RULE_OWNER)) {
      throw new HuntboardException.Forbidden("Only rule owners and administrators import rules");
    }
    if (yaml.length == 0) {
      throw new HuntboardException.InvalidRequest("the request body holds no rule");
    }
    if (yaml.length > MAX_BYTES) {
      throw new HuntboardException.InvalidRequest(
          "a rule file is at most " + MAX_BYTES + " bytes, not " + yaml.length);
    }
    RuleFile file = new RuleLoader().load("request body", yaml);
    List<Diagnostic> errors =
        new RuleValidator(KqlQueryCheck.builtIn(Dialect.DEFENDER))
            .validate(file).stream().filter(Diagnostic::isError).toList();
    if (!errors.isEmpty() || file.rule().isEmpty()) {
      throw new RuleRejected(errors);
    }
    HuntingRule rule = file.rule().get();
    String id = rule.id().toString();
    if (catalog.isFileRule(id)) {
      throw new HuntboardException.Conflict(
          "The rule " + id + " comes from Huntboard's rule files; it changes through its file");
    }
    String content = text(yaml);
    String actor = scope.actor();
    boolean added =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  // Two imports of one rule at once must not both find the same current version.
                  entities
                      .createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                      .setParameter(1, "rule-version:" + id)
                      .getSingleResult();
                  List<?> current =
                      entities
                          .createNativeQuery(
                              "select content_hash from rule_version where rule_id = ?1"
                                  + " order by id desc limit 1")
                          .setParameter(1, id)
                          .getResultList();
                  String before = current.isEmpty() ? null : ((String) current.get(0)).trim();
                  if (rule.contentHash().equals(before)) {
                    return false;
                  }
                  entities
                      .createNativeQuery(
                          "insert into rule_version (rule_id, content_hash, origin, name, content,"
                              + " recorded_by, recorded_at) values (?1, ?2, 'IMPORTED', ?3, ?4,"
                              + " ?5, ?6)")
                      .setParameter(1, id)
                      .setParameter(2, rule.contentHash())
                      .setParameter(3, rule.name())
                      .setParameter(4, content)
                      .setParameter(5, actor)
                      .setParameter(6, now())
                      .executeUpdate();
                  Map<String, Object> after = new LinkedHashMap<>();
                  after.put("name", rule.name());
                  after.put("versionHash", rule.contentHash());
                  audit.append(
                      actor,
                      "rule.imported",
                      "rule",
                      id,
                      null,
                      before == null ? null : Map.of("versionHash", before),
                      after);
                  return true;
                });
    return new Imported(catalog.find(id).orElse(rule), added);
  }

  /**
   * The latest versions of a rule and how many it has in all.
   *
   * @param latest the newest versions first, at most as many as asked for
   * @param total every version the rule has
   */
  public record History(List<Version> latest, long total) {
    /** The versions older than those in {@link #latest}. */
    public long older() {
      return total - latest.size();
    }
  }

  /** Every version of a rule, newest first; the current one says so. */
  public List<Version> versions(String ruleId) {
    return history(ruleId, Integer.MAX_VALUE).latest();
  }

  /**
   * The newest {@code limit} versions of a rule and the count of all, in one query; the current
   * version is marked when it is among them.
   */
  public History history(String ruleId, int limit) {
    String id = ruleId.trim().toLowerCase(java.util.Locale.ROOT);
    String current = catalog.find(id).map(HuntingRule::contentHash).orElse(null);
    List<?> rows =
        QuarkusTransaction.joiningExisting()
            .call(
                () ->
                    entities
                        .createNativeQuery(
                            "select content_hash, origin, name, recorded_by, recorded_at,"
                                + " count(*) over () from rule_version where rule_id = ?1"
                                + " order by id desc limit ?2")
                        .setParameter(1, id)
                        .setParameter(2, Math.max(limit, 0))
                        .getResultList());
    if (rows.isEmpty() && current == null) {
      throw new HuntboardException.NotFound("Rule", ruleId);
    }
    List<Version> versions = new ArrayList<>();
    long total = 0;
    boolean currentSeen = false;
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      String hash = ((String) r[0]).trim();
      // A rule file changed back to an earlier content keeps that version's first record, so
      // only the newest row with the current hash is the current version.
      boolean isCurrent = !currentSeen && hash.equals(current);
      currentSeen |= isCurrent;
      versions.add(
          new Version(hash, (String) r[1], (String) r[2], (String) r[3], instant(r[4]), isCurrent));
      total = ((Number) r[5]).longValue();
    }
    return new History(versions, total);
  }

  private OffsetDateTime now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  private static String text(byte[] yaml) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(yaml)).toString();
    } catch (CharacterCodingException e) {
      throw new HuntboardException.InvalidRequest("the rule is not UTF-8 text");
    }
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    return ((java.sql.Timestamp) value).toInstant();
  }
}
