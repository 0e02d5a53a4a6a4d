package org.huntboard.connectors.local.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds which of many {@code has} terms occur in a string in one pass: a term that begins with an
 * alphanumeric character can only match where a run of alphanumerics starts, so only those
 * positions are tried, and only the terms whose first (folded) character is the one there. This is
 * what makes {@code has_any} over a list of domains cost about one scan of each value.
 */
final class TermMatcher {

  private final String[] needles;
  private final boolean caseSensitive;
  private final int[][] atTermStart = new int[128][];
  private final int[][] anywhere = new int[128][];
  private final int[] nonAsciiStart;
  private final int[] nonAsciiAnywhere;
  private final boolean hasEmpty;

  /** A matcher of {@code needles}; for the case-insensitive form they must be ASCII-folded. */
  TermMatcher(String[] needles, boolean caseSensitive) {
    this.needles = needles;
    this.caseSensitive = caseSensitive;
    List<List<Integer>> start = new ArrayList<>();
    List<List<Integer>> any = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      start.add(new ArrayList<>());
      any.add(new ArrayList<>());
    }
    List<Integer> nonAsciiS = new ArrayList<>();
    List<Integer> nonAsciiA = new ArrayList<>();
    for (int i = 0; i < needles.length; i++) {
      String n = needles[i];
      if (n.isEmpty()) {
        continue;
      }
      char c = n.charAt(0);
      boolean alnum = StringOps.isAlnum(c);
      if (c < 128) {
        (alnum ? start : any).get(c).add(i);
      } else {
        (alnum ? nonAsciiS : nonAsciiA).add(i);
      }
    }
    for (int i = 0; i < 128; i++) {
      atTermStart[i] = toArray(start.get(i));
      anywhere[i] = toArray(any.get(i));
    }
    nonAsciiStart = toArray(nonAsciiS);
    nonAsciiAnywhere = toArray(nonAsciiA);
    boolean empty = false;
    for (String n : needles) {
      empty |= n.isEmpty();
    }
    hasEmpty = empty;
  }

  private static int[] toArray(List<Integer> l) {
    return l.isEmpty() ? null : l.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether some needle (any) or every needle (all) is a term match in {@code s}. */
  boolean matches(String s, boolean all) {
    if (!all && hasEmpty) {
      return true;
    }
    boolean[] found = all ? new boolean[needles.length] : null;
    int remaining = 0;
    if (all) {
      for (int i = 0; i < needles.length; i++) {
        if (needles[i].isEmpty()) {
          found[i] = true;
        } else {
          remaining++;
        }
      }
      if (remaining == 0) {
        return true;
      }
    }
    int len = s.length();
    boolean prevAlnum = false;
    for (int i = 0; i < len; i++) {
      char raw = s.charAt(i);
      char c = caseSensitive ? raw : StringOps.fold(raw);
      boolean termStart = !prevAlnum;
      prevAlnum = StringOps.isAlnum(raw);
      int[] a = c < 128 ? anywhere[c] : nonAsciiAnywhere;
      int[] b = termStart ? (c < 128 ? atTermStart[c] : nonAsciiStart) : null;
      for (int k = 0; k < 2; k++) {
        int[] cand = k == 0 ? a : b;
        if (cand == null) {
          continue;
        }
        for (int idx : cand) {
          if (found != null && found[idx]) {
            continue;
          }
          String n = needles[idx];
          int end = i + n.length();
          if (end > len || !StringOps.regionMatches(s, i, n, caseSensitive)) {
            continue;
          }
          if (StringOps.isAlnum(n.charAt(n.length() - 1))
              && end < len
              && StringOps.isAlnum(s.charAt(end))) {
            continue;
          }
          if (!all) {
            return true;
          }
          found[idx] = true;
          if (--remaining == 0) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
