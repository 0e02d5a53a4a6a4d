package org.huntboard.core.kql.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.ColumnDeclaration;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.FunctionParameter;
import org.huntboard.core.kql.syntax.MvExpandItem;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.ParsePatternPart;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;

/**
 * A hand-written recursive-descent parser from KQL text to the syntax tree of {@code
 * org.huntboard.core.kql.syntax}. Operator precedence follows {@code Kusto.Language}'s {@code
 * QueryParser} (see {@link BinaryOperator}): {@code or} < {@code and} < equality and list operators
 * (single) < relational (single) < additive < multiplicative < string operators (single) < unary <
 * primary.
 *
 * <p>The first problem ends parsing with a {@link DiagnosticException} holding one {@code
 * KQL-SYNTAX} diagnostic located at the offending token.
 */
public final class KqlParser {

  /** Deeper nesting than this is rejected rather than risking the stack. */
  private static final int MAX_DEPTH = 200;

  private static final Map<SyntaxKind, BinaryOperator> STRING_OPERATORS =
      new EnumMap<>(SyntaxKind.class);
  private static final Map<SyntaxKind, BinaryOperator> RELATIONAL_OPERATORS =
      new EnumMap<>(SyntaxKind.class);
  private static final Map<SyntaxKind, BinaryOperator> EQUALITY_OPERATORS =
      new EnumMap<>(SyntaxKind.class);
  private static final Map<SyntaxKind, Expression.In.InOperator> IN_OPERATORS =
      new EnumMap<>(SyntaxKind.class);

  static {
    STRING_OPERATORS.put(SyntaxKind.EqualTildeToken, BinaryOperator.EQUAL_TILDE);
    STRING_OPERATORS.put(SyntaxKind.BangTildeToken, BinaryOperator.BANG_TILDE);
    for (BinaryOperator op : BinaryOperator.values()) {
      if (op.precedence() == 3 && op != BinaryOperator.MATCHES_REGEX) {
        SyntaxKind kind = SyntaxKind.keyword(op.text());
        if (kind != null) {
          STRING_OPERATORS.put(kind, op);
        }
      }
    }
    RELATIONAL_OPERATORS.put(SyntaxKind.LessThanToken, BinaryOperator.LESS);
    RELATIONAL_OPERATORS.put(SyntaxKind.LessThanOrEqualToken, BinaryOperator.LESS_OR_EQUAL);
    RELATIONAL_OPERATORS.put(SyntaxKind.GreaterThanToken, BinaryOperator.GREATER);
    RELATIONAL_OPERATORS.put(SyntaxKind.GreaterThanOrEqualToken, BinaryOperator.GREATER_OR_EQUAL);
    EQUALITY_OPERATORS.put(SyntaxKind.EqualEqualToken, BinaryOperator.EQUAL);
    EQUALITY_OPERATORS.put(SyntaxKind.BangEqualToken, BinaryOperator.NOT_EQUAL);
    EQUALITY_OPERATORS.put(SyntaxKind.LessThanGreaterThanToken, BinaryOperator.LESS_GREATER);
    IN_OPERATORS.put(SyntaxKind.InKeyword, Expression.In.InOperator.IN);
    IN_OPERATORS.put(SyntaxKind.InCiKeyword, Expression.In.InOperator.IN_CI);
    IN_OPERATORS.put(SyntaxKind.NotInKeyword, Expression.In.InOperator.NOT_IN);
    IN_OPERATORS.put(SyntaxKind.NotInCiKeyword, Expression.In.InOperator.NOT_IN_CI);
  }

  /** Keywords that are operators inside expressions: never a name, never a call. */
  private static final Set<SyntaxKind> OPERATOR_WORDS;

  /**
   * Keywords that cannot be a column or table reference without brackets, and those that cannot be
   * a declared name ({@code extend kind = 1}); both lists follow Microsoft's parser.
   */
  private static final Set<SyntaxKind> NOT_REFERENCES;

  private static final Set<SyntaxKind> NOT_DECLARED_NAMES;

  private static final Set<SyntaxKind> TYPE_WORDS =
      java.util.EnumSet.of(
          SyntaxKind.BooleanKeyword,
          SyntaxKind.DateTimeKeyword,
          SyntaxKind.DateKeyword,
          SyntaxKind.DecimalKeyword,
          SyntaxKind.UniqueIdKeyword,
          SyntaxKind.IntKeyword,
          SyntaxKind.Int32Keyword,
          SyntaxKind.LongKeyword,
          SyntaxKind.Int64Keyword,
          SyntaxKind.RealKeyword,
          SyntaxKind.DoubleKeyword,
          SyntaxKind.StringKeyword,
          SyntaxKind.TimeKeyword,
          SyntaxKind.TimespanKeyword);

  static {
    java.util.EnumSet<SyntaxKind> operators = java.util.EnumSet.noneOf(SyntaxKind.class);
    operators.addAll(STRING_OPERATORS.keySet());
    operators.addAll(IN_OPERATORS.keySet());
    operators.add(SyntaxKind.AndKeyword);
    operators.add(SyntaxKind.OrKeyword);
    operators.add(SyntaxKind.BetweenKeyword);
    operators.add(SyntaxKind.NotBetweenKeyword);
    operators.add(SyntaxKind.HasAnyKeyword);
    operators.add(SyntaxKind.HasAllKeyword);
    OPERATOR_WORDS = java.util.Collections.unmodifiableSet(operators);

    java.util.EnumSet<SyntaxKind> references = java.util.EnumSet.copyOf(operators);
    references.addAll(TYPE_WORDS);
    references.addAll(
        List.of(
            SyntaxKind.SetKeyword,
            SyntaxKind.WhereKeyword,
            SyntaxKind.ProjectKeyword,
            SyntaxKind.UnionKeyword,
            SyntaxKind.AsKeyword,
            SyntaxKind.PrintKeyword,
            SyntaxKind.DatatableKeyword,
            SyntaxKind.DynamicKeyword,
            SyntaxKind.ByKeyword,
            SyntaxKind.ToKeyword,
            SyntaxKind.AscKeyword,
            SyntaxKind.DescKeyword,
            SyntaxKind.FirstKeyword,
            SyntaxKind.LastKeyword,
            SyntaxKind.ToScalarKeyword,
            SyntaxKind.MaterializeKeyword));
    NOT_REFERENCES = java.util.Collections.unmodifiableSet(references);

    java.util.EnumSet<SyntaxKind> declared = java.util.EnumSet.copyOf(operators);
    declared.removeAll(
        List.of(
            SyntaxKind.InKeyword,
            SyntaxKind.InCiKeyword,
            SyntaxKind.NotInKeyword,
            SyntaxKind.NotInCiKeyword,
            SyntaxKind.HasKeyword,
            SyntaxKind.ContainsKeyword,
            SyntaxKind.MatchesKeyword));
    declared.addAll(TYPE_WORDS);
    declared.addAll(
        List.of(
            SyntaxKind.ProjectKeyword,
            SyntaxKind.UnionKeyword,
            SyntaxKind.DynamicKeyword,
            SyntaxKind.AscKeyword,
            SyntaxKind.DescKeyword,
            SyntaxKind.FirstKeyword,
            SyntaxKind.LastKeyword,
            SyntaxKind.KindKeyword));
    NOT_DECLARED_NAMES = java.util.Collections.unmodifiableSet(declared);
  }

  /** The query hints Kusto knows; other {@code hint.*} names are errors. */
  private static final Set<String> HINTS =
      Set.of(
          "hint.strategy",
          "hint.shufflekey",
          "hint.num_partitions",
          "hint.remote",
          "hint.materialized",
          "hint.concurrency",
          "hint.spread",
          "hint.pass_filters",
          "hint.pass_filters_column",
          "hint.distribution",
          "hint.progressive_top");

  private static final Set<String> JOIN_KINDS =
      Set.of(
          "innerunique",
          "inner",
          "leftouter",
          "rightouter",
          "fullouter",
          "leftsemi",
          "leftanti",
          "anti",
          "leftantisemi",
          "rightsemi",
          "rightanti",
          "rightantisemi");

  /** Query operators of Kusto that Huntboard's syntax tree does not represent. */
  private static final Set<String> UNSUPPORTED_OPERATORS =
      Set.of(
          "render",
          "evaluate",
          "invoke",
          "serialize",
          "sample",
          "sample-distinct",
          "getschema",
          "search",
          "find",
          "fork",
          "facet",
          "scan",
          "partition",
          "reduce",
          "consume",
          "make-series",
          "mv-apply",
          "top-nested",
          "top-hitters",
          "project-smart",
          "externaldata",
          "macro-expand",
          "make-graph",
          "graph-match",
          "assert-schema");

  private final SourceText source;
  private final List<SyntaxToken> tokens;
  private int index;
  private int lastEnd;
  private int depth;

  private KqlParser(SourceText source) {
    this.source = source;
    this.tokens = KqlLexer.tokenize(source);
  }

  /** Parses a whole query text. */
  public static Query parse(SourceText source) {
    KqlParser parser = new KqlParser(source);
    try {
      return parser.parseQuery();
    } catch (DiagnosticException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // A defect of the parser itself must still reach the user as a located message.
      throw KqlSyntaxError.at(
          source,
          parser.current().start(),
          "internal parser error near this token (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Parses a query text that has no file name; locations read {@code <query>:line:column}. */
  public static Query parse(String text) {
    return parse(new SourceText("<query>", text));
  }

  // ---------------------------------------------------------------- tokens

  private SyntaxToken current() {
    return tokens.get(index);
  }

  private SyntaxToken peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private SyntaxToken previous() {
    return tokens.get(Math.max(0, index - 1));
  }

  private boolean at(SyntaxKind kind) {
    return current().kind() == kind;
  }

  private SyntaxToken advance() {
    SyntaxToken t = current();
    if (t.kind() != SyntaxKind.EndOfTextToken) {
      index++;
      lastEnd = t.end();
    }
    return t;
  }

  private boolean accept(SyntaxKind kind) {
    if (at(kind)) {
      advance();
      return true;
    }
    return false;
  }

  private SyntaxToken expect(SyntaxKind kind, String message) {
    if (!at(kind)) {
      throw error(current(), message + ", found " + describe(current()));
    }
    return advance();
  }

  private Span spanFrom(int start) {
    return new Span(start, Math.max(start, lastEnd));
  }

  private DiagnosticException error(SyntaxToken at, String message) {
    return KqlSyntaxError.at(source, at.start(), message);
  }

  private String where(SyntaxToken t) {
    return source.line(t.start()) + ":" + source.column(t.start());
  }

  private static String describe(SyntaxToken t) {
    if (t.kind() == SyntaxKind.EndOfTextToken) {
      return "the end of the query";
    }
    String text = t.text().length() > 40 ? t.text().substring(0, 40) + "..." : t.text();
    return "'" + text + "'";
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error(current(), "the query is nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
  }

  private void leave() {
    depth--;
  }

  // ---------------------------------------------------------------- statements

  private Query parseQuery() {
    List<Statement> statements = parseStatements(SyntaxKind.EndOfTextToken);
    if (!at(SyntaxKind.EndOfTextToken)) {
      throw unexpectedAfterStatement();
    }
    return new Query(statements, new Span(0, source.text().length()));
  }

  /** Statements separated by ';' up to (not including) {@code end}; a trailing ';' is allowed. */
  private List<Statement> parseStatements(SyntaxKind end) {
    List<Statement> statements = new ArrayList<>();
    while (!at(end) && !at(SyntaxKind.EndOfTextToken)) {
      if (at(SyntaxKind.SemicolonToken)) {
        throw error(current(), "expected a statement before ';'");
      }
      Statement statement = parseStatement();
      statements.add(statement);
      if (accept(SyntaxKind.SemicolonToken)) {
        continue;
      }
      if (at(end) || at(SyntaxKind.EndOfTextToken)) {
        // Kusto accepts a last let or set statement without its ';'; an unclosed body is
        // reported by the caller, which knows where it opened.
        break;
      }
      throw unexpectedAfterStatement();
    }
    return statements;
  }

  private DiagnosticException unexpectedAfterStatement() {
    SyntaxToken t = current();
    if (t.kind() == SyntaxKind.CloseParenToken) {
      return error(t, "unexpected ')': no '(' is open here");
    }
    if (t.kind() == SyntaxKind.CloseBracketToken || t.kind() == SyntaxKind.CloseBraceToken) {
      return error(t, "unexpected " + describe(t) + ": nothing is open here");
    }
    return error(
        t,
        "unexpected "
            + describe(t)
            + ": expected '|', ';' or the end of the query (are an operator or a comma missing?)");
  }

  private Statement parseStatement() {
    int start = current().start();
    if (at(SyntaxKind.LetKeyword)) {
      advance();
      String name = parseName("a name after 'let'");
      expect(SyntaxKind.EqualToken, "expected '=' after 'let " + name + "'");
      Expression value = parseLetValue();
      return new Statement.LetStatement(name, value, spanFrom(start));
    }
    if (at(SyntaxKind.SetKeyword) && peek(1).isWord()) {
      advance();
      String name = parseDottedName();
      Expression value = null;
      if (accept(SyntaxKind.EqualToken)) {
        value = parseExpression();
      }
      return new Statement.SetOptionStatement(name, value, spanFrom(start));
    }
    Expression expression = parsePipeExpression();
    return new Statement.ExpressionStatement(expression, spanFrom(start));
  }

  private String parseDottedName() {
    StringBuilder name = new StringBuilder(advance().text());
    while (at(SyntaxKind.DotToken) && peek(1).isWord() && !current().spaceBefore()) {
      advance();
      name.append('.').append(advance().text());
    }
    return name.toString();
  }

  private Expression parseLetValue() {
    if (at(SyntaxKind.ViewKeyword) && peek(1).kind() == SyntaxKind.OpenParenToken) {
      int start = advance().start();
      return parseFunctionDefinition(true, start);
    }
    if (at(SyntaxKind.OpenParenToken) && looksLikeFunctionDefinition()) {
      return parseFunctionDefinition(false, current().start());
    }
    return parsePipeExpression();
  }

  private boolean looksLikeFunctionDefinition() {
    SyntaxToken first = peek(1);
    if (first.kind() == SyntaxKind.CloseParenToken) {
      return peek(2).kind() == SyntaxKind.OpenBraceToken;
    }
    if (first.kind() == SyntaxKind.OpenBracketToken) {
      return peek(2).kind() == SyntaxKind.StringLiteralToken
          && peek(3).kind() == SyntaxKind.CloseBracketToken
          && peek(4).kind() == SyntaxKind.ColonToken;
    }
    return isNameToken(first) && peek(2).kind() == SyntaxKind.ColonToken;
  }

  private Expression parseFunctionDefinition(boolean view, int start) {
    enter();
    SyntaxToken open = expect(SyntaxKind.OpenParenToken, "expected '(' to open the parameter list");
    List<FunctionParameter> parameters = new ArrayList<>();
    if (!at(SyntaxKind.CloseParenToken)) {
      while (true) {
        parameters.add(parseFunctionParameter());
        if (accept(SyntaxKind.CommaToken)) {
          if (at(SyntaxKind.CloseParenToken)) {
            throw error(previous(), "a trailing ',' before ')' is not allowed");
          }
          continue;
        }
        break;
      }
    }
    expect(
        SyntaxKind.CloseParenToken,
        "expected ',' or ')' to close the parameter list opened at " + where(open));
    SyntaxToken brace = expect(SyntaxKind.OpenBraceToken, "expected '{' to open the function body");
    List<Statement> body = parseStatements(SyntaxKind.CloseBraceToken);
    if (!at(SyntaxKind.CloseBraceToken)) {
      throw error(
          current(),
          "expected '}' to close the function body opened at "
              + where(brace)
              + ", found "
              + describe(current()));
    }
    advance();
    if (body.isEmpty()) {
      throw error(brace, "a function body needs at least one statement");
    }
    leave();
    return new Expression.FunctionDefinition(view, parameters, body, spanFrom(start));
  }

  private FunctionParameter parseFunctionParameter() {
    int start = current().start();
    String name = parseName("a parameter name");
    expect(SyntaxKind.ColonToken, "expected ':' and a type after the parameter '" + name + "'");
    if (at(SyntaxKind.OpenParenToken)) {
      SyntaxToken open = advance();
      List<ColumnDeclaration> columns = new ArrayList<>();
      if (at(SyntaxKind.AsteriskToken)) {
        advance();
      } else {
        columns = parseColumnDeclarations();
      }
      expect(
          SyntaxKind.CloseParenToken,
          "expected ')' to close the table schema opened at " + where(open));
      return new FunctionParameter(name, null, columns, null, spanFrom(start));
    }
    ScalarType type = parseType();
    Expression defaultValue = null;
    if (accept(SyntaxKind.EqualToken)) {
      defaultValue = parseExpression();
    }
    return new FunctionParameter(name, type, null, defaultValue, spanFrom(start));
  }

  private List<ColumnDeclaration> parseColumnDeclarations() {
    List<ColumnDeclaration> columns = new ArrayList<>();
    while (true) {
      int start = current().start();
      String name = parseName("a column name");
      expect(SyntaxKind.ColonToken, "expected ':' and a type after the column '" + name + "'");
      ScalarType type = parseType();
      columns.add(new ColumnDeclaration(name, type, spanFrom(start)));
      if (accept(SyntaxKind.CommaToken)) {
        if (at(SyntaxKind.CloseParenToken)) {
          throw error(previous(), "a trailing ',' before ')' is not allowed");
        }
        continue;
      }
      return columns;
    }
  }

  private ScalarType parseType() {
    SyntaxToken t = current();
    if (!t.isWord()) {
      throw error(t, "expected a type name such as string, long or datetime, found " + describe(t));
    }
    advance();
    return ScalarType.fromKqlName(t.text())
        .orElseThrow(
            () ->
                error(
                    t,
                    "'"
                        + t.text()
                        + "' is not a KQL type; expected bool, datetime, dynamic, guid, int, long,"
                        + " real, string, timespan or decimal"));
  }

  // ---------------------------------------------------------------- names

  /** Whether a token can be a declared name: a column, let or parameter name being defined. */
  private static boolean isNameToken(SyntaxToken t) {
    return t.kind() == SyntaxKind.IdentifierToken
        || t.kind().isKeyword() && !NOT_DECLARED_NAMES.contains(t.kind());
  }

  /** Whether a token can refer to a column, table or let-bound name without brackets. */
  private static boolean isReferenceToken(SyntaxToken t) {
    return t.kind() == SyntaxKind.IdentifierToken
        || t.kind().isKeyword() && !NOT_REFERENCES.contains(t.kind());
  }

  private boolean atBracketedName() {
    return at(SyntaxKind.OpenBracketToken)
        && peek(1).kind() == SyntaxKind.StringLiteralToken
        && peek(2).kind() == SyntaxKind.CloseBracketToken;
  }

  private boolean atName() {
    return isNameToken(current()) || atBracketedName();
  }

  private String parseName(String what) {
    if (atBracketedName()) {
      advance();
      String name = (String) advance().value();
      advance();
      return name;
    }
    SyntaxToken t = current();
    if (isNameToken(t)) {
      advance();
      return t.text();
    }
    if (t.kind().isKeyword()) {
      throw error(
          t,
          "expected "
              + what
              + ", found the keyword '"
              + t.text()
              + "'; write ['"
              + t.text()
              + "'] if it is a name");
    }
    throw error(t, "expected " + what + ", found " + describe(t));
  }

  // ---------------------------------------------------------------- tabular expressions

  /** A pipeline: a source then {@code | operator} steps. */
  private Expression parsePipeExpression() {
    enter();
    int start = current().start();
    Expression result = parsePipeSource();
    while (at(SyntaxKind.BarToken)) {
      SyntaxToken bar = advance();
      QueryOperator operator = parseQueryOperator(bar);
      result = new Expression.Pipe(result, operator, spanFrom(start));
    }
    leave();
    return result;
  }

  private Expression parsePipeSource() {
    int start = current().start();
    SyntaxToken t = current();
    if (t.kind() == SyntaxKind.UnionKeyword) {
      return new Expression.OperatorSource(parseUnion(), spanFrom(start));
    }
    if (t.kind() == SyntaxKind.PrintKeyword && peek(1).kind() != SyntaxKind.OpenParenToken) {
      advance();
      QueryOperator.Print print =
          new QueryOperator.Print(parseNamedExpressions("print"), spanFrom(start));
      return new Expression.OperatorSource(print, spanFrom(start));
    }
    if (t.kind() == SyntaxKind.RangeKeyword
        && (isNameToken(peek(1)) || peek(1).kind() == SyntaxKind.OpenBracketToken)) {
      return new Expression.OperatorSource(parseRange(), spanFrom(start));
    }
    if (t.kind() == SyntaxKind.BarToken) {
      throw error(t, "expected a table or expression before '|'");
    }
    return parseExpression();
  }

  private QueryOperator parseQueryOperator(SyntaxToken bar) {
    SyntaxToken t = current();
    int start = t.start();
    switch (t.kind()) {
      case WhereKeyword:
      case FilterKeyword:
        advance();
        return new QueryOperator.Where(t.text(), parseExpression(), spanFrom(start));
      case ProjectKeyword:
        advance();
        return new QueryOperator.Project(parseNamedExpressions("project"), spanFrom(start));
      case ProjectAwayKeyword:
        advance();
        return new QueryOperator.ProjectAway(parseColumnPatterns("project-away"), spanFrom(start));
      case ProjectKeepKeyword:
        advance();
        return new QueryOperator.ProjectKeep(parseColumnPatterns("project-keep"), spanFrom(start));
      case ProjectRenameKeyword:
        advance();
        return new QueryOperator.ProjectRename(parseRenames(), spanFrom(start));
      case ProjectReorderKeyword:
        advance();
        return new QueryOperator.ProjectReorder(parseReorderKeys(), spanFrom(start));
      case ExtendKeyword:
        advance();
        return new QueryOperator.Extend(parseNamedExpressions("extend"), spanFrom(start));
      case SummarizeKeyword:
        return parseSummarize();
      case DistinctKeyword:
        {
          advance();
          List<Expression> columns = new ArrayList<>();
          if (at(SyntaxKind.AsteriskToken)) {
            columns.add(new Expression.Star(spanFrom(advance().start())));
          } else {
            columns.addAll(parseExpressionList("distinct"));
          }
          return new QueryOperator.Distinct(columns, spanFrom(start));
        }
      case SortKeyword:
      case OrderKeyword:
        {
          advance();
          expect(SyntaxKind.ByKeyword, "expected 'by' after '" + t.text() + "'");
          List<SortKey> keys = new ArrayList<>();
          do {
            keys.add(parseSortKey());
          } while (acceptListComma(t.text() + " by"));
          return new QueryOperator.Sort(t.text(), keys, spanFrom(start));
        }
      case TopKeyword:
        {
          advance();
          Expression count = parseExpression();
          expect(SyntaxKind.ByKeyword, "expected 'by' after the number of rows of 'top'");
          SortKey key = parseSortKey();
          return new QueryOperator.Top(count, key, spanFrom(start));
        }
      case TakeKeyword:
      case LimitKeyword:
        advance();
        return new QueryOperator.Take(t.text(), parseExpression(), spanFrom(start));
      case CountKeyword:
        advance();
        return new QueryOperator.Count(spanFrom(start));
      case JoinKeyword:
      case LookupKeyword:
        return parseJoinOrLookup();
      case UnionKeyword:
        return parseUnion();
      case MvExpandKeyword:
        return parseMvExpand();
      case ParseKeyword:
      case ParseWhereKeyword:
        return parseParse();
      case AsKeyword:
        {
          advance();
          List<OperatorParameter> parameters = parseParameters(Set.of());
          String name = parseName("a name after 'as'");
          return new QueryOperator.As(parameters, name, spanFrom(start));
        }
      default:
        throw notAnOperator(t);
    }
  }

  private DiagnosticException notAnOperator(SyntaxToken t) {
    if (t.kind() == SyntaxKind.EndOfTextToken) {
      return error(t, "'|' must be followed by a query operator, found the end of the query");
    }
    if (t.isWord()) {
      String word = t.text();
      SyntaxToken dash = peek(1);
      SyntaxToken second = peek(2);
      if (dash.kind() == SyntaxKind.MinusToken
          && !dash.spaceBefore()
          && second.isWord()
          && !second.spaceBefore()) {
        String dashed = word + "-" + second.text();
        if (UNSUPPORTED_OPERATORS.contains(dashed)) {
          return error(t, "the query operator '" + dashed + "' is not supported by Huntboard");
        }
      }
      if (UNSUPPORTED_OPERATORS.contains(word)) {
        return error(t, "the query operator '" + word + "' is not supported by Huntboard");
      }
      SyntaxKind lower = SyntaxKind.keyword(word.toLowerCase(Locale.ROOT));
      if (!word.equals(word.toLowerCase(Locale.ROOT)) && lower != null) {
        return error(
            t,
            "'"
                + word
                + "' is not a query operator: KQL is case-sensitive, write '"
                + lower.text()
                + "'");
      }
      return error(
          t,
          "'"
              + word
              + "' is not a query operator: '|' must be followed by a query operator such as"
              + " where, project, extend or summarize");
    }
    return error(t, "'|' must be followed by a query operator, found " + describe(t));
  }

  private QueryOperator parseSummarize() {
    int start = advance().start();
    List<OperatorParameter> parameters = parseParameters(Set.of());
    List<NamedExpression> aggregates = List.of();
    List<NamedExpression> by = List.of();
    if (!at(SyntaxKind.ByKeyword) && !atOperatorEnd()) {
      aggregates = parseNamedExpressions("summarize");
    }
    if (accept(SyntaxKind.ByKeyword)) {
      by = parseNamedExpressions("summarize by");
    }
    // A bare 'summarize' is accepted, as Microsoft's parser accepts it.
    if (!atOperatorEnd()) {
      throw error(
          current(),
          "unexpected " + describe(current()) + " in 'summarize': expected ',', 'by' or '|'");
    }
    return new QueryOperator.Summarize(parameters, aggregates, by, spanFrom(start));
  }

  private boolean atOperatorEnd() {
    SyntaxKind k = current().kind();
    return k == SyntaxKind.BarToken
        || k == SyntaxKind.SemicolonToken
        || k == SyntaxKind.EndOfTextToken
        || k == SyntaxKind.CloseParenToken
        || k == SyntaxKind.CloseBraceToken;
  }

  private QueryOperator parseJoinOrLookup() {
    SyntaxToken keyword = advance();
    int start = keyword.start();
    boolean join = keyword.kind() == SyntaxKind.JoinKeyword;
    List<OperatorParameter> parameters = parseParameters(Set.of("kind"));
    for (OperatorParameter p : parameters) {
      if (p.name().equals("kind")) {
        String kind = p.valueText();
        boolean known =
            join ? JOIN_KINDS.contains(kind) : Set.of("leftouter", "inner").contains(kind);
        if (!known) {
          throw KqlSyntaxError.at(
              source,
              p.value().span().start(),
              "'"
                  + kind
                  + "' is not a "
                  + keyword.text()
                  + " kind; expected "
                  + (join
                      ? "innerunique, inner, leftouter, rightouter, fullouter, leftsemi, leftanti,"
                          + " rightsemi or rightanti"
                      : "leftouter or inner"));
        }
      }
    }
    Expression right;
    if (at(SyntaxKind.OpenParenToken)) {
      SyntaxToken open = advance();
      right = parsePipeExpression();
      expect(
          SyntaxKind.CloseParenToken,
          "expected ')' to close the right side of '"
              + keyword.text()
              + "' opened at "
              + where(open));
    } else if (atName()) {
      int nameStart = current().start();
      right = new Expression.NameReference(parseName("a table"), spanFrom(nameStart));
    } else {
      throw error(
          current(),
          "expected the right side of '"
              + keyword.text()
              + "': a table name or '(' query ')', found "
              + describe(current()));
    }
    expect(
        SyntaxKind.OnKeyword,
        "expected 'on' and the join keys after the right side of '" + keyword.text() + "'");
    List<Expression> on = parseExpressionList(keyword.text() + " on");
    return join
        ? new QueryOperator.Join(parameters, right, on, spanFrom(start))
        : new QueryOperator.Lookup(parameters, right, on, spanFrom(start));
  }

  private QueryOperator.Union parseUnion() {
    int start = advance().start();
    List<OperatorParameter> parameters = parseParameters(Set.of("kind", "withsource", "isfuzzy"));
    for (OperatorParameter p : parameters) {
      if (p.name().equals("kind") && !Set.of("inner", "outer").contains(p.valueText())) {
        throw KqlSyntaxError.at(
            source,
            p.value().span().start(),
            "'" + p.valueText() + "' is not a union kind; expected inner or outer");
      }
    }
    List<Expression> legs = new ArrayList<>();
    do {
      if (at(SyntaxKind.OpenParenToken)) {
        SyntaxToken open = advance();
        Expression leg = parsePipeExpression();
        expect(
            SyntaxKind.CloseParenToken,
            "expected ')' to close the union leg opened at " + where(open));
        legs.add(leg);
      } else {
        legs.add(parseColumnPattern("a table name after 'union'"));
      }
    } while (acceptListComma("union"));
    return new QueryOperator.Union(parameters, legs, spanFrom(start));
  }

  private QueryOperator parseMvExpand() {
    int start = advance().start();
    List<OperatorParameter> parameters =
        parseParameters(Set.of("kind", "bagexpansion", "with_itemindex"));
    List<MvExpandItem> items = new ArrayList<>();
    do {
      int itemStart = current().start();
      NamedExpression column = parseNamedExpression();
      ScalarType type = null;
      if (accept(SyntaxKind.ToKeyword)) {
        expect(SyntaxKind.TypeOfKeyword, "expected 'typeof' after 'to' in 'mv-expand'");
        expect(SyntaxKind.OpenParenToken, "expected '(' after 'typeof'");
        type = parseType();
        expect(SyntaxKind.CloseParenToken, "expected ')' to close 'typeof('");
      }
      items.add(new MvExpandItem(column, type, spanFrom(itemStart)));
    } while (acceptListComma("mv-expand"));
    Expression limit = null;
    if (accept(SyntaxKind.LimitKeyword)) {
      limit = parseExpression();
    }
    return new QueryOperator.MvExpand(parameters, items, limit, spanFrom(start));
  }

  private QueryOperator parseParse() {
    SyntaxToken keyword = advance();
    int start = keyword.start();
    List<OperatorParameter> parameters = parseParameters(Set.of("kind", "flags"));
    for (OperatorParameter p : parameters) {
      if (p.name().equals("kind")
          && !Set.of("simple", "regex", "relaxed").contains(p.valueText())) {
        throw KqlSyntaxError.at(
            source,
            p.value().span().start(),
            "'" + p.valueText() + "' is not a parse kind; expected simple, regex or relaxed");
      }
    }
    Expression input = parseExpression();
    expect(
        SyntaxKind.WithKeyword,
        "expected 'with' and a pattern after the input of '" + keyword.text() + "'");
    List<ParsePatternPart> pattern = new ArrayList<>();
    while (!atOperatorEnd()) {
      int partStart = current().start();
      if (at(SyntaxKind.StringLiteralToken)) {
        StringBuilder text = new StringBuilder();
        while (at(SyntaxKind.StringLiteralToken)) {
          text.append((String) advance().value());
        }
        pattern.add(
            new ParsePatternPart(
                ParsePatternPart.Kind.LITERAL, text.toString(), null, spanFrom(partStart)));
      } else if (at(SyntaxKind.AsteriskToken)) {
        advance();
        pattern.add(
            new ParsePatternPart(ParsePatternPart.Kind.STAR, null, null, spanFrom(partStart)));
      } else if (atName()) {
        String name = parseName("a column name");
        ScalarType type = null;
        if (accept(SyntaxKind.ColonToken)) {
          type = parseType();
        }
        pattern.add(
            new ParsePatternPart(ParsePatternPart.Kind.COLUMN, name, type, spanFrom(partStart)));
      } else {
        throw error(
            current(),
            "unexpected "
                + describe(current())
                + " in the pattern of '"
                + keyword.text()
                + "': expected a string, a column name or '*'");
      }
    }
    return new QueryOperator.Parse(
        keyword.kind() == SyntaxKind.ParseWhereKeyword,
        parameters,
        input,
        pattern,
        spanFrom(start));
  }

  private QueryOperator.Range parseRange() {
    int start = advance().start();
    String column = parseName("the column name of 'range'");
    expect(SyntaxKind.FromKeyword, "expected 'from' after 'range " + column + "'");
    Expression from = parseExpression();
    expect(SyntaxKind.ToKeyword, "expected 'to' in 'range'");
    Expression to = parseExpression();
    expect(SyntaxKind.StepKeyword, "expected 'step' in 'range'");
    Expression step = parseExpression();
    return new QueryOperator.Range(column, from, to, step, spanFrom(start));
  }

  /**
   * Operator parameters {@code name=value}. {@code names} are the plain names the operator takes;
   * {@code hint.*} names are always accepted.
   */
  private List<OperatorParameter> parseParameters(Set<String> names) {
    List<OperatorParameter> parameters = new ArrayList<>();
    while (current().isWord()) {
      int save = index;
      int saveEnd = lastEnd;
      int start = current().start();
      String name = parseDottedName();
      boolean known = names.contains(name) || HINTS.contains(name);
      if (!known || !at(SyntaxKind.EqualToken)) {
        index = save;
        lastEnd = saveEnd;
        break;
      }
      advance();
      SyntaxToken v = current();
      Expression value;
      int valueStart = v.start();
      if (v.isWord()) {
        advance();
        value = new Expression.NameReference(v.text(), spanFrom(valueStart));
      } else if (v.kind() == SyntaxKind.BooleanLiteralToken) {
        advance();
        value = new Expression.Literal(ScalarType.BOOL, v.value(), spanFrom(valueStart));
      } else if (v.kind() == SyntaxKind.LongLiteralToken) {
        advance();
        value = new Expression.Literal(ScalarType.LONG, v.value(), spanFrom(valueStart));
      } else if (v.kind() == SyntaxKind.RealLiteralToken) {
        advance();
        value = new Expression.Literal(ScalarType.REAL, v.value(), spanFrom(valueStart));
      } else if (v.kind() == SyntaxKind.StringLiteralToken) {
        value = parsePrimary();
      } else {
        throw error(v, "expected a value after '" + name + "=', found " + describe(v));
      }
      parameters.add(new OperatorParameter(name, value, spanFrom(start)));
    }
    return parameters;
  }

  /** After a list element: consumes a ',' and rejects one that ends the list. */
  private boolean acceptListComma(String what) {
    if (!at(SyntaxKind.CommaToken)) {
      return false;
    }
    advance();
    if (atOperatorEnd() || at(SyntaxKind.ByKeyword) && what.equals("summarize")) {
      throw error(
          previous(),
          "a trailing ',' before " + describe(current()) + " is not allowed in '" + what + "'");
    }
    return true;
  }

  private List<NamedExpression> parseNamedExpressions(String what) {
    List<NamedExpression> list = new ArrayList<>();
    if (atOperatorEnd()) {
      throw error(
          current(), "'" + what + "' needs at least one expression, found " + describe(current()));
    }
    do {
      list.add(parseNamedExpression());
    } while (acceptListComma(what));
    return list;
  }

  private List<Expression> parseExpressionList(String what) {
    List<Expression> list = new ArrayList<>();
    if (atOperatorEnd()) {
      throw error(
          current(), "'" + what + "' needs at least one expression, found " + describe(current()));
    }
    do {
      list.add(parseExpression());
    } while (acceptListComma(what));
    return list;
  }

  private NamedExpression parseNamedExpression() {
    int start = current().start();
    List<String> names = new ArrayList<>();
    if (at(SyntaxKind.OpenParenToken)) {
      int save = index;
      int saveEnd = lastEnd;
      advance();
      List<String> candidate = new ArrayList<>();
      boolean ok = true;
      while (ok) {
        if (!atName()) {
          ok = false;
          break;
        }
        candidate.add(parseName("a column name"));
        if (accept(SyntaxKind.CommaToken)) {
          continue;
        }
        ok = accept(SyntaxKind.CloseParenToken) && at(SyntaxKind.EqualToken);
        break;
      }
      if (ok) {
        advance();
        names = candidate;
      } else {
        index = save;
        lastEnd = saveEnd;
      }
    } else if (current().kind().isKeyword()
        && !isNameToken(current())
        && peek(1).kind() == SyntaxKind.EqualToken) {
      throw error(
          current(),
          "the keyword '"
              + current().text()
              + "' cannot name a column here; write ['"
              + current().text()
              + "']");
    } else if (atName()) {
      int offset = atBracketedName() ? 3 : 1;
      if (peek(offset).kind() == SyntaxKind.EqualToken) {
        names.add(parseName("a column name"));
        advance();
      }
    }
    Expression expression = parseExpression();
    return new NamedExpression(names, expression, spanFrom(start));
  }

  private List<Expression> parseColumnPatterns(String what) {
    List<Expression> list = new ArrayList<>();
    if (atOperatorEnd()) {
      // Microsoft's parser accepts an empty list here ("project-away" alone).
      return list;
    }
    do {
      list.add(parseColumnPattern("a column name or pattern in '" + what + "'"));
    } while (acceptListComma(what));
    return list;
  }

  /** A name, or a name with {@code *} wildcards written without spaces: {@code Initiating*}. */
  private Expression parseColumnPattern(String what) {
    int start = current().start();
    if (atBracketedName()) {
      return new Expression.NameReference(parseName(what), spanFrom(start));
    }
    StringBuilder pattern = new StringBuilder();
    boolean wildcard = false;
    boolean first = true;
    while (current().isWord() || at(SyntaxKind.AsteriskToken) || !first && isNumber(current())) {
      if (!first && current().spaceBefore()) {
        break;
      }
      // Two words touch only when the second starts with '$'; that is not one pattern.
      if (!first && current().isWord() && previous().kind() != SyntaxKind.AsteriskToken) {
        break;
      }
      if (first && current().isWord() && !isNameToken(current())) {
        break;
      }
      wildcard |= at(SyntaxKind.AsteriskToken);
      pattern.append(advance().text());
      first = false;
    }
    if (pattern.length() == 0) {
      throw error(current(), "expected " + what + ", found " + describe(current()));
    }
    return wildcard
        ? new Expression.NamePattern(pattern.toString(), spanFrom(start))
        : new Expression.NameReference(pattern.toString(), spanFrom(start));
  }

  private static boolean isNumber(SyntaxToken t) {
    return t.kind() == SyntaxKind.LongLiteralToken;
  }

  private List<NamedExpression> parseRenames() {
    List<NamedExpression> renames = new ArrayList<>();
    do {
      int start = current().start();
      String newName = parseName("the new column name in 'project-rename'");
      expect(SyntaxKind.EqualToken, "expected '=' in 'project-rename NewName = OldName'");
      int oldStart = current().start();
      String oldName = parseName("the old column name in 'project-rename'");
      renames.add(
          new NamedExpression(
              List.of(newName),
              new Expression.NameReference(oldName, spanFrom(oldStart)),
              spanFrom(start)));
    } while (acceptListComma("project-rename"));
    return renames;
  }

  private List<SortKey> parseReorderKeys() {
    List<SortKey> keys = new ArrayList<>();
    do {
      int start = current().start();
      Expression column = parseColumnPattern("a column name or pattern in 'project-reorder'");
      SortKey.Direction direction = null;
      if (accept(SyntaxKind.AscKeyword)) {
        direction = SortKey.Direction.ASC;
      } else if (accept(SyntaxKind.DescKeyword)) {
        direction = SortKey.Direction.DESC;
      }
      keys.add(new SortKey(column, direction, null, spanFrom(start)));
    } while (acceptListComma("project-reorder"));
    return keys;
  }

  private SortKey parseSortKey() {
    int start = current().start();
    Expression expression = parseExpression();
    SortKey.Direction direction = null;
    if (accept(SyntaxKind.AscKeyword)) {
      direction = SortKey.Direction.ASC;
    } else if (accept(SyntaxKind.DescKeyword)) {
      direction = SortKey.Direction.DESC;
    }
    SortKey.Nulls nulls = null;
    if (accept(SyntaxKind.NullsKeyword)) {
      if (accept(SyntaxKind.FirstKeyword)) {
        nulls = SortKey.Nulls.FIRST;
      } else if (accept(SyntaxKind.LastKeyword)) {
        nulls = SortKey.Nulls.LAST;
      } else {
        throw error(
            current(), "expected 'first' or 'last' after 'nulls', found " + describe(current()));
      }
    }
    return new SortKey(expression, direction, nulls, spanFrom(start));
  }

  // ---------------------------------------------------------------- scalar expressions

  private Expression parseExpression() {
    return parseOr();
  }

  private Expression parseOr() {
    int start = current().start();
    Expression left = parseAnd();
    while (at(SyntaxKind.OrKeyword)) {
      advance();
      Expression right = parseAnd();
      left = new Expression.Binary(BinaryOperator.OR, left, right, spanFrom(start));
    }
    return left;
  }

  private Expression parseAnd() {
    int start = current().start();
    Expression left = parseEquality();
    while (at(SyntaxKind.AndKeyword)) {
      advance();
      Expression right = parseEquality();
      left = new Expression.Binary(BinaryOperator.AND, left, right, spanFrom(start));
    }
    return left;
  }

  private boolean atEqualityLevel() {
    SyntaxKind k = current().kind();
    return EQUALITY_OPERATORS.containsKey(k)
        || IN_OPERATORS.containsKey(k)
        || k == SyntaxKind.HasAnyKeyword
        || k == SyntaxKind.HasAllKeyword
        || k == SyntaxKind.BetweenKeyword
        || k == SyntaxKind.NotBetweenKeyword;
  }

  private Expression parseEquality() {
    int start = current().start();
    Expression left = parseRelational();
    if (!atEqualityLevel()) {
      return left;
    }
    SyntaxToken op = advance();
    Expression result;
    BinaryOperator binary = EQUALITY_OPERATORS.get(op.kind());
    if (binary != null) {
      Expression right = parseRelational();
      result = new Expression.Binary(binary, left, right, spanFrom(start));
    } else if (IN_OPERATORS.containsKey(op.kind())) {
      List<Expression> values = parseValueList(op);
      result = new Expression.In(IN_OPERATORS.get(op.kind()), left, values, spanFrom(start));
    } else if (op.kind() == SyntaxKind.HasAnyKeyword || op.kind() == SyntaxKind.HasAllKeyword) {
      List<Expression> values = parseValueList(op);
      result =
          new Expression.HasAny(
              op.kind() == SyntaxKind.HasAllKeyword, left, values, spanFrom(start));
    } else {
      SyntaxToken open =
          expect(SyntaxKind.OpenParenToken, "expected '(' after '" + op.text() + "'");
      Expression low = parseExpression();
      expect(
          SyntaxKind.DotDotToken,
          "expected '..' between the bounds of '" + op.text() + " (low .. high)'");
      Expression high = parseExpression();
      expect(
          SyntaxKind.CloseParenToken,
          "expected ')' to close the range of '" + op.text() + "' opened at " + where(open));
      result =
          new Expression.Between(
              op.kind() == SyntaxKind.NotBetweenKeyword, left, low, high, spanFrom(start));
    }
    if (atEqualityLevel()) {
      throw error(
          current(),
          "'"
              + current().text()
              + "' cannot follow '"
              + op.text()
              + "' without parentheses: comparisons do not chain");
    }
    return result;
  }

  private List<Expression> parseValueList(SyntaxToken op) {
    if (!at(SyntaxKind.OpenParenToken)) {
      String found =
          OPERATOR_WORDS.contains(current().kind())
              ? "the operator '" + current().text() + "'"
              : describe(current());
      throw error(
          current(), "expected '(' and a list of values after '" + op.text() + "', found " + found);
    }
    SyntaxToken open = advance();
    List<Expression> values = new ArrayList<>();
    if (at(SyntaxKind.CloseParenToken)) {
      throw error(current(), "the list of '" + op.text() + "' needs at least one value");
    }
    while (true) {
      values.add(parsePipeExpression());
      if (accept(SyntaxKind.CommaToken)) {
        if (at(SyntaxKind.CloseParenToken)) {
          throw error(previous(), "a trailing ',' before ')' is not allowed");
        }
        continue;
      }
      if (accept(SyntaxKind.CloseParenToken)) {
        return values;
      }
      throw error(
          current(),
          "expected ',' or ')' to close the list opened at "
              + where(open)
              + ", found "
              + describe(current()));
    }
  }

  private Expression parseRelational() {
    int start = current().start();
    Expression left = parseAdditive();
    BinaryOperator op = RELATIONAL_OPERATORS.get(current().kind());
    if (op == null) {
      return left;
    }
    SyntaxToken opToken = advance();
    Expression right = parseAdditive();
    if (RELATIONAL_OPERATORS.containsKey(current().kind())) {
      throw error(
          current(),
          "'"
              + current().text()
              + "' cannot follow '"
              + opToken.text()
              + "' without parentheses: comparisons do not chain");
    }
    return new Expression.Binary(op, left, right, spanFrom(start));
  }

  private Expression parseAdditive() {
    int start = current().start();
    Expression left = parseMultiplicative();
    while (at(SyntaxKind.PlusToken) || at(SyntaxKind.MinusToken)) {
      BinaryOperator op =
          advance().kind() == SyntaxKind.PlusToken ? BinaryOperator.ADD : BinaryOperator.SUBTRACT;
      Expression right = parseMultiplicative();
      left = new Expression.Binary(op, left, right, spanFrom(start));
    }
    return left;
  }

  private Expression parseMultiplicative() {
    int start = current().start();
    Expression left = parseStringOperation();
    while (at(SyntaxKind.AsteriskToken)
        || at(SyntaxKind.SlashToken)
        || at(SyntaxKind.PercentToken)) {
      SyntaxKind k = advance().kind();
      BinaryOperator op =
          k == SyntaxKind.AsteriskToken
              ? BinaryOperator.MULTIPLY
              : k == SyntaxKind.SlashToken ? BinaryOperator.DIVIDE : BinaryOperator.MODULO;
      Expression right = parseStringOperation();
      left = new Expression.Binary(op, left, right, spanFrom(start));
    }
    return left;
  }

  private BinaryOperator stringOperatorAt() {
    if (at(SyntaxKind.MatchesKeyword)) {
      return BinaryOperator.MATCHES_REGEX;
    }
    return STRING_OPERATORS.get(current().kind());
  }

  private Expression parseStringOperation() {
    int start = current().start();
    Expression left = parseUnary();
    BinaryOperator op = stringOperatorAt();
    if (op == null) {
      return left;
    }
    SyntaxToken opToken = advance();
    if (op == BinaryOperator.MATCHES_REGEX) {
      expect(SyntaxKind.RegexKeyword, "expected 'regex' after 'matches'");
    }
    Expression right = parseUnary();
    if (stringOperatorAt() != null) {
      throw error(
          current(),
          "'"
              + current().text()
              + "' cannot follow '"
              + opToken.text()
              + "' without parentheses: string operators do not chain");
    }
    return new Expression.Binary(op, left, right, spanFrom(start));
  }

  private Expression parseUnary() {
    enter();
    try {
      int start = current().start();
      if (at(SyntaxKind.MinusToken) || at(SyntaxKind.PlusToken)) {
        Expression.Unary.UnaryOperator op =
            advance().kind() == SyntaxKind.MinusToken
                ? Expression.Unary.UnaryOperator.MINUS
                : Expression.Unary.UnaryOperator.PLUS;
        if (at(SyntaxKind.MinusToken) || at(SyntaxKind.PlusToken)) {
          throw error(
              current(),
              "'"
                  + current().text()
                  + "' cannot follow another prefix '-' or '+'; write "
                  + op.text()
                  + "(...) with parentheses");
        }
        Expression operand = parsePostfix();
        return new Expression.Unary(op, operand, spanFrom(start));
      }
      return parsePostfix();
    } finally {
      leave();
    }
  }

  private Expression parsePostfix() {
    int start = current().start();
    Expression result = parsePrimary();
    while (true) {
      if (at(SyntaxKind.DotToken)) {
        advance();
        String member;
        if (atBracketedName()) {
          member = parseName("a member name");
        } else if (current().isWord()) {
          member = advance().text();
        } else {
          throw error(current(), "expected a member name after '.', found " + describe(current()));
        }
        result = new Expression.Path(result, member, spanFrom(start));
      } else if (at(SyntaxKind.OpenBracketToken)) {
        SyntaxToken open = advance();
        Expression element = parseExpression();
        expect(
            SyntaxKind.CloseBracketToken, "expected ']' to close the '[' opened at " + where(open));
        result = new Expression.Element(result, element, spanFrom(start));
      } else {
        return result;
      }
    }
  }

  private Expression parsePrimary() {
    SyntaxToken t = current();
    int start = t.start();
    switch (t.kind()) {
      case StringLiteralToken:
        {
          // Adjacent string literals are one literal (whitespace and comments between are fine).
          StringBuilder value = new StringBuilder();
          while (at(SyntaxKind.StringLiteralToken)) {
            value.append((String) advance().value());
          }
          return new Expression.Literal(ScalarType.STRING, value.toString(), spanFrom(start));
        }
      case LongLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.LONG, t.value(), spanFrom(start));
      case RealLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.REAL, t.value(), spanFrom(start));
      case IntLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.INT, t.value(), spanFrom(start));
      case BooleanLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.BOOL, t.value(), spanFrom(start));
      case TimespanLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.TIMESPAN, t.value(), spanFrom(start));
      case GuidLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.GUID, t.value(), spanFrom(start));
      case DecimalLiteralToken:
        advance();
        return new Expression.Literal(ScalarType.DECIMAL, t.value(), spanFrom(start));
      case DateTimeLiteralToken:
        advance();
        if (t.value() == KqlLexer.NOW) {
          return new Expression.FunctionCall("now", List.of(), spanFrom(start));
        }
        return new Expression.Literal(ScalarType.DATETIME, t.value(), spanFrom(start));
      case OpenParenToken:
        {
          advance();
          if (at(SyntaxKind.CloseParenToken)) {
            throw error(current(), "expected an expression between '(' and ')'");
          }
          Expression inner = parsePipeExpression();
          expect(SyntaxKind.CloseParenToken, "expected ')' to close the '(' opened at " + where(t));
          return new Expression.Parenthesized(inner, spanFrom(start));
        }
      case DynamicKeyword:
        if (peek(1).kind() == SyntaxKind.OpenParenToken) {
          return parseDynamic();
        }
        throw error(
            peek(1), "expected '(' and a value after 'dynamic', found " + describe(peek(1)));
      case DatatableKeyword:
        if (peek(1).kind() == SyntaxKind.OpenParenToken) {
          return parseDataTable();
        }
        throw error(
            peek(1),
            "expected '(' and the column declarations after 'datatable', found "
                + describe(peek(1)));
      default:
        break;
    }
    if ((TYPE_WORDS.contains(t.kind())
            || t.kind() == SyntaxKind.BoolKeyword
            || t.kind() == SyntaxKind.GuidKeyword
            || t.kind() == SyntaxKind.UuidKeyword)
        && peek(1).kind() == SyntaxKind.OpenParenToken) {
      throw error(
          peek(1),
          "write '" + t.text() + "(' without a space: '" + t.text() + " (' is not a literal");
    }
    if (t.isWord()
        && !OPERATOR_WORDS.contains(t.kind())
        && peek(1).kind() == SyntaxKind.OpenParenToken) {
      advance();
      return parseCallArguments(t.text(), start);
    }
    if (atBracketedName()) {
      return new Expression.NameReference(parseName("a name"), spanFrom(start));
    }
    if (isReferenceToken(t)) {
      advance();
      return new Expression.NameReference(t.text(), spanFrom(start));
    }
    throw expectedExpression(t);
  }

  private DiagnosticException expectedExpression(SyntaxToken t) {
    if (t.kind().isKeyword()) {
      return error(
          t,
          "expected an expression, found the "
              + (OPERATOR_WORDS.contains(t.kind()) ? "operator" : "keyword")
              + " '"
              + t.text()
              + "'; write ['"
              + t.text()
              + "'] if it is a name");
    }
    if (t.kind() == SyntaxKind.EndOfTextToken) {
      return error(t, "expected an expression, found the end of the query");
    }
    if (t.kind() == SyntaxKind.CloseParenToken || t.kind() == SyntaxKind.CommaToken) {
      return error(t, "expected an expression before " + describe(t));
    }
    return error(t, "expected an expression, found " + describe(t));
  }

  private Expression parseCallArguments(String name, int start) {
    // Only toscalar() and materialize() take a bare pipeline; other calls need it parenthesized.
    boolean tabularArguments = name.equals("toscalar") || name.equals("materialize");
    SyntaxToken open = advance();
    List<Expression> arguments = new ArrayList<>();
    if (!at(SyntaxKind.CloseParenToken)) {
      while (true) {
        if (at(SyntaxKind.AsteriskToken)
            && (peek(1).kind() == SyntaxKind.CommaToken
                || peek(1).kind() == SyntaxKind.CloseParenToken)) {
          arguments.add(new Expression.Star(spanFrom(advance().start())));
        } else if (tabularArguments) {
          arguments.add(parsePipeExpression());
        } else {
          arguments.add(parseExpression());
        }
        if (accept(SyntaxKind.CommaToken)) {
          if (at(SyntaxKind.CloseParenToken)) {
            throw error(previous(), "a trailing ',' before ')' is not allowed");
          }
          continue;
        }
        break;
      }
    }
    expect(
        SyntaxKind.CloseParenToken,
        "expected ',' or ')' to close the arguments of '" + name + "' opened at " + where(open));
    return new Expression.FunctionCall(name, arguments, spanFrom(start));
  }

  private Expression parseDataTable() {
    int start = advance().start();
    SyntaxToken open = expect(SyntaxKind.OpenParenToken, "expected '(' after 'datatable'");
    if (at(SyntaxKind.CloseParenToken)) {
      throw error(current(), "'datatable' needs at least one column");
    }
    List<ColumnDeclaration> columns = parseColumnDeclarations();
    expect(
        SyntaxKind.CloseParenToken,
        "expected ',' or ')' to close the columns of 'datatable' opened at " + where(open));
    SyntaxToken bracket =
        expect(SyntaxKind.OpenBracketToken, "expected '[' and the values of 'datatable'");
    List<Expression> values = new ArrayList<>();
    if (!at(SyntaxKind.CloseBracketToken)) {
      while (true) {
        values.add(parseDataTableValue());
        // Kusto allows a trailing ',' after the last datatable value.
        if (accept(SyntaxKind.CommaToken) && !at(SyntaxKind.CloseBracketToken)) {
          continue;
        }
        break;
      }
    }
    expect(
        SyntaxKind.CloseBracketToken,
        "expected ',' or ']' to close the values of 'datatable' opened at " + where(bracket));
    if (values.size() % columns.size() != 0) {
      throw KqlSyntaxError.at(
          source,
          bracket.start(),
          "'datatable' has "
              + columns.size()
              + " columns but "
              + values.size()
              + " values, which do not fill whole rows");
    }
    return new Expression.DataTable(columns, values, spanFrom(start));
  }

  /** A datatable cell: a literal, possibly signed; Kusto takes no computed values there. */
  private Expression parseDataTableValue() {
    SyntaxToken t = current();
    Expression value = parseUnary();
    Expression literal = value instanceof Expression.Unary u ? u.operand() : value;
    if (!(literal instanceof Expression.Literal)) {
      throw error(t, "a datatable value must be a literal, found " + describe(t));
    }
    return value;
  }

  // ---------------------------------------------------------------- dynamic literals

  private Expression parseDynamic() {
    int start = advance().start();
    SyntaxToken open = advance();
    JsonNode value = parseJson();
    expect(SyntaxKind.CloseParenToken, "expected ')' to close 'dynamic(' opened at " + where(open));
    return new Expression.Literal(ScalarType.DYNAMIC, value, spanFrom(start));
  }

  /** An integer as Jackson reads one from JSON text: an int node when it fits, else a long node. */
  private static JsonNode integral(long v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return v == (int) v ? f.numberNode((int) v) : f.numberNode(v);
  }

  private JsonNode parseJson() {
    enter();
    try {
      JsonNodeFactory f = JsonNodeFactory.instance;
      SyntaxToken t = current();
      switch (t.kind()) {
        case OpenBracketToken:
          {
            advance();
            ArrayNode array = f.arrayNode();
            if (accept(SyntaxKind.CloseBracketToken)) {
              return array;
            }
            while (true) {
              array.add(parseJson());
              if (accept(SyntaxKind.CommaToken)) {
                if (at(SyntaxKind.CloseBracketToken)) {
                  throw error(previous(), "a trailing ',' before ']' is not allowed");
                }
                continue;
              }
              expect(
                  SyntaxKind.CloseBracketToken,
                  "expected ',' or ']' to close the array opened at " + where(t));
              return array;
            }
          }
        case OpenBraceToken:
          {
            advance();
            ObjectNode object = f.objectNode();
            if (accept(SyntaxKind.CloseBraceToken)) {
              return object;
            }
            while (true) {
              SyntaxToken key = current();
              if (key.kind() != SyntaxKind.StringLiteralToken) {
                throw error(
                    key, "expected a quoted property name in 'dynamic', found " + describe(key));
              }
              advance();
              expect(SyntaxKind.ColonToken, "expected ':' after the property name");
              object.set((String) key.value(), parseJson());
              if (accept(SyntaxKind.CommaToken)) {
                if (at(SyntaxKind.CloseBraceToken)) {
                  throw error(previous(), "a trailing ',' before '}' is not allowed");
                }
                continue;
              }
              expect(
                  SyntaxKind.CloseBraceToken,
                  "expected ',' or '}' to close the object opened at " + where(t));
              return object;
            }
          }
        case StringLiteralToken:
          {
            StringBuilder value = new StringBuilder();
            while (at(SyntaxKind.StringLiteralToken)) {
              value.append((String) advance().value());
            }
            return f.textNode(value.toString());
          }
        case MinusToken:
        case PlusToken:
          {
            advance();
            SyntaxToken n = current();
            boolean minus = t.kind() == SyntaxKind.MinusToken;
            if (n.kind() == SyntaxKind.LongLiteralToken && !n.spaceBefore()) {
              advance();
              long v = (Long) n.value();
              return integral(minus ? -v : v);
            }
            if (n.kind() == SyntaxKind.RealLiteralToken && !n.spaceBefore()) {
              advance();
              double v = (Double) n.value();
              return f.numberNode(minus ? -v : v);
            }
            throw error(n, "expected a number after '" + t.text() + "' in 'dynamic'");
          }
        case LongLiteralToken:
        case IntLiteralToken:
          advance();
          if (t.value() == null) {
            return f.nullNode();
          }
          return integral(((Number) t.value()).longValue());
        case RealLiteralToken:
          advance();
          return t.value() == null ? f.nullNode() : f.numberNode((Double) t.value());
        case BooleanLiteralToken:
          advance();
          return t.value() == null ? f.nullNode() : f.booleanNode((Boolean) t.value());
        case DecimalLiteralToken:
          advance();
          return t.value() == null ? f.nullNode() : f.numberNode((java.math.BigDecimal) t.value());
        case DateTimeLiteralToken:
          advance();
          if (t.value() == null) {
            return f.nullNode();
          }
          if (t.value() == KqlLexer.NOW) {
            throw error(t, "'datetime()' (now) is not allowed inside 'dynamic'");
          }
          return f.textNode(LiteralText.dateTimeText((Instant) t.value()));
        case TimespanLiteralToken:
          advance();
          return t.value() == null
              ? f.nullNode()
              : f.textNode(LiteralText.timespanClockText((Duration) t.value()));
        case GuidLiteralToken:
          advance();
          return t.value() == null ? f.nullNode() : f.textNode(t.value().toString());
        default:
          if (t.kind() == SyntaxKind.IdentifierToken && t.text().equals("null")) {
            advance();
            return f.nullNode();
          }
          throw error(
              t,
              "expected a value in 'dynamic' (a number, string, true, false, null, [...] or"
                  + " {...}), found "
                  + describe(t));
      }
    } finally {
      leave();
    }
  }
}
