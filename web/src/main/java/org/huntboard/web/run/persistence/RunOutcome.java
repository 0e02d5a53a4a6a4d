package org.huntboard.web.run.persistence;

/** How a finished attempt ended. */
public enum RunOutcome {
  SUCCEEDED,
  /** An answer came back but is incomplete (truncated or partial). */
  PARTIAL,
  FAILED
}
