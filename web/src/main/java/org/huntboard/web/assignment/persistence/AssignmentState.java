package org.huntboard.web.assignment.persistence;

/** Whether an assignment's windows are being run. */
public enum AssignmentState {
  /** Fires on its schedule. */
  ACTIVE,
  /** Does not fire; windows that fall due while paused are backfilled on resume. */
  PAUSED
}
