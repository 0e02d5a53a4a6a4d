package org.huntboard.web.run.persistence;

/** Where a window stands in the ledger. */
public enum RunState {
  /** Due, not yet claimed. */
  PLANNED,
  /** Claimed by a node until its lease ends. */
  RUNNING,
  /** Ran to an answer (possibly partial). */
  SUCCEEDED,
  /** Did not; retried while its failure is retryable and attempts remain. */
  FAILED
}
