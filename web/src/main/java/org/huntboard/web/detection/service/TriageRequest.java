package org.huntboard.web.detection.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.huntboard.web.detection.persistence.Resolution;
import org.huntboard.web.detection.persistence.TriageState;

/**
 * A triage step: a new state (with a resolution when closing), and optionally an assignee and a
 * comment.
 */
public record TriageRequest(
    @NotNull TriageState state,
    Resolution resolution,
    @Size(max = 200) String assignee,
    @Size(max = 10000) String comment) {}
