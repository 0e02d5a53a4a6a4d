package org.huntboard.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.huntboard.web.audit.service.AuditChain;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static AuditChain.Content content(String after) {
    return new AuditChain.Content(
        7,
        Instant.parse("2026-03-01T10:00:00.123456Z"),
        "alice",
        "tenant.updated",
        "tenant",
        "t-1",
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        "{\"name\":\"a\"}",
        after);
  }

  @Test
  void hashDoesNotDependOnKeyOrderOrSpacing() {
    assertThat(AuditChain.hash(AuditChain.GENESIS, content("{\"b\": 1, \"a\": [1, 2]}")))
        .isEqualTo(AuditChain.hash(AuditChain.GENESIS, content("{\"a\":[1,2],\"b\":1}")));
  }

  @Test
  void hashChangesWithContentOrPreviousHash() {
    String hash = AuditChain.hash(AuditChain.GENESIS, content("{\"a\":1}"));
    assertThat(AuditChain.hash(AuditChain.GENESIS, content("{\"a\":2}"))).isNotEqualTo(hash);
    assertThat(AuditChain.hash("1".repeat(64), content("{\"a\":1}"))).isNotEqualTo(hash);
    assertThat(hash).hasSize(64).matches("[0-9a-f]+");
  }
}
