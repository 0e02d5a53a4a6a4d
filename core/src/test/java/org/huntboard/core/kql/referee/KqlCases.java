package org.huntboard.core.kql.referee;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-written KQL cases kept in one test resource: a line {@code // === name: why} starts a case,
 * whose query is the text up to the next such line (trailing blank lines dropped).
 */
public final class KqlCases {

  private static final Pattern HEADER = Pattern.compile("^// === ([^:]+):\\s*(.*)$");

  /** One case: its name, what it shows, its query, and the 1-based line of the query's start. */
  public record KqlCase(String resource, String name, String why, String query, int line) {
    /** {@code resource:name}, how reports name a case. */
    public String label() {
      return resource + ":" + name;
    }
  }

  private KqlCases() {}

  /** The cases of {@code resource} (a class-path path such as {@code kql/broken.kql}). */
  public static List<KqlCase> load(String resource) {
    String text;
    try (InputStream in = KqlCases.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<KqlCase> cases = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    String name = null;
    String why = null;
    int start = 0;
    StringBuilder body = new StringBuilder();
    for (int i = 0; i <= lines.length; i++) {
      Matcher header = i < lines.length ? HEADER.matcher(lines[i]) : null;
      if (i == lines.length || header.matches()) {
        if (name != null) {
          cases.add(new KqlCase(resource, name, why, body.toString().stripTrailing(), start));
        }
        if (i < lines.length) {
          name = header.group(1).trim();
          why = header.group(2).trim();
          start = i + 2;
          body.setLength(0);
        }
      } else if (name != null) {
        body.append(lines[i]).append('\n');
      }
    }
    return cases;
  }
}
