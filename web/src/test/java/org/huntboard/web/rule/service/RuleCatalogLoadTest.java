package org.huntboard.web.rule.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.huntboard.core.rule.HuntingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleCatalogLoadTest {

  private static final String TIGERVNC = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  @TempDir Path dir;

  private static String tigerVnc() throws IOException {
    try (InputStream in =
        RuleCatalogLoadTest.class
            .getClassLoader()
            .getResourceAsStream("hunting/rmm/tigervnc/tigervnc-network-connection.yaml")) {
      assertThat(in).isNotNull();
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void offersValidRulesAndLeavesOutOnesThatFailValidation() throws IOException {
    String good = tigerVnc();
    Files.writeString(dir.resolve("good.yaml"), good);
    String broken =
        good.replace(TIGERVNC, "0b0b0b0b-0000-4000-8000-000000000001")
            .replace("| summarize FirstSeen", "| summarize FirstSeen=min(NoSuchColumn), X");
    Files.writeString(dir.resolve("broken.yaml"), broken);

    Map<String, HuntingRule> rules = RuleCatalog.load(Optional.of(dir.toString()));

    assertThat(rules).containsOnlyKeys(TIGERVNC);
    assertThat(rules.get(TIGERVNC).contentHash()).matches("[0-9a-f]{64}");
  }

  @Test
  void takesTheLookbackFromTheQueryWhenTheRuleNamesNoPeriod() throws IOException {
    Files.writeString(dir.resolve("rule.yaml"), tigerVnc());
    HuntingRule rule = RuleCatalog.load(Optional.of(dir.toString())).get(TIGERVNC);

    assertThat(rule.queryPeriod()).isEmpty();
    assertThat(RuleCatalog.defaultLookback(rule)).contains(Duration.ofDays(5));
    assertThat(RuleCatalog.defaultFrequency(rule)).isEqualTo(Duration.ofHours(1));
  }
}
