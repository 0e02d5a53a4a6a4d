package org.huntboard.web.exclusion.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * A proposal: the rule, and exactly one of a filter written from scratch, one of the rule's
 * exclusion templates, or a detection whose grouping values become an equality filter.
 *
 * @param ruleId the rule it applies to
 * @param filter a filter in the filter language
 * @param templateId the id of one of the rule's exclusion templates
 * @param detectionId a detection of the tenant and rule
 * @param justification why the rows are benign; a template's description when left out
 * @param ticket a ticket reference, or null
 * @param expiresAt when it should stop applying; the configured default lifetime when left out
 */
public record ProposalDraft(
    @NotBlank @Size(max = 200) String ruleId,
    @Size(max = 10000) String filter,
    @Size(max = 64) String templateId,
    UUID detectionId,
    @Size(max = 4000) String justification,
    @Size(max = 200) String ticket,
    Instant expiresAt) {}
