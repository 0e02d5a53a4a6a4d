package org.huntboard.core.kql.syntax;

import java.util.Optional;

/**
 * The binary operators of KQL with their precedence level, tightest binding first as in {@code
 * Kusto.Language}'s {@code QueryParser}: string operators (3), multiplicative (4), additive (5),
 * relational (6), equality (7), {@code and} (8), {@code or} (9). List operators ({@code in}, {@code
 * has_any}) and {@code between} share level 7 and have their own nodes.
 */
public enum BinaryOperator {
  // level 3: string operators (non-associative)
  EQUAL_TILDE("=~", 3),
  BANG_TILDE("!~", 3),
  HAS("has", 3),
  NOT_HAS("!has", 3),
  HAS_CS("has_cs", 3),
  NOT_HAS_CS("!has_cs", 3),
  HASPREFIX("hasprefix", 3),
  NOT_HASPREFIX("!hasprefix", 3),
  HASPREFIX_CS("hasprefix_cs", 3),
  NOT_HASPREFIX_CS("!hasprefix_cs", 3),
  HASSUFFIX("hassuffix", 3),
  NOT_HASSUFFIX("!hassuffix", 3),
  HASSUFFIX_CS("hassuffix_cs", 3),
  NOT_HASSUFFIX_CS("!hassuffix_cs", 3),
  CONTAINS("contains", 3),
  NOT_CONTAINS("!contains", 3),
  CONTAINS_CS("contains_cs", 3),
  NOT_CONTAINS_CS("!contains_cs", 3),
  STARTSWITH("startswith", 3),
  NOT_STARTSWITH("!startswith", 3),
  STARTSWITH_CS("startswith_cs", 3),
  NOT_STARTSWITH_CS("!startswith_cs", 3),
  ENDSWITH("endswith", 3),
  NOT_ENDSWITH("!endswith", 3),
  ENDSWITH_CS("endswith_cs", 3),
  NOT_ENDSWITH_CS("!endswith_cs", 3),
  MATCHES_REGEX("matches regex", 3),
  LIKE("like", 3),
  NOT_LIKE("notlike", 3),
  LIKE_CS("likecs", 3),
  NOT_LIKE_CS("notlikecs", 3),
  // level 4
  MULTIPLY("*", 4),
  DIVIDE("/", 4),
  MODULO("%", 4),
  // level 5
  ADD("+", 5),
  SUBTRACT("-", 5),
  // level 6
  LESS("<", 6),
  LESS_OR_EQUAL("<=", 6),
  GREATER(">", 6),
  GREATER_OR_EQUAL(">=", 6),
  // level 7
  EQUAL("==", 7),
  NOT_EQUAL("!=", 7),
  LESS_GREATER("<>", 7),
  // levels 8 and 9
  AND("and", 8),
  OR("or", 9);

  private final String text;
  private final int precedence;

  BinaryOperator(String text, int precedence) {
    this.text = text;
    this.precedence = precedence;
  }

  /** The operator as written in KQL. */
  public String text() {
    return text;
  }

  /** Precedence level; a lower number binds tighter. */
  public int precedence() {
    return precedence;
  }

  /** Whether chains like {@code a op b op c} parse left to right (else they are rejected). */
  public boolean isLeftAssociative() {
    return precedence == 4 || precedence == 5 || precedence == 8 || precedence == 9;
  }

  /** Finds the operator written as {@code text}. */
  public static Optional<BinaryOperator> fromText(String text) {
    for (BinaryOperator op : values()) {
      if (op.text.equals(text)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
