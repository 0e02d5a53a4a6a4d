package org.huntboard.core.kql.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * The kinds of token the KQL lexer produces, named as {@code Kusto.Language}'s {@code SyntaxKind}
 * names them. Keywords are contextual: the parser accepts most of them as names where a name is
 * expected, as Kusto does.
 */
public enum SyntaxKind {
  // punctuation
  OpenParenToken("("),
  CloseParenToken(")"),
  OpenBracketToken("["),
  CloseBracketToken("]"),
  OpenBraceToken("{"),
  CloseBraceToken("}"),
  BarToken("|"),
  DotToken("."),
  DotDotToken(".."),
  CommaToken(","),
  SemicolonToken(";"),
  ColonToken(":"),
  EqualToken("="),
  EqualEqualToken("=="),
  BangEqualToken("!="),
  LessThanGreaterThanToken("<>"),
  LessThanToken("<"),
  LessThanOrEqualToken("<="),
  GreaterThanToken(">"),
  GreaterThanOrEqualToken(">="),
  EqualTildeToken("=~"),
  BangTildeToken("!~"),
  PlusToken("+"),
  MinusToken("-"),
  AsteriskToken("*"),
  SlashToken("/"),
  PercentToken("%"),
  FatArrowToken("=>"),
  QuestionToken("?"),
  AtToken("@"),

  // literals and names
  IdentifierToken(null),
  StringLiteralToken(null),
  LongLiteralToken(null),
  RealLiteralToken(null),
  BooleanLiteralToken(null),
  IntLiteralToken(null),
  DateTimeLiteralToken(null),
  TimespanLiteralToken(null),
  GuidLiteralToken(null),
  DecimalLiteralToken(null),
  EndOfTextToken(null),

  // keywords: statements and query operators
  LetKeyword("let"),
  SetKeyword("set"),
  ViewKeyword("view"),
  WhereKeyword("where"),
  FilterKeyword("filter"),
  ProjectKeyword("project"),
  ProjectAwayKeyword("project-away"),
  ProjectKeepKeyword("project-keep"),
  ProjectRenameKeyword("project-rename"),
  ProjectReorderKeyword("project-reorder"),
  ExtendKeyword("extend"),
  SummarizeKeyword("summarize"),
  DistinctKeyword("distinct"),
  SortKeyword("sort"),
  OrderKeyword("order"),
  TopKeyword("top"),
  TakeKeyword("take"),
  LimitKeyword("limit"),
  CountKeyword("count"),
  JoinKeyword("join"),
  LookupKeyword("lookup"),
  UnionKeyword("union"),
  MvExpandKeyword("mv-expand"),
  ParseKeyword("parse"),
  ParseWhereKeyword("parse-where"),
  AsKeyword("as"),
  PrintKeyword("print"),
  RangeKeyword("range"),
  DatatableKeyword("datatable"),
  DynamicKeyword("dynamic"),
  TypeOfKeyword("typeof"),
  ToScalarKeyword("toscalar"),
  MaterializeKeyword("materialize"),

  // keywords: scalar type names
  BoolKeyword("bool"),
  BooleanKeyword("boolean"),
  DateTimeKeyword("datetime"),
  DateKeyword("date"),
  DecimalKeyword("decimal"),
  GuidKeyword("guid"),
  UuidKeyword("uuid"),
  UniqueIdKeyword("uniqueid"),
  IntKeyword("int"),
  Int32Keyword("int32"),
  LongKeyword("long"),
  Int64Keyword("int64"),
  RealKeyword("real"),
  DoubleKeyword("double"),
  StringKeyword("string"),
  TimeKeyword("time"),
  TimespanKeyword("timespan"),

  // keywords: clauses
  ByKeyword("by"),
  OnKeyword("on"),
  WithKeyword("with"),
  FromKeyword("from"),
  ToKeyword("to"),
  StepKeyword("step"),
  AscKeyword("asc"),
  DescKeyword("desc"),
  NullsKeyword("nulls"),
  FirstKeyword("first"),
  LastKeyword("last"),
  KindKeyword("kind"),

  // keywords: scalar operators
  AndKeyword("and"),
  OrKeyword("or"),
  InKeyword("in"),
  InCiKeyword("in~"),
  NotInKeyword("!in"),
  NotInCiKeyword("!in~"),
  BetweenKeyword("between"),
  NotBetweenKeyword("!between"),
  HasAnyKeyword("has_any"),
  HasAllKeyword("has_all"),
  HasKeyword("has"),
  NotHasKeyword("!has"),
  HasCsKeyword("has_cs"),
  NotHasCsKeyword("!has_cs"),
  HasPrefixKeyword("hasprefix"),
  NotHasPrefixKeyword("!hasprefix"),
  HasPrefixCsKeyword("hasprefix_cs"),
  NotHasPrefixCsKeyword("!hasprefix_cs"),
  HasSuffixKeyword("hassuffix"),
  NotHasSuffixKeyword("!hassuffix"),
  HasSuffixCsKeyword("hassuffix_cs"),
  NotHasSuffixCsKeyword("!hassuffix_cs"),
  ContainsKeyword("contains"),
  NotContainsKeyword("!contains"),
  ContainsCsKeyword("contains_cs"),
  NotContainsCsKeyword("!contains_cs"),
  StartsWithKeyword("startswith"),
  NotStartsWithKeyword("!startswith"),
  StartsWithCsKeyword("startswith_cs"),
  NotStartsWithCsKeyword("!startswith_cs"),
  EndsWithKeyword("endswith"),
  NotEndsWithKeyword("!endswith"),
  EndsWithCsKeyword("endswith_cs"),
  NotEndsWithCsKeyword("!endswith_cs"),
  MatchesKeyword("matches"),
  RegexKeyword("regex"),
  LikeKeyword("like"),
  NotLikeKeyword("notlike"),
  LikeCsKeyword("likecs"),
  NotLikeCsKeyword("notlikecs");

  private static final Map<String, SyntaxKind> KEYWORDS = new HashMap<>();

  static {
    for (SyntaxKind kind : values()) {
      if (kind.name().endsWith("Keyword")) {
        KEYWORDS.put(kind.text, kind);
      }
    }
  }

  private final String text;

  SyntaxKind(String text) {
    this.text = text;
  }

  /** The fixed text of a punctuation or keyword token; null for names and literals. */
  public String text() {
    return text;
  }

  public boolean isKeyword() {
    return name().endsWith("Keyword");
  }

  /** The keyword written {@code word}, or null when the word is a plain identifier. */
  public static SyntaxKind keyword(String word) {
    return KEYWORDS.get(word);
  }
}
