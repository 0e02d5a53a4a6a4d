package org.huntboard.connectors.spi;

import java.util.regex.Pattern;

/** Writes names and strings into KQL text so that no value can change the query's shape. */
public final class KqlNames {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private KqlNames() {}

  /** A table or column reference: the bare name when it is an identifier, else {@code ['...']}. */
  public static String name(String name) {
    if (PLAIN.matcher(name).matches()) {
      return name;
    }
    return "[" + string(name) + "]";
  }

  /**
   * A single-quoted KQL string literal with backslashes, quotes, tabs and line breaks escaped;
   * other control characters are refused.
   */
  public static String string(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            throw new IllegalArgumentException(
                "a control character (code " + (int) c + ") cannot be written into a KQL string");
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('\'').toString();
  }
}
