package org.huntboard.core.exclusion.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the names closest to a misspelt one, for "did you mean" hints. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * Up to three candidates within an edit distance of a third of the name's length (at least 2),
   * ignoring case, nearest first; a candidate that contains the name, or that the name contains,
   * also counts as close.
   */
  public static List<String> closest(String name, List<String> candidates) {
    String n = name.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, n.length() / 3);
    record Scored(String candidate, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d = distance(n, lc);
      if (d <= limit || (n.length() >= 4 && (lc.contains(n) || n.contains(lc)))) {
        scored.add(new Scored(c, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate));
    return scored.stream().limit(3).map(Scored::candidate).toList();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
