package org.huntboard.web.rule.service;

import org.huntboard.core.exclusion.file.ExclusionDefinition;

/**
 * An exclusion template of a rule as the API shows it.
 *
 * @param id the template's id, given as {@code templateId} when proposing from it
 * @param name what the scenario is
 * @param description why its rows are benign: the proposal's justification unless one is given
 * @param filter the filter in the filter language
 */
public record ExclusionTemplateView(String id, String name, String description, String filter) {

  /** The view of a loaded template. */
  public static ExclusionTemplateView of(ExclusionDefinition definition) {
    return new ExclusionTemplateView(
        definition.id(), definition.name(), definition.description(), definition.filter().text());
  }
}
