package org.huntboard.web.detection.persistence;

/** Why a detection was closed. */
public enum Resolution {
  TRUE_POSITIVE,
  BENIGN,
  FALSE_POSITIVE
}
