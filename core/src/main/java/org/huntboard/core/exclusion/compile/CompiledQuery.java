package org.huntboard.core.exclusion.compile;

import java.util.List;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;

/**
 * A rule's query with exclusions in it.
 *
 * @param query the rewritten syntax tree
 * @param form tagged or plain
 * @param table the table the exclusions' fields were mapped onto
 * @param exclusionIds the exclusions in it, in {@code case(...)} order (the first match wins)
 * @param predicates each exclusion's KQL predicate, in the same order
 */
public record CompiledQuery(
    Query query,
    CompileForm form,
    String table,
    List<String> exclusionIds,
    List<Expression> predicates) {

  /** The tag column of the tagged form. */
  public static final String TAG_COLUMN = "HuntboardExclusion";

  public CompiledQuery {
    exclusionIds = List.copyOf(exclusionIds);
    predicates = List.copyOf(predicates);
  }

  /** The rewritten query as KQL text. */
  public String text() {
    return KqlRenderer.render(query);
  }
}
