package org.huntboard.web.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The hash chain of the audit log: how an event's hash is computed from the previous hash and the
 * event's canonical content.
 *
 * <p>Canonical content is compact JSON with object keys sorted at every level, so the hash does not
 * depend on how PostgreSQL's {@code jsonb} reorders or respaces the stored before/after states.
 */
public final class AuditChain {

  /** The "previous hash" of the first event. */
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditChain() {}

  /** The content of one event that its hash covers. */
  public record Content(
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String objectType,
      String objectId,
      UUID tenantId,
      String beforeJson,
      String afterJson) {}

  /** SHA-256, in lower-case hex, of the previous hash, a newline and the canonical content. */
  public static String hash(String previousHash, Content content) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) '\n');
      digest.update(canonical(content).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The canonical JSON of an event's content. */
  public static String canonical(Content content) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("action", content.action());
    node.put("actor", content.actor());
    node.set("after", parse(content.afterJson()));
    node.set("before", parse(content.beforeJson()));
    node.put("objectId", content.objectId());
    node.put("objectType", content.objectType());
    node.put("occurredAt", content.occurredAt().toString());
    node.put("seq", content.seq());
    node.put("tenantId", content.tenantId() == null ? null : content.tenantId().toString());
    return write(sorted(node));
  }

  /** Canonical JSON of any JSON text (keys sorted, no spaces); null stays null. */
  public static String canonicalJson(String json) {
    return json == null ? null : write(sorted(parse(json)));
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit state is not JSON", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
