package org.huntboard.web.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.huntboard.web.audit.service.AuditChain;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.detection.persistence.Detection;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.detection.persistence.TriageState;
import org.huntboard.web.run.persistence.HuntRun;

/**
 * Turns a run's rows into detections, inside the transaction that finishes the run, so a run's
 * detections count exactly when its window does.
 *
 * <p>Successive runs query overlapping lookbacks and see the same events again, so a merge takes
 * the earliest first-seen, the latest last-seen, the union of report ids (bounded), and the largest
 * count any one run reported; adding counts would count the overlap many times. A closed detection
 * whose rows show activity after everything known at closing is reopened.
 */
@ApplicationScoped
public class DetectionIngest {

  /** The most report ids a detection keeps. */
  public static final int MAX_REPORT_IDS = 100;

  private final DetectionRepository detections;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Clock clock;

  DetectionIngest(DetectionRepository detections, AuditLog audit, ObjectMapper json, Clock clock) {
    this.detections = detections;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** What one run's ingest did. */
  public record Ingested(int created, int updated, int reopened) {}

  /** Merges the run's rows into the tenant's detections for the run's rule. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Ingested ingest(
      HuntRun run, List<String> groupBy, List<Map<String, Object>> rows, String actor) {
    if (groupBy.isEmpty() || rows.isEmpty()) {
      return new Ingested(0, 0, 0);
    }
    int created = 0;
    int updated = 0;
    int reopened = 0;
    Instant now = Instant.now(clock);
    for (Map<String, Object> row : rows) {
      Map<String, Object> grouping = new TreeMap<>();
      for (String column : groupBy) {
        Object value = row.get(column);
        grouping.put(column, value == null ? null : value.toString());
      }
      String groupingJson = write(grouping);
      Instant firstSeen = storedPrecision(instant(row.get("FirstSeen"), run.windowStart));
      Instant lastSeen = storedPrecision(instant(row.get("LastSeen"), run.windowEnd));
      long count = row.get("Count") instanceof Number n ? n.longValue() : 1L;

      Detection candidate = new Detection();
      candidate.id = UUID.randomUUID();
      candidate.tenantId = run.tenantId;
      candidate.ruleId = run.ruleId;
      candidate.detectionKey = key(run.ruleId, groupingJson);
      candidate.grouping = groupingJson;
      candidate.firstSeen = firstSeen;
      candidate.lastSeen = lastSeen;
      candidate.createdAt = now;
      Detection detection = detections.lockOrCreate(candidate);
      boolean isNew = detection.sightings == 0;
      if (!detections.linkRun(detection.id, run.id)) {
        continue;
      }
      boolean newActivity = !isNew && lastSeen.isAfter(detection.lastSeen);
      detection.firstSeen = isNew ? firstSeen : min(detection.firstSeen, firstSeen);
      detection.lastSeen = isNew ? lastSeen : max(detection.lastSeen, lastSeen);
      detection.eventCount = Math.max(detection.eventCount, count);
      mergeReportIds(detection, row.get("Report"));
      detection.sightings++;
      detection.updatedAt = now;
      if (isNew) {
        created++;
        audit.append(
            actor,
            "detection.created",
            "detection",
            detection.id.toString(),
            detection.tenantId,
            null,
            Map.of("ruleId", detection.ruleId, "grouping", grouping, "runId", run.id.toString()));
      } else if (detection.state == TriageState.CLOSED && newActivity) {
        Map<String, Object> before = Map.of("state", "CLOSED", "resolution", detection.resolution);
        detection.state = TriageState.NEW;
        detection.resolution = null;
        detection.closedAt = null;
        detection.reopenedCount++;
        detection.lastReopenedAt = now;
        reopened++;
        audit.append(
            actor,
            "detection.reopened",
            "detection",
            detection.id.toString(),
            detection.tenantId,
            before,
            Map.of(
                "state",
                "NEW",
                "reason",
                "seen again after closing",
                "lastSeen",
                detection.lastSeen.toString(),
                "runId",
                run.id.toString()));
      } else {
        updated++;
      }
    }
    detections.flush();
    return new Ingested(created, updated, reopened);
  }

  private void mergeReportIds(Detection detection, Object reports) {
    if (!(reports instanceof Collection<?> ids)) {
      return;
    }
    Set<String> merged = new LinkedHashSet<>(read(detection.reportIds));
    for (Object id : ids) {
      if (id == null) {
        continue;
      }
      if (merged.size() >= MAX_REPORT_IDS && !merged.contains(id.toString())) {
        detection.reportIdsComplete = false;
        continue;
      }
      merged.add(id.toString());
    }
    detection.reportIds = write(List.copyOf(merged));
  }

  @SuppressWarnings("unchecked")
  private List<String> read(String array) {
    try {
      return json.readValue(array, List.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored report ids are not a JSON array", e);
    }
  }

  private String write(Object value) {
    try {
      return AuditChain.canonicalJson(json.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String key(String ruleId, String groupingJson) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(ruleId.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(groupingJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant instant(Object value, Instant fallback) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return fallback;
      }
    }
    return fallback;
  }

  /**
   * The instant as PostgreSQL keeps it: microseconds, rounded half up from KQL's 100 ns ticks as
   * the JDBC driver rounds. Merging compares a run's times with stored ones, so both must have the
   * same precision: a tick value that the database rounded down would otherwise look later than
   * itself at every run, reopen a closed detection without new activity and rewrite it each time.
   */
  static Instant storedPrecision(Instant instant) {
    long nanos = instant.getNano();
    long micros = (nanos + 500) / 1000;
    return instant.minusNanos(nanos).plusNanos(micros * 1000);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
