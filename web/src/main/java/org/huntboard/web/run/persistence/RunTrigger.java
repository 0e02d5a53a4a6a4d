package org.huntboard.web.run.persistence;

/** Why a window was planned. */
public enum RunTrigger {
  /** The newest due window at a firing of the schedule. */
  SCHEDULE,
  /** An older window that was missed (downtime, pause, throttling) and is run to fill the gap. */
  BACKFILL
}
