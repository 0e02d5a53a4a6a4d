package org.huntboard.web.run.service;

/**
 * Runs one window of a rule for a tenant on a connector: resolves the rule version, builds the
 * exact KQL with the window bound and the tenant's active exclusions, and runs it on the connector
 * under the tenant's credential.
 *
 * <p>Exactly one CDI bean implements it. While none is installed, windows are still planned and
 * kept in the ledger as planned, so they run (as backfill) once an executor is present.
 * Implementations must be safe to call from several threads and must not throw: every failure is a
 * {@link HuntResult.Failed} with its class.
 */
public interface HuntExecutor {

  /** Runs the window and classifies the outcome. */
  HuntResult execute(HuntRequest request);
}
