package org.huntboard.web.run.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.tenancy.TenantScope;
import org.huntboard.web.tenant.persistence.TenantRepository;

/** Reads the run ledger for the caller's tenants. */
@ApplicationScoped
public class RunQueryService {

  private final HuntRunRepository runs;
  private final TenantRepository tenants;
  private final TenantScope scope;

  RunQueryService(HuntRunRepository runs, TenantRepository tenants, TenantScope scope) {
    this.runs = runs;
    this.tenants = tenants;
    this.scope = scope;
  }

  /** A tenant's runs matching the filter, newest window first. */
  @Transactional
  public Page<RunView> list(UUID tenantId, HuntRunRepository.Filter filter, PageRequest page) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
    PanacheQuery<HuntRun> query =
        runs.listForTenant(scope.tenants(), tenantId, filter).page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count())
        .map(run -> RunView.of(run, Map.of()));
  }

  /** The tenant's runs with these ids (without suppressions), oldest window first. */
  @Transactional
  public java.util.List<RunView> listByIds(UUID tenantId, java.util.Collection<UUID> ids) {
    return runs.listByIds(scope.tenants(), tenantId, ids).stream()
        .map(run -> RunView.of(run, Map.of()))
        .toList();
  }

  /** How many of the tenant's runs of a trigger (e.g. backfill) are in each state. */
  @Transactional
  public Map<org.huntboard.web.run.persistence.RunState, Long> countByState(
      UUID tenantId, org.huntboard.web.run.persistence.RunTrigger trigger) {
    tenants
        .findInScope(scope.tenants(), tenantId)
        .orElseThrow(() -> new HuntboardException.NotFound("Tenant", tenantId));
    return runs.countByState(scope.tenants(), tenantId, trigger);
  }

  /** One run with what each exclusion suppressed. */
  @Transactional
  public RunView get(UUID tenantId, UUID runId) {
    HuntRun run =
        runs.findInScope(scope.tenants(), tenantId, runId)
            .orElseThrow(() -> new HuntboardException.NotFound("Run", runId));
    return RunView.of(run, runs.suppressions(run.id));
  }
}
