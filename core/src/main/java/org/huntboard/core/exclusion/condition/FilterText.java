package org.huntboard.core.exclusion.condition;

import java.util.Objects;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;

/**
 * A filter to parse, with the text it was taken from: either itself ({@link #standalone}) or a
 * larger file, such as the YAML scalar of an exclusions file ({@link #embedded}). It maps each
 * character of the filter to its offset in the source, so errors and findings are located at {@code
 * file:line:column} even when the YAML loader resolved quotes, escapes or block indentation.
 */
public final class FilterText {

  private final String text;
  private final SourceText source;
  private final int[] offsets;

  private FilterText(String text, SourceText source, int[] offsets) {
    this.text = text;
    this.source = source;
    this.offsets = offsets;
  }

  /** A filter that is its own source, e.g. typed on a command line; {@code name} labels it. */
  public static FilterText standalone(String name, String text) {
    int[] offsets = new int[text.length() + 1];
    for (int i = 0; i <= text.length(); i++) {
      offsets[i] = i;
    }
    return new FilterText(text, new SourceText(name, text), offsets);
  }

  /** {@link #standalone(String, String)} labelled {@code <filter>}. */
  public static FilterText standalone(String text) {
    return standalone("<filter>", text);
  }

  /**
   * A filter whose value {@code text} was read from {@code source} between offsets {@code start}
   * and {@code end} (a YAML scalar with its quotes or block indicator). Characters are aligned
   * greedily: each character of the value is placed at the next source character equal to it, which
   * skips quotes, escape backslashes, indentation and folded line ends. Characters that have no
   * equal in the source (an escape such as {@code \n} in a double-quoted YAML string) take the
   * position of the next one that does.
   */
  public static FilterText embedded(String text, SourceText source, int start, int end) {
    Objects.requireNonNull(source, "source");
    String raw = source.text();
    int limit = Math.min(end, raw.length());
    int[] offsets = new int[text.length() + 1];
    int s = Math.max(0, start);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int found = -1;
      for (int k = s; k < limit; k++) {
        char r = raw.charAt(k);
        if (r == c || (c == ' ' && (r == '\n' || r == '\r'))) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        // No equal character left (an escape YAML resolved): keep the current position.
        offsets[i] = Math.min(s, limit);
      } else {
        offsets[i] = found;
        s = found + 1;
      }
      i++;
    }
    offsets[text.length()] = Math.min(s, limit);
    return new FilterText(text, source, offsets);
  }

  /** The filter itself. */
  public String text() {
    return text;
  }

  /** The text it came from, for locations. */
  public SourceText source() {
    return source;
  }

  /** The source offset of the filter's character at {@code index} ({@code length()} allowed). */
  public int sourceOffset(int index) {
    return offsets[Math.max(0, Math.min(index, text.length()))];
  }

  /** A located diagnostic at the filter's character {@code index}. */
  public Diagnostic diagnostic(
      Diagnostic.Severity severity, String code, String message, int index) {
    int offset = sourceOffset(index);
    return new Diagnostic(
        severity, code, message, source.location(offset), source.caretExcerpt(offset));
  }
}
