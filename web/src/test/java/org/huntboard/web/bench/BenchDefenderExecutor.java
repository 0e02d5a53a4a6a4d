package org.huntboard.web.bench;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.huntboard.connectors.credential.AuthorityHost;
import org.huntboard.connectors.credential.CredentialSettings;
import org.huntboard.connectors.spi.Connector;
import org.huntboard.connectors.spi.ConnectorException;
import org.huntboard.connectors.spi.ConnectorRegistry;
import org.huntboard.connectors.spi.ConnectorRuntime;
import org.huntboard.connectors.spi.ConnectorSettings;
import org.huntboard.connectors.spi.QueryResult;
import org.huntboard.connectors.spi.TimeWindow;
import org.huntboard.connectors.table.Table;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.rewrite.QueryRewriter;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.rule.HuntingRule;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.run.service.ConnectorHuntExecutor;
import org.huntboard.web.run.service.FailureClass;
import org.huntboard.web.run.service.HuntExecutor;
import org.huntboard.web.run.service.HuntRequest;
import org.huntboard.web.run.service.HuntResult;
import org.huntboard.web.tenant.persistence.Tenant;

/**
 * The benchmarks' hunt executor: runs each window of a catalog rule through the connectors module's
 * real Defender client against {@link FakeDefender}, under the tenant's Entra tenant id and the
 * fake app registration, with a connector runtime on the simulated clock (so the client's own
 * 45-calls-a-minute limiter and its backoff sleeps run in simulated time).
 *
 * <p>It stands in for the production executor ({@code ConnectorHuntExecutor}, whose path from a
 * tenant's stored credential to the Defender connector {@code StoredCredentialRunTest} covers) so
 * that it can count every successful execution per window, which lets the benchmark prove that no
 * window ran twice, measure the CPU time each call took on the calling thread, so the scheduling
 * overhead can be told apart from the hunt itself, and freeze a node's threads in their calls. The
 * KQL it sends is bound, rendered and hashed the same way, through the same Defender client.
 */
@Alternative
@Singleton
public class BenchDefenderExecutor implements HuntExecutor {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The CPU nanoseconds spent in {@link #execute} on the current thread since the last read. */
  static final ThreadLocal<long[]> EXECUTOR_CPU = ThreadLocal.withInitial(() -> new long[1]);

  /** A window of an assignment. */
  record WindowKey(UUID assignmentId, java.time.Instant windowStart) {}

  private final RuleCatalog rules;
  private final EntityManager entities;
  private final ConnectorRegistry registry = ConnectorRegistry.load();
  private final Map<WindowKey, AtomicInteger> succeeded = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final Map<UUID, UUID> entraTenants = new ConcurrentHashMap<>();
  final AtomicLong executions = new AtomicLong();
  final AtomicLong cpuNanos = new AtomicLong();
  private volatile String baseUrl;
  private volatile String caFile;
  private volatile ConnectorRuntime runtime;

  BenchDefenderExecutor(RuleCatalog rules, EntityManager entities) {
    this.rules = rules;
    this.entities = entities;
  }

  /** Points the executor at the fake, with the connector runtime the runs share. */
  void configure(String baseUrl, String caFile, ConnectorRuntime runtime) {
    this.baseUrl = baseUrl;
    this.caFile = caFile;
    this.runtime = runtime;
  }

  /** How often each window finished successfully (more than once is a duplicate). */
  Map<WindowKey, AtomicInteger> succeeded() {
    return succeeded;
  }

  /** Failed executions by failure class. */
  Map<String, AtomicLong> failures() {
    return failures;
  }

  @Override
  public HuntResult execute(HuntRequest request) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    try {
      executions.incrementAndGet();
      HuntResult result = run(request);
      // A frozen node (the faults benchmark's stand-in for a killed process) never gets its
      // answer back to the ledger: its thread stops here until the benchmark is over.
      Freeze.awaitIfFrozen(BenchHuntJob.NODE.get());
      if (result instanceof HuntResult.Completed) {
        succeeded
            .computeIfAbsent(
                new WindowKey(request.assignmentId(), request.windowStart()),
                k -> new AtomicInteger())
            .incrementAndGet();
      } else if (result instanceof HuntResult.Failed f) {
        failures.computeIfAbsent(f.failureClass().name(), k -> new AtomicLong()).incrementAndGet();
      }
      return result;
    } finally {
      long used = THREADS.getCurrentThreadCpuTime() - cpu;
      EXECUTOR_CPU.get()[0] += used;
      cpuNanos.addAndGet(used);
    }
  }

  private HuntResult run(HuntRequest request) {
    HuntingRule rule = rules.find(request.ruleId()).orElse(null);
    if (rule == null) {
      return new HuntResult.Failed(
          FailureClass.NOT_CONFIGURED, "unknown rule " + request.ruleId(), null, null);
    }
    String version = rule.contentHash();
    Query bound;
    try {
      SourceText source = new SourceText(rule.source(), rule.query().text());
      bound =
          QueryRewriter.bindTimeWindow(
              KqlParser.parse(source),
              request.queryStart(),
              request.windowEnd().minus(Duration.ofNanos(100)),
              source);
    } catch (DiagnosticException e) {
      return new HuntResult.Failed(FailureClass.BAD_QUERY, e.getMessage(), version, null);
    }
    String kql = KqlRenderer.render(bound);
    String queryHash = sha256(kql);
    UUID entra =
        entraTenants.computeIfAbsent(
            request.tenantId(),
            id ->
                QuarkusTransaction.requiringNew()
                    .call(() -> entities.find(Tenant.class, id).entraTenantId));
    ConnectorSettings settings =
        ConnectorSettings.builder(request.tenantId().toString())
            .runtime(runtime)
            .credential(
                new CredentialSettings.ClientSecret(
                    entra.toString(),
                    FakeDefender.CLIENT_ID,
                    FakeDefender.CLIENT_SECRET,
                    AuthorityHost.parse(baseUrl + "/")))
            .property(ConnectorSettings.ENDPOINT, baseUrl)
            .property(ConnectorSettings.CA_FILE, caFile)
            .build();
    TimeWindow window = new TimeWindow(request.queryStart(), request.windowEnd());
    try (Connector connector = registry.create("defender", settings)) {
      QueryResult result = connector.run(kql, window);
      return completed(version, queryHash, result.table(), null);
    } catch (ConnectorException e) {
      FailureClass failure = classify(e.failureClass());
      if (e.partialResult().isPresent()) {
        return completed(version, queryHash, e.partialResult().get().table(), failure);
      }
      return new HuntResult.Failed(failure, e.describe(), version, queryHash);
    } catch (RuntimeException e) {
      return new HuntResult.Failed(
          FailureClass.INTERNAL,
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          version,
          queryHash);
    }
  }

  private static HuntResult completed(
      String version, String queryHash, Table table, FailureClass partial) {
    List<Map<String, Object>> rows = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < table.columnCount(); c++) {
        row.put(table.columnName(c), ConnectorHuntExecutor.plain(table.value(r, c)));
      }
      rows.add(row);
    }
    return new HuntResult.Completed(
        version,
        queryHash,
        "none",
        rows.size(),
        rows.size(),
        Map.of(),
        List.of("DeviceId", "DeviceName", "RemoteUrl"),
        rows,
        partial);
  }

  private static FailureClass classify(org.huntboard.connectors.spi.FailureClass failure) {
    return switch (failure) {
      case THROTTLED, QUOTA_EXHAUSTED -> FailureClass.THROTTLED;
      case UNAUTHORIZED, FORBIDDEN -> FailureClass.UNAUTHORIZED;
      case BAD_QUERY -> FailureClass.BAD_QUERY;
      case TIMEOUT -> FailureClass.TIMEOUT;
      case TRUNCATED -> FailureClass.TRUNCATED;
      case PARTIAL -> FailureClass.PARTIAL;
      case UNAVAILABLE -> FailureClass.UNAVAILABLE;
    };
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
