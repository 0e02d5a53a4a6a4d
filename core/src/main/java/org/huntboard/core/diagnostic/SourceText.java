package org.huntboard.core.diagnostic;

import java.util.Arrays;

/**
 * A text with a name (a file path, or a label such as {@code <query>}) that turns character offsets
 * into 1-based line and column numbers. Lines end at {@code \n}; a preceding {@code \r} is part of
 * no column.
 */
public final class SourceText {

  private final String name;
  private final String text;
  private final int[] lineStarts;

  public SourceText(String name, String text) {
    this.name = name;
    this.text = text;
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
  }

  /** The name shown in messages. */
  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  /** The 1-based line of an offset (offsets past the end belong to the last line). */
  public int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, Math.max(0, Math.min(offset, text.length())));
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** The 1-based column of an offset, counting UTF-16 characters; a tab counts as one. */
  public int column(int offset) {
    int clamped = Math.max(0, Math.min(offset, text.length()));
    return clamped - lineStarts[line(clamped) - 1] + 1;
  }

  /** The text of a 1-based line, without its line end. */
  public String lineText(int line) {
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
    if (end > start && text.charAt(end - 1) == '\r') {
      end--;
    }
    return text.substring(start, Math.max(start, end));
  }

  /** A location for an offset. */
  public SourceLocation location(int offset) {
    return new SourceLocation(name, line(offset), column(offset));
  }

  /**
   * The line holding {@code offset}, and under it a caret at the offset's column (tabs in the line
   * are kept under the caret line so it lines up).
   */
  public String caretExcerpt(int offset) {
    int line = line(offset);
    String lineText = lineText(line);
    int column = column(offset);
    StringBuilder pad = new StringBuilder();
    for (int i = 0; i < column - 1 && i < lineText.length(); i++) {
      pad.append(lineText.charAt(i) == '\t' ? '\t' : ' ');
    }
    return lineText + "\n" + pad + "^";
  }
}
