package org.huntboard.web.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.huntboard.web.audit.api.AuditResource;
import org.huntboard.web.audit.persistence.AuditEvent;
import org.huntboard.web.detection.persistence.Detection;
import org.huntboard.web.detection.service.DetectionView;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.service.RunView;

/**
 * The columns of each export. JSON lines carry the same objects as the lists of the API; CSV
 * carries them flat, with JSON-valued fields (a detection's grouping and report ids, an audit
 * event's before and after) as JSON text in one cell.
 */
@ApplicationScoped
public class ExportShapes {

  private final ObjectMapper json;

  ExportShapes(ObjectMapper json) {
    this.json = json;
  }

  /** Detections; the device columns come from the grouping values when the rule groups by them. */
  public ExportStreamer.Shape<Detection> detections() {
    return new ExportStreamer.Shape<>(
        List.of(
            "id",
            "tenantId",
            "ruleId",
            "state",
            "resolution",
            "assignee",
            "deviceId",
            "deviceName",
            "firstSeen",
            "lastSeen",
            "eventCount",
            "sightings",
            "reopenedCount",
            "grouping",
            "reportIds",
            "reportIdsComplete",
            "closedAt",
            "createdAt",
            "updatedAt"),
        d -> {
          JsonNode grouping = tree(d.grouping);
          return Arrays.asList(
              d.id,
              d.tenantId,
              d.ruleId,
              d.state,
              d.resolution,
              d.assignee,
              text(grouping, "DeviceId"),
              text(grouping, "DeviceName"),
              instant(d.firstSeen),
              instant(d.lastSeen),
              d.eventCount,
              d.sightings,
              d.reopenedCount,
              d.grouping == null ? null : grouping.toString(),
              d.reportIds,
              d.reportIdsComplete,
              instant(d.closedAt),
              instant(d.createdAt),
              instant(d.updatedAt));
        },
        d ->
            new DetectionView(
                d.id,
                d.tenantId,
                d.ruleId,
                tree(d.grouping),
                d.firstSeen,
                d.lastSeen,
                d.eventCount,
                tree(d.reportIds),
                d.reportIdsComplete,
                d.sightings,
                d.state,
                d.resolution,
                d.assignee,
                d.closedAt,
                d.reopenedCount,
                d.lastReopenedAt,
                d.createdAt,
                d.updatedAt,
                null,
                null));
  }

  /** The run ledger. */
  public ExportStreamer.Shape<HuntRun> runs() {
    return new ExportStreamer.Shape<>(
        List.of(
            "id",
            "tenantId",
            "assignmentId",
            "ruleId",
            "connector",
            "windowStart",
            "windowEnd",
            "queryStart",
            "trigger",
            "state",
            "attempts",
            "startedAt",
            "finishedAt",
            "durationMs",
            "outcome",
            "failureClass",
            "failureMessage",
            "retryable",
            "ruleVersionHash",
            "queryHash",
            "exclusionSetVersion",
            "rowsBefore",
            "rowsAfter"),
        r ->
            Arrays.asList(
                r.id,
                r.tenantId,
                r.assignmentId,
                r.ruleId,
                r.connector,
                instant(r.windowStart),
                instant(r.windowEnd),
                instant(r.queryStart),
                r.trigger,
                r.state,
                r.attempts,
                instant(r.startedAt),
                instant(r.finishedAt),
                r.durationMs,
                r.outcome,
                r.failureClass,
                r.failureMessage,
                r.retryable,
                trim(r.ruleVersionHash),
                trim(r.queryHash),
                r.exclusionSetVersion,
                r.rowsBefore,
                r.rowsAfter),
        r -> RunView.of(r, Map.of()));
  }

  /** Audit events, with their chain hashes so a copy can be checked on its own. */
  public ExportStreamer.Shape<AuditEvent> auditEvents() {
    return new ExportStreamer.Shape<>(
        List.of(
            "seq",
            "occurredAt",
            "actor",
            "action",
            "objectType",
            "objectId",
            "tenantId",
            "before",
            "after",
            "previousHash",
            "hash"),
        e ->
            Arrays.asList(
                e.seq,
                instant(e.occurredAt),
                e.actor,
                e.action,
                e.objectType,
                e.objectId,
                e.tenantId,
                e.beforeState,
                e.afterState,
                trim(e.previousHash),
                trim(e.hash)),
        e ->
            new AuditResource.AuditEventView(
                e.seq,
                e.occurredAt,
                e.actor,
                e.action,
                e.objectType,
                e.objectId,
                e.tenantId,
                e.beforeState == null ? null : tree(e.beforeState),
                e.afterState == null ? null : tree(e.afterState),
                trim(e.previousHash),
                trim(e.hash)));
  }

  private JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is invalid", e);
    }
  }

  private static String text(JsonNode object, String field) {
    JsonNode value = object == null ? null : object.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String trim(String hash) {
    return hash == null ? null : hash.trim();
  }
}
