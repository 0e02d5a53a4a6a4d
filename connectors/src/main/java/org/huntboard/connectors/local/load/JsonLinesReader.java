package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads JSON lines: one row object per line, blank lines ignored. Lines are cut from the byte
 * stream and each is parsed on its own, so a malformed line is reported by its number and, in a
 * lenient load, skipped without losing the lines after it.
 */
final class JsonLinesReader {

  private static final int BLOCK = 1 << 20;

  private final JsonFactory factory;
  private final FlatRowParser flat = new FlatRowParser();

  JsonLinesReader(JsonFactory factory) {
    this.factory = factory;
  }

  /**
   * Reads the stream to its end. {@code prefix} holds bytes already taken from the stream (format
   * detection) that come first.
   */
  void read(InputStream in, byte[] prefix, FileLoad load) throws IOException {
    byte[] buf = new byte[Math.max(BLOCK, prefix.length * 2)];
    System.arraycopy(prefix, 0, buf, 0, prefix.length);
    int filled = prefix.length;
    long line = 1;
    boolean eof = false;
    int start = 0;
    while (true) {
      int nl = indexOf(buf, (byte) '\n', start, filled);
      if (nl < 0) {
        if (eof) {
          if (start < filled) {
            parseLine(buf, start, filled, line, load);
          }
          return;
        }
        // Move the partial line to the front and read more behind it.
        int rest = filled - start;
        if (start == 0 && rest == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        } else {
          System.arraycopy(buf, start, buf, 0, rest);
        }
        filled = rest;
        start = 0;
        int n = in.readNBytes(buf, filled, buf.length - filled);
        if (n == 0) {
          eof = true;
        }
        filled += n;
        continue;
      }
      parseLine(buf, start, nl, line, load);
      line++;
      start = nl + 1;
    }
  }

  private static int indexOf(byte[] buf, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void parseLine(byte[] buf, int from, int to, long line, FileLoad load)
      throws IOException {
    int end = to;
    if (end > from && buf[end - 1] == '\r') {
      end--;
    }
    int first = from;
    while (first < end && (buf[first] == ' ' || buf[first] == '\t')) {
      first++;
    }
    if (first == end) {
      return;
    }
    if (first == from && line == 1 && end - from >= 3) {
      // A UTF-8 byte-order mark, as some Windows tools write.
      if ((buf[from] & 0xff) == 0xEF
          && (buf[from + 1] & 0xff) == 0xBB
          && (buf[from + 2] & 0xff) == 0xBF) {
        first += 3;
      }
    }
    if (flat.parse(buf, first, end, load)) {
      load.acceptRow();
      return;
    }
    try (JsonParser parser = factory.createParser(buf, first, end - first)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        load.problem(
            FileLoad.SYNTAX,
            line,
            1 + first - from,
            "expected a row object ({...}), found " + token);
        return;
      }
      // Jackson counts columns from the start of the slice; the line starts 'first - from' earlier.
      int shift = first - from;
      RowObjects.Position position =
          new RowObjects.Position() {
            @Override
            public long line(JsonLocation at) {
              return line;
            }

            @Override
            public long column(JsonLocation at) {
              return at.getColumnNr() + shift;
            }
          };
      if (!RowObjects.decode(parser, load, Map.of(), position)) {
        return;
      }
      JsonToken after = parser.nextToken();
      if (after != null) {
        load.problem(
            FileLoad.SYNTAX,
            line,
            parser.currentTokenLocation().getColumnNr() + shift,
            "unexpected text after the row object (one row object per line)");
        return;
      }
      load.acceptRow();
    } catch (JsonProcessingException e) {
      long column = e.getLocation() == null ? 1 : e.getLocation().getColumnNr() + (first - from);
      load.problem(FileLoad.SYNTAX, line, column, "malformed JSON: " + e.getOriginalMessage());
    }
  }
}
