package org.huntboard.core.exclusion.condition;

import java.util.Optional;

/**
 * The comparison operators of the exclusion filter language. They are Kusto's and keep Kusto's case
 * rules: {@code ==}, {@code !=} and {@code in} compare case-sensitively (as in KQL, where {@code
 * in} is a list of {@code ==}); {@code =~}, {@code !~}, {@code in~}, {@code contains}, {@code has},
 * {@code startswith} and {@code endswith} ignore case; {@code matches regex} is case-sensitive
 * unless the pattern says {@code (?i)}.
 */
public enum ComparisonOperator {
  EQUAL("==", false, true, false),
  NOT_EQUAL("!=", true, true, false),
  EQUAL_IGNORE_CASE("=~", false, false, false),
  NOT_EQUAL_IGNORE_CASE("!~", true, false, false),
  CONTAINS("contains", false, false, false),
  NOT_CONTAINS("!contains", true, false, false),
  HAS("has", false, false, false),
  NOT_HAS("!has", true, false, false),
  STARTSWITH("startswith", false, false, false),
  NOT_STARTSWITH("!startswith", true, false, false),
  ENDSWITH("endswith", false, false, false),
  NOT_ENDSWITH("!endswith", true, false, false),
  MATCHES_REGEX("matches regex", false, true, false),
  IN("in", false, true, true),
  NOT_IN("!in", true, true, true),
  IN_IGNORE_CASE("in~", false, false, true),
  NOT_IN_IGNORE_CASE("!in~", true, false, true);

  private final String text;
  private final boolean negated;
  private final boolean caseSensitive;
  private final boolean list;

  ComparisonOperator(String text, boolean negated, boolean caseSensitive, boolean list) {
    this.text = text;
    this.negated = negated;
    this.caseSensitive = caseSensitive;
    this.list = list;
  }

  /** As written in a filter. */
  public String text() {
    return text;
  }

  /** Whether the operator is the negation of another ({@code !=}, {@code !contains}, ...). */
  public boolean negated() {
    return negated;
  }

  /** Whether {@code "A"} and {@code "a"} differ under this operator. */
  public boolean caseSensitive() {
    return caseSensitive;
  }

  /** Whether the operator takes a parenthesized list of values. */
  public boolean takesList() {
    return list;
  }

  /** The operator that means the opposite ({@code ==} for {@code !=}, ...). */
  public ComparisonOperator negation() {
    return switch (this) {
      case EQUAL -> NOT_EQUAL;
      case NOT_EQUAL -> EQUAL;
      case EQUAL_IGNORE_CASE -> NOT_EQUAL_IGNORE_CASE;
      case NOT_EQUAL_IGNORE_CASE -> EQUAL_IGNORE_CASE;
      case CONTAINS -> NOT_CONTAINS;
      case NOT_CONTAINS -> CONTAINS;
      case HAS -> NOT_HAS;
      case NOT_HAS -> HAS;
      case STARTSWITH -> NOT_STARTSWITH;
      case NOT_STARTSWITH -> STARTSWITH;
      case ENDSWITH -> NOT_ENDSWITH;
      case NOT_ENDSWITH -> ENDSWITH;
      case IN -> NOT_IN;
      case NOT_IN -> IN;
      case IN_IGNORE_CASE -> NOT_IN_IGNORE_CASE;
      case NOT_IN_IGNORE_CASE -> IN_IGNORE_CASE;
      case MATCHES_REGEX -> throw new IllegalStateException("matches regex has no negated form");
    };
  }

  /** The positive form: itself, or the operator it negates. */
  public ComparisonOperator positive() {
    return negated ? negation() : this;
  }

  /** Finds the operator written as {@code text} (exactly, as Kusto is case-sensitive). */
  public static Optional<ComparisonOperator> fromText(String text) {
    for (ComparisonOperator op : values()) {
      if (op.text.equals(text)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
