package org.huntboard.core.exclusion;

import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.condition.Condition;

/**
 * What a query needs of an exclusion: the tag it writes into {@code HuntboardExclusion} and the
 * conditions that pick its rows. Both an {@link Exclusion} and an entry of an exclusions file are
 * one, so a rule's templates can be compiled and linted before anyone proposes them.
 */
public interface ExclusionFilter {

  /** The exclusion's id, written as the tag of the rows it matches. */
  String id();

  /** The rows it matches. */
  Condition conditions();

  /**
   * The text the conditions' spans point into (an exclusions file), so findings can say
   * file:line:column; null when the conditions were not parsed from a file.
   */
  default SourceText source() {
    return null;
  }
}
