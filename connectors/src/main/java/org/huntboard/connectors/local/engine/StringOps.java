package org.huntboard.connectors.local.engine;

/**
 * Kusto's string predicates. Case-insensitive forms fold ASCII letters only, as Kusto does ("İ" =~
 * "i" is false); locale-dependent {@code toLowerCase} is never used. Term operators ({@code has}
 * and family) follow the algorithm of Huntboard's KQL notes: the right-hand side must occur in the
 * left-hand side without starting or ending inside a run of alphanumeric characters.
 */
final class StringOps {

  private StringOps() {}

  static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** ASCII-only lower case, for case-insensitive keys ({@code in~}, joins never fold). */
  static String foldAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] out = s.toCharArray();
        for (int j = i; j < out.length; j++) {
          out[j] = fold(out[j]);
        }
        return new String(out);
      }
    }
    return s;
  }

  static boolean isAlnum(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return Character.isLetterOrDigit(c);
  }

  static boolean equalsIgnoreCase(String a, String b) {
    return a.length() == b.length() && regionMatches(a, 0, b, false);
  }

  /** Whether {@code needle} occurs in {@code hay} at {@code offset}. */
  static boolean regionMatches(String hay, int offset, String needle, boolean caseSensitive) {
    int n = needle.length();
    if (offset < 0 || offset + n > hay.length()) {
      return false;
    }
    if (caseSensitive) {
      return hay.startsWith(needle, offset);
    }
    for (int i = 0; i < n; i++) {
      char a = hay.charAt(offset + i);
      char b = needle.charAt(i);
      if (a != b && fold(a) != fold(b)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first index ≥ {@code from} where {@code needle} occurs; for the case-insensitive search
   * {@code needle} must already be folded ({@link #foldAscii}).
   */
  static int indexOf(String hay, String needle, int from, boolean caseSensitive) {
    if (caseSensitive) {
      return hay.indexOf(needle, from);
    }
    int n = needle.length();
    if (n == 0) {
      return from <= hay.length() ? from : -1;
    }
    char first = needle.charAt(0);
    int last = hay.length() - n;
    for (int i = from; i <= last; i++) {
      if (fold(hay.charAt(i)) != first) {
        continue;
      }
      int j = 1;
      while (j < n && fold(hay.charAt(i + j)) == needle.charAt(j)) {
        j++;
      }
      if (j == n) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The term search behind {@code has}, {@code hasprefix} and {@code hassuffix}: an occurrence of
   * {@code needle} counts when its start (if {@code checkStart}) and end (if {@code checkEnd}) do
   * not fall inside a run of alphanumerics. A boundary is only checked where the needle itself
   * begins or ends with an alphanumeric character, so {@code "/a?"} matches inside a URL.
   */
  static boolean termSearch(
      String hay, String needle, boolean caseSensitive, boolean checkStart, boolean checkEnd) {
    int n = needle.length();
    if (n == 0) {
      return true;
    }
    boolean startAlnum = checkStart && isAlnum(needle.charAt(0));
    boolean endAlnum = checkEnd && isAlnum(needle.charAt(n - 1));
    int i = indexOf(hay, needle, 0, caseSensitive);
    while (i >= 0) {
      boolean ok =
          (!startAlnum || i == 0 || !isAlnum(hay.charAt(i - 1)))
              && (!endAlnum || i + n == hay.length() || !isAlnum(hay.charAt(i + n)));
      if (ok) {
        return true;
      }
      i = indexOf(hay, needle, i + 1, caseSensitive);
    }
    return false;
  }

  /** A string operator applied to a prepared right-hand side. */
  enum Op {
    EQUALS_CI,
    HAS,
    HASPREFIX,
    HASSUFFIX,
    CONTAINS,
    STARTSWITH,
    ENDSWITH
  }

  /**
   * Applies {@code op}; for case-insensitive forms {@code rhs} must be folded by the caller once
   * (see {@link #prepare}).
   */
  static boolean apply(Op op, String lhs, String rhs, boolean caseSensitive) {
    return switch (op) {
      case EQUALS_CI -> equalsIgnoreCase(lhs, rhs);
      case HAS -> termSearch(lhs, rhs, caseSensitive, true, true);
      case HASPREFIX -> termSearch(lhs, rhs, caseSensitive, true, false);
      case HASSUFFIX -> termSearch(lhs, rhs, caseSensitive, false, true);
      case CONTAINS -> indexOf(lhs, rhs, 0, caseSensitive) >= 0;
      case STARTSWITH -> regionMatches(lhs, 0, rhs, caseSensitive);
      case ENDSWITH -> regionMatches(lhs, lhs.length() - rhs.length(), rhs, caseSensitive);
    };
  }

  static String prepare(String rhs, boolean caseSensitive) {
    return caseSensitive ? rhs : foldAscii(rhs);
  }
}
