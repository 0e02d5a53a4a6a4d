package org.huntboard.core.exclusion.file;

import java.util.List;
import java.util.Optional;
import org.huntboard.core.diagnostic.SourceText;

/**
 * A loaded exclusions file: its text (for locations), the rule its entries belong to when the file
 * says ({@code rule:}, else null), and its entries in file order.
 */
public record ExclusionFile(SourceText source, String rule, List<ExclusionDefinition> exclusions) {

  public ExclusionFile {
    exclusions = List.copyOf(exclusions);
  }

  /** The entry with this id. */
  public Optional<ExclusionDefinition> exclusion(String id) {
    return exclusions.stream().filter(e -> e.id().equals(id)).findFirst();
  }
}
