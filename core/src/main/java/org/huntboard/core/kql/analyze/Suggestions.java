package org.huntboard.core.kql.analyze;

import java.util.Collection;
import java.util.Optional;

/**
 * Picks the "did you mean" candidate for a name that does not resolve: a name that differs only in
 * ASCII letter case (KQL names are case-sensitive, so {@code Sha1} is not {@code SHA1}), else the
 * closest name within a small edit distance, else the shortest longer name that ends with it.
 */
final class Suggestions {

  private Suggestions() {}

  static Optional<String> closest(String name, Collection<String> candidates) {
    for (String c : candidates) {
      if (c.length() == name.length() && c.regionMatches(true, 0, name, 0, name.length())) {
        if (asciiFold(c).equals(asciiFold(name))) {
          return Optional.of(c);
        }
      }
    }
    if (name.length() < 3) {
      // Any one-letter change of a short name is "close": such suggestions are noise.
      return Optional.empty();
    }
    int limit = Math.max(1, Math.min(3, name.length() / 4));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      if (Math.abs(c.length() - name.length()) > limit) {
        continue;
      }
      int d = distance(asciiFold(name), asciiFold(c));
      if (d <= limit && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    // A longer name ending in this one: AccountUpn -> InitiatingProcessAccountUpn.
    if (name.length() >= 4) {
      for (String c : candidates) {
        if (c.length() > name.length()
            && c.endsWith(name)
            && (best == null || c.length() < best.length())) {
          best = c;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Folds A-Z only, as Kusto's case-insensitive operators do. */
  static String asciiFold(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      b.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
    }
    return b.toString();
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
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
