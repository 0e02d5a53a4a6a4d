package org.huntboard.connectors.local.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of many {@code has} terms occur in a string in one pass. A term that begins with an
 * alphanumeric character can only match where a run of alphanumerics starts, so only those
 * positions are tried, and only against the terms that begin with the (folded) two characters found
 * there. This is what makes {@code has_any} over a list of domains cost about one scan of each
 * distinct value.
 */
final class TermMatcher {

  private static final boolean[] ALNUM = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ALNUM[c] = StringOps.isAlnum(c);
    }
  }

  private final String[] needles;
  private final boolean caseSensitive;
  private final boolean hasEmpty;
  // Buckets keyed by the first two characters (ASCII), or by the first one for the rest.
  private final int[][] pairAtTermStart = new int[128 * 128][];
  private final int[][] pairAnywhere = new int[128 * 128][];
  private final Map<Character, int[]> singleAtTermStart = new HashMap<>();
  private final Map<Character, int[]> singleAnywhere = new HashMap<>();
  private final boolean anyAnywhere;
  private final boolean anySingle;

  /** A matcher of {@code needles}; for the case-insensitive form they must be ASCII-folded. */
  TermMatcher(String[] needles, boolean caseSensitive) {
    this.needles = needles;
    this.caseSensitive = caseSensitive;
    Map<Integer, List<Integer>> pairStart = new HashMap<>();
    Map<Integer, List<Integer>> pairAny = new HashMap<>();
    Map<Character, List<Integer>> singleStart = new HashMap<>();
    Map<Character, List<Integer>> singleAny = new HashMap<>();
    boolean empty = false;
    for (int i = 0; i < needles.length; i++) {
      String n = needles[i];
      if (n.isEmpty()) {
        empty = true;
        continue;
      }
      char c0 = n.charAt(0);
      boolean start = StringOps.isAlnum(c0);
      if (n.length() >= 2 && c0 < 128 && n.charAt(1) < 128) {
        (start ? pairStart : pairAny)
            .computeIfAbsent((c0 << 7) | n.charAt(1), k -> new ArrayList<>())
            .add(i);
      } else {
        (start ? singleStart : singleAny).computeIfAbsent(c0, k -> new ArrayList<>()).add(i);
      }
    }
    pairStart.forEach((k, v) -> pairAtTermStart[k] = toArray(v));
    pairAny.forEach((k, v) -> pairAnywhere[k] = toArray(v));
    singleStart.forEach((k, v) -> singleAtTermStart.put(k, toArray(v)));
    singleAny.forEach((k, v) -> singleAnywhere.put(k, toArray(v)));
    anyAnywhere = !pairAny.isEmpty() || !singleAny.isEmpty();
    anySingle = !singleStart.isEmpty() || !singleAny.isEmpty();
    hasEmpty = empty;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean alnum(char c) {
    return c < 128 ? ALNUM[c] : Character.isLetterOrDigit(c);
  }

  private char fold(char c) {
    return caseSensitive || c < 'A' || c > 'Z' ? c : (char) (c + 32);
  }

  /** Whether some needle (any) or every needle (all) is a term match in {@code s}. */
  boolean matches(String s, boolean all) {
    if (!all && hasEmpty) {
      return true;
    }
    boolean[] found = null;
    int remaining = 0;
    if (all) {
      found = new boolean[needles.length];
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
      boolean termStart = !prevAlnum;
      prevAlnum = alnum(raw);
      if (!termStart && !anyAnywhere) {
        continue;
      }
      char c0 = fold(raw);
      if (i + 1 < len && c0 < 128) {
        char c1 = fold(s.charAt(i + 1));
        if (c1 < 128) {
          int key = (c0 << 7) | c1;
          if (termStart) {
            remaining = check(pairAtTermStart[key], s, i, found, remaining);
            if (remaining < 0) {
              return true;
            }
          }
          remaining = check(pairAnywhere[key], s, i, found, remaining);
          if (remaining < 0) {
            return true;
          }
        }
      }
      if (anySingle) {
        if (termStart) {
          remaining = check(singleAtTermStart.get(c0), s, i, found, remaining);
          if (remaining < 0) {
            return true;
          }
        }
        remaining = check(singleAnywhere.get(c0), s, i, found, remaining);
        if (remaining < 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Checks candidates at {@code i}; returns -1 when the answer is true, else the new remaining. */
  private int check(int[] candidates, String s, int i, boolean[] found, int remaining) {
    if (candidates == null) {
      return remaining;
    }
    int len = s.length();
    for (int idx : candidates) {
      if (found != null && found[idx]) {
        continue;
      }
      String n = needles[idx];
      int end = i + n.length();
      if (end > len || !StringOps.regionMatches(s, i, n, caseSensitive)) {
        continue;
      }
      if (alnum(n.charAt(n.length() - 1)) && end < len && alnum(s.charAt(end))) {
        continue;
      }
      if (found == null) {
        return -1;
      }
      found[idx] = true;
      if (--remaining == 0) {
        return -1;
      }
    }
    return remaining;
  }
}
