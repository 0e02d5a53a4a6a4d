package org.huntboard.web.assignment.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * A rule to schedule for a tenant.
 *
 * @param ruleId the rule's id in the catalog
 * @param connector a connector the tenant has
 * @param frequency how often it runs, ISO-8601 (PT5M to P14D); absent: the catalog rule's own
 * @param lookback how far back each run queries, ISO-8601 (PT5M to P14D, at least the frequency);
 *     absent: the catalog rule's own
 * @param backfill how much time that has already passed the first runs account for, ISO-8601 (up to
 *     P14D, rounded up to whole windows): the windows ending in it are due at once, so a new
 *     assignment can show results right away; absent: none, the first window ends at the next
 *     boundary
 */
public record AssignmentDraft(
    @NotBlank @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9._:-]+") String ruleId,
    @NotNull ConnectorKind connector,
    String frequency,
    String lookback,
    String backfill) {}
