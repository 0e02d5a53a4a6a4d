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
 * @param insertedBefore the index in the body's pipeline (0 = the source) of the operator the new
 *     step was put before, or the pipeline's length when it was appended
 */
public record CompiledQuery(
    Query query,
    CompileForm form,
    String table,
    List<String> exclusionIds,
    List<Expression> predicates,
    int insertedBefore) {

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
