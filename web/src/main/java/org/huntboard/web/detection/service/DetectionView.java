package org.huntboard.web.detection.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.huntboard.web.detection.persistence.DetectionRepository;
import org.huntboard.web.detection.persistence.Resolution;
import org.huntboard.web.detection.persistence.TriageState;

/**
 * A detection as the API shows it.
 *
 * @param grouping the rule's grouping values (attacker-controlled telemetry text)
 * @param eventCount the largest event count one run reported
 * @param sightings how many runs saw it
 * @param runIds the runs that saw it, oldest window first (only on a single detection)
 * @param comments its comments, oldest first (only on a single detection)
 */
public record DetectionView(
    UUID id,
    UUID tenantId,
    String ruleId,
    JsonNode grouping,
    Instant firstSeen,
    Instant lastSeen,
    long eventCount,
    JsonNode reportIds,
    boolean reportIdsComplete,
    int sightings,
    TriageState state,
    Resolution resolution,
    String assignee,
    Instant closedAt,
    int reopenedCount,
    Instant lastReopenedAt,
    Instant createdAt,
    Instant updatedAt,
    List<UUID> runIds,
    List<DetectionRepository.Comment> comments) {}
