package org.huntboard.connectors.local.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * A fast path for the common JSON line: one flat object of string, number, boolean and null values
 * whose keys are columns the layout already has, usually in layout order. It reads the bytes
 * directly (no tokenizer, no key canonicalization: a key is compared with the expected column's
 * name first) and declines — returns false, leaving the row untouched for the caller to re-read
 * with Jackson — on anything else: a nested value, an unknown column, a value that does not fit its
 * type, or any syntax it does not expect. So every error is still reported by the general reader,
 * with its location and message.
 */
final class FlatRowParser {

  private byte[][] keys = new byte[0][];
  private byte[] scratch = new byte[256];

  /** Decodes {@code buf[from, to)} into the load's current row; false when it declines. */
  boolean parse(byte[] buf, int from, int to, FileLoad load) {
    TableLayout layout = load.layout();
    if (keys.length != layout.size()) {
      keys = new byte[layout.size()][];
      for (int c = 0; c < keys.length; c++) {
        keys[c] = layout.column(c).name().getBytes(StandardCharsets.UTF_8);
      }
    }
    DecodedRow row = load.startRow();
    int i = skip(buf, from, to);
    if (i >= to || buf[i] != '{') {
      return false;
    }
    i = skip(buf, i + 1, to);
    if (i < to && buf[i] == '}') {
      return skip(buf, i + 1, to) == to;
    }
    int expected = 0;
    while (true) {
      if (i >= to || buf[i] != '"') {
        return false;
      }
      int ks = i + 1;
      int ke = ks;
      while (ke < to && buf[ke] != '"') {
        if (buf[ke] == '\\') {
          return false;
        }
        ke++;
      }
      if (ke >= to) {
        return false;
      }
      int column = match(buf, ks, ke, expected, layout);
      if (column < 0) {
        return false;
      }
      expected = column + 1;
      i = skip(buf, ke + 1, to);
      if (i >= to || buf[i] != ':') {
        return false;
      }
      i = skip(buf, i + 1, to);
      if (i >= to) {
        return false;
      }
      ScalarType type = layout.column(column).type();
      byte b = buf[i];
      try {
        if (b == '"') {
          i = string(buf, i + 1, to, row, column, type);
          if (i < 0) {
            return false;
          }
        } else if (b == 't' || b == 'f') {
          boolean value = b == 't';
          String word = value ? "true" : "false";
          if (!literal(buf, i, to, word)) {
            return false;
          }
          if (type == ScalarType.BOOL) {
            row.setBits(column, value ? 1 : 0);
          } else if (type == ScalarType.STRING) {
            row.setRef(column, word);
          } else {
            return false;
          }
          i += word.length();
        } else if (b == 'n') {
          if (!literal(buf, i, to, "null")) {
            return false;
          }
          if (type == ScalarType.STRING) {
            row.setRef(column, "");
          } else {
            row.setNull(column);
          }
          i += 4;
        } else if (b == '-' || (b >= '0' && b <= '9')) {
          i = number(buf, i, to, row, column, type);
          if (i < 0) {
            return false;
          }
        } else {
          return false; // an object or array, or not JSON
        }
      } catch (ValueDecoder.ValueException e) {
        return false; // the general reader reports it, located
      }
      i = skip(buf, i, to);
      if (i >= to) {
        return false;
      }
      if (buf[i] == ',') {
        i = skip(buf, i + 1, to);
        continue;
      }
      if (buf[i] == '}') {
        return skip(buf, i + 1, to) == to;
      }
      return false;
    }
  }

  private int match(byte[] buf, int ks, int ke, int expected, TableLayout layout) {
    int len = ke - ks;
    if (expected < keys.length) {
      byte[] k = keys[expected];
      if (k.length == len && Arrays.equals(buf, ks, ke, k, 0, len)) {
        return expected;
      }
    }
    return layout.indexOf(new String(buf, ks, len, StandardCharsets.UTF_8));
  }

  private static int skip(byte[] buf, int i, int to) {
    while (i < to && (buf[i] == ' ' || buf[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean literal(byte[] buf, int i, int to, String word) {
    if (i + word.length() > to) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (buf[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Reads a string whose opening quote is before {@code i}; returns the index after it, or -1. */
  private int string(byte[] buf, int i, int to, DecodedRow row, int column, ScalarType type) {
    int start = i;
    boolean ascii = true;
    while (i < to) {
      byte b = buf[i];
      if (b == '"') {
        String s =
            new String(
                buf,
                start,
                i - start,
                ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        set(row, column, type, s);
        return i + 1;
      }
      if (b == '\\') {
        return escaped(buf, start, to, row, column, type);
      }
      if (b < 0) {
        ascii = false;
      } else if (b < 0x20) {
        return -1; // a raw control character is not JSON
      }
      i++;
    }
    return -1;
  }

  /** The slow half of {@link #string}: unescapes into a scratch buffer. */
  private int escaped(byte[] buf, int start, int to, DecodedRow row, int column, ScalarType type) {
    int n = 0;
    int i = start;
    while (i < to) {
      byte b = buf[i];
      if (n + 4 > scratch.length) {
        scratch = Arrays.copyOf(scratch, scratch.length * 2);
      }
      if (b == '"') {
        set(row, column, type, new String(scratch, 0, n, StandardCharsets.UTF_8));
        return i + 1;
      }
      if (b != '\\') {
        if (b >= 0 && b < 0x20) {
          return -1;
        }
        scratch[n++] = b;
        i++;
        continue;
      }
      if (i + 1 >= to) {
        return -1;
      }
      byte e = buf[i + 1];
      i += 2;
      switch (e) {
        case '"', '\\', '/' -> scratch[n++] = e;
        case 'b' -> scratch[n++] = '\b';
        case 'f' -> scratch[n++] = '\f';
        case 'n' -> scratch[n++] = '\n';
        case 'r' -> scratch[n++] = '\r';
        case 't' -> scratch[n++] = '\t';
        case 'u' -> {
          int cp = hex4(buf, i, to);
          if (cp < 0) {
            return -1;
          }
          i += 4;
          if (Character.isHighSurrogate((char) cp)) {
            int low =
                i + 6 <= to && buf[i] == '\\' && buf[i + 1] == 'u' ? hex4(buf, i + 2, to) : -1;
            if (low < 0 || !Character.isLowSurrogate((char) low)) {
              return -1;
            }
            i += 6;
            cp = Character.toCodePoint((char) cp, (char) low);
          } else if (Character.isLowSurrogate((char) cp)) {
            return -1;
          }
          byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          for (byte u : utf8) {
            scratch[n++] = u;
          }
        }
        default -> {
          return -1;
        }
      }
    }
    return -1;
  }

  private static int hex4(byte[] buf, int i, int to) {
    if (i + 4 > to) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(buf[i + k], 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static void set(DecodedRow row, int column, ScalarType type, String text) {
    if (type == ScalarType.STRING) {
      row.setRef(column, text);
    } else {
      // Same rules as a JSON string token in the general reader.
      ValueDecoder.decodeText(row, column, type, text);
    }
  }

  /** Reads a JSON number; -1 when it does not fit the column (the general reader says why). */
  private static int number(
      byte[] buf, int i, int to, DecodedRow row, int column, ScalarType type) {
    int start = i;
    boolean integral = true;
    if (buf[i] == '-') {
      i++;
    }
    int digits = i;
    while (i < to) {
      byte b = buf[i];
      if (b >= '0' && b <= '9') {
        i++;
      } else if (b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-') {
        integral = false;
        i++;
      } else {
        break;
      }
    }
    if (i == digits) {
      return -1;
    }
    if ((type == ScalarType.LONG || type == ScalarType.INT) && integral && i - digits <= 18) {
      long v = 0;
      for (int k = digits; k < i; k++) {
        v = v * 10 + (buf[k] - '0');
      }
      if (buf[start] == '-') {
        v = -v;
      }
      if (type == ScalarType.INT && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
        return -1;
      }
      row.setBits(column, v);
      return i;
    }
    String text = new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
    if (type == ScalarType.REAL) {
      try {
        row.setBits(column, Double.doubleToRawLongBits(Double.parseDouble(text)));
      } catch (NumberFormatException e) {
        return -1;
      }
      return i;
    }
    if (type == ScalarType.STRING) {
      row.setRef(column, text);
      return i;
    }
    return -1;
  }
}
