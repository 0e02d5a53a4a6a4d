package org.huntboard.core.exclusion.compile;

/** How exclusions go into a rule's query. */
public enum CompileForm {
  /**
   * {@code | extend HuntboardExclusion = case(<ex-1>, "ex-1", ..., "")}, added to the {@code
   * summarize} keys: one query returns the detections (empty tag) and what each exclusion
   * suppressed.
   */
  TAGGED,
  /** {@code | where not(<ex-1> or <ex-2> ...)}: only the rows no exclusion matches. */
  PLAIN
}
