package org.huntboard.web.detection.persistence;

import java.util.EnumSet;
import java.util.Set;

/** Where a detection stands in triage, and the moves an analyst may make from there. */
public enum TriageState {
  NEW,
  ACKNOWLEDGED,
  CLOSED;

  /** The states an analyst may move a detection to from this one. */
  public Set<TriageState> next() {
    return switch (this) {
      case NEW -> EnumSet.of(ACKNOWLEDGED, CLOSED);
      case ACKNOWLEDGED -> EnumSet.of(CLOSED);
      case CLOSED -> EnumSet.of(ACKNOWLEDGED);
    };
  }
}
