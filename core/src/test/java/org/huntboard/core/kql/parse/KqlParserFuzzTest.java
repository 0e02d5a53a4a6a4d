package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Query;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of real queries: the parser either gives a tree, which renders and parses back
 * to the same tree, or a located KQL-SYNTAX diagnostic, and never anything else, and never hangs.
 */
class KqlParserFuzzTest {

  private static final String ALPHABET =
      "()[]{}|;,.:'\"@`!~=<>-+*/%$_hH019ex dmsw\n\t\\\u00e9\u4e2d\u0000";
  private static final String[] WORDS = {
    "where",
    "and",
    "or",
    "in",
    "!in~",
    "has_any",
    "between",
    "..",
    "datetime(",
    "dynamic([",
    "let",
    "=",
    "|",
    "(",
    ")",
    "join",
    "on",
    "summarize",
    "by",
    "'",
    "\"",
    "```",
    "@'",
    "1d",
    "0x",
    "1e",
    "project-away",
    "*",
    "typeof(",
    "to",
    "with",
    "kind=",
    "$left.",
    "['",
    "-",
    "//"
  };
  private static final int MUTATIONS = 4000;

  static List<String> seeds() throws IOException {
    List<String> seeds = new ArrayList<>();
    try (InputStream in =
        KqlParserFuzzTest.class.getResourceAsStream(
            "/org/huntboard/core/kql/render/round-trip.kql")) {
      seeds.addAll(
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n====\n")));
    }
    if (System.getProperty("huntboard.shared.dir") != null) {
      try {
        RmmCorpus.entries().stream().limit(60).forEach(e -> seeds.add(e.text()));
      } catch (org.opentest4j.TestAbortedException absent) {
        // The corpus is optional here: the hand-written queries are seeds enough.
      }
    }
    return seeds;
  }

  static String mutate(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(5)) {
        case 0 -> {
          if (at < s.length()) {
            s.deleteCharAt(at);
          }
        }
        case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 2 -> s.insert(at, WORDS[random.nextInt(WORDS.length)]);
        case 3 -> s.setLength(Math.min(s.length(), at));
        default -> {
          int from = random.nextInt(s.length() + 1);
          int to = Math.min(s.length(), from + random.nextInt(20));
          s.insert(at, s.substring(from, to));
        }
      }
    }
    return s.toString();
  }

  @Test
  void mutatedQueriesParseOrFailWithALocatedDiagnosticOnly() throws IOException {
    List<String> seeds = seeds();
    Random random = new Random(20260101L);
    int[] outcome = new int[2];
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int i = 0; i < MUTATIONS; i++) {
            String query = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
              Query ast = KqlParser.parse(query);
              outcome[0]++;
              String rendered = KqlRenderer.render(ast);
              assertThat(KqlParser.parse(rendered)).as("round-trip of: %s", query).isEqualTo(ast);
            } catch (DiagnosticException e) {
              outcome[1]++;
              assertThat(e.diagnostics()).hasSize(1);
              assertThat(e.first().code()).isEqualTo("KQL-SYNTAX");
              assertThat(e.first().location()).isNotNull();
              assertThat(e.first().message())
                  .as("for: %s", query)
                  .doesNotContain("internal parser error");
            }
          }
        });
    System.out.println(
        "fuzz: " + outcome[0] + " parsed and round-tripped, " + outcome[1] + " rejected");
    assertThat(outcome[1]).isPositive();
  }
}
