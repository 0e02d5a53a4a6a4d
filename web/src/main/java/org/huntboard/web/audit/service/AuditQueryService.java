package org.huntboard.web.audit.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.huntboard.web.api.Page;
import org.huntboard.web.api.PageRequest;
import org.huntboard.web.audit.persistence.AuditEvent;
import org.huntboard.web.audit.persistence.AuditEventRepository;
import org.huntboard.web.tenancy.TenantScope;

/** Reads the audit log through the caller's tenant set, for the portal's audit pages. */
@ApplicationScoped
public class AuditQueryService {

  private final AuditEventRepository events;
  private final TenantScope scope;

  AuditQueryService(AuditEventRepository events, TenantScope scope) {
    this.events = events;
    this.scope = scope;
  }

  /** The events the caller may see that match the filter, newest first. */
  @Transactional
  public Page<AuditEvent> list(AuditEventRepository.Filter filter, PageRequest page) {
    PanacheQuery<AuditEvent> query =
        events.find(scope.tenants(), filter).page(page.page(), page.size());
    return new Page<>(query.list(), page.page(), page.size(), query.count());
  }
}
