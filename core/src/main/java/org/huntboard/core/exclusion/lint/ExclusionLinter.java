package org.huntboard.core.exclusion.lint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.Diagnostic.Severity;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.compile.ConditionTranslator;
import org.huntboard.core.exclusion.compile.ExclusionCompiler;
import org.huntboard.core.exclusion.condition.ComparisonOperator;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.exclusion.mapping.FieldMappings;
import org.huntboard.core.exclusion.mapping.FieldMappings.AttackerText;
import org.huntboard.core.exclusion.mapping.FieldResolution;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.schema.Dialect;

/**
 * The guards an exclusion passes before a rule owner approves it. Each finding is a {@link
 * Diagnostic} with a severity, a stable code and an explanation meant for the rule owner, located
 * in the exclusions file when the exclusion came from one:
 *
 * <ul>
 *   <li>{@value #UNKNOWN_FIELD} (error): a field that is neither a generic name of the table's
 *       mapping nor one of its columns, or a value the column cannot hold ({@code EXCL-TYPE});
 *   <li>{@value #VOLATILE} (warning): a field or value that identifies one event or one process
 *       instance ({@code ReportId}, {@code Timestamp}, process ids, GUIDs): it matches once;
 *   <li>{@value #ATTACKER_CONTROLLED} (warning): {@code contains} or {@code has} on text the
 *       attacker writes (a command line, a file name, a URL...), with the safer alternative;
 *   <li>{@value #SINGLE_FIELD} (warning): an alternative of the exclusion tests one field only;
 *   <li>{@value #SUPPRESSES_TRUE_POSITIVE} (error) and {@value #DEAD} (warning), when evidence is
 *       given: the exclusion hides a true-positive fixture and may not be approved, or it matches
 *       nothing it was meant for.
 * </ul>
 */
public final class ExclusionLinter {

  public static final String UNKNOWN_FIELD = ConditionTranslator.UNKNOWN_FIELD;
  public static final String VOLATILE = "EXCL-VOLATILE";
  public static final String ATTACKER_CONTROLLED = "EXCL-ATTACKER-CONTROLLED";
  public static final String SINGLE_FIELD = "EXCL-SINGLE-FIELD";
  public static final String SUPPRESSES_TRUE_POSITIVE = "EXCL-SUPPRESSES-TRUE-POSITIVE";
  public static final String DEAD = "EXCL-DEAD";

  private static final Pattern GUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

  private final FieldMappings mappings;
  private final ExclusionCompiler compiler;

  public ExclusionLinter(FieldMappings mappings) {
    this.mappings = mappings;
    this.compiler = new ExclusionCompiler(mappings);
  }

  /** A linter over the built-in field mappings. */
  public static ExclusionLinter builtIn() {
    return new ExclusionLinter(FieldMappings.builtIn());
  }

  /** {@link #lintWith} over the built-in field mappings. */
  public static List<Diagnostic> lint(
      Query ruleQuery,
      List<? extends ExclusionFilter> exclusions,
      Dialect dialect,
      ExclusionEvidence evidence) {
    return builtIn().lintWith(ruleQuery, exclusions, dialect, evidence);
  }

  /**
   * Every finding for {@code exclusions} in {@code ruleQuery}, exclusion by exclusion in order.
   * {@code evidence} may be null: the fixture guards are then skipped. A rule query that does not
   * bind, or reads no single table, is thrown as a {@link DiagnosticException}.
   */
  public List<Diagnostic> lintWith(
      Query ruleQuery,
      List<? extends ExclusionFilter> exclusions,
      Dialect dialect,
      ExclusionEvidence evidence) {
    FieldMappingProfile profile = compiler.profileFor(ruleQuery, dialect);
    List<Diagnostic> out = new ArrayList<>();
    for (ExclusionFilter e : exclusions) {
      out.addAll(lintOne(ruleQuery, e, profile, evidence));
    }
    return out;
  }

  private List<Diagnostic> lintOne(
      Query ruleQuery, ExclusionFilter e, FieldMappingProfile profile, ExclusionEvidence evidence) {
    List<Diagnostic> out = new ArrayList<>();
    SourceText source = e.source();
    boolean resolved = true;
    for (Comparison c : e.conditions().comparisons()) {
      FieldResolution r = profile.resolve(c.field().name());
      if (!(r instanceof FieldResolution.Resolved column)) {
        Diagnostic d = ConditionTranslator.fieldProblem(r, c.field(), source);
        out.add(prefixed(e, d));
        resolved = false;
        continue;
      }
      volatileField(e, c, column, source).ifPresent(out::add);
      attackerControlled(e, c, column, source).ifPresent(out::add);
    }
    if (resolved) {
      try {
        ConditionTranslator.translate(e, profile);
      } catch (DiagnosticException d) {
        d.diagnostics().forEach(x -> out.add(prefixed(e, x)));
        resolved = false;
      }
    }
    out.addAll(singleField(e, profile, source));
    if (resolved && evidence != null) {
      ExclusionEvidence.Verdict v = evidence.examine(ruleQuery, e, profile);
      if (!v.suppressedTruePositives().isEmpty()) {
        out.add(
            ConditionTranslator.located(
                Severity.ERROR,
                SUPPRESSES_TRUE_POSITIVE,
                "exclusion "
                    + e.id()
                    + " suppresses "
                    + v.suppressedTruePositives().size()
                    + " of the rule's true positives ("
                    + String.join(
                        "; ",
                        v.suppressedTruePositives()
                            .subList(0, Math.min(3, v.suppressedTruePositives().size())))
                    + "); it may not be approved. Narrow the filter until these rows stay"
                    + " detections.",
                e.conditions().span(),
                source));
      }
      if (v.matched() == 0) {
        out.add(
            ConditionTranslator.located(
                Severity.WARNING,
                DEAD,
                "exclusion "
                    + e.id()
                    + " matches nothing in "
                    + v.evidence()
                    + ": it is dead."
                    + " Check the field names and values against real events, or drop it; an"
                    + " unused exclusion only waits to hide something nobody meant it to.",
                e.conditions().span(),
                source));
      }
    }
    return out;
  }

  private Optional<Diagnostic> volatileField(
      ExclusionFilter e, Comparison c, FieldResolution.Resolved column, SourceText source) {
    String name = column.column().name();
    if (mappings.isVolatile(name) && !c.operator().negated()) {
      return Optional.of(
          ConditionTranslator.located(
              Severity.WARNING,
              VOLATILE,
              "exclusion "
                  + e.id()
                  + " tests "
                  + describe(c, column)
                  + ", which identifies one"
                  + " event or one run of a process: the exclusion will match once and the same"
                  + " benign activity will come back with new values. Exclude on what makes the"
                  + " activity benign instead: the process, its parent, its path or the"
                  + " destination.",
              c.span(),
              source));
    }
    if (!c.operator().negated()) {
      for (Condition.Value v : c.values()) {
        if (GUID.matcher(v.text()).find()) {
          return Optional.of(
              ConditionTranslator.located(
                  Severity.WARNING,
                  VOLATILE,
                  "exclusion "
                      + e.id()
                      + ": the value \""
                      + v.text()
                      + "\" holds a GUID, which"
                      + " usually names one object (a session, a temporary folder, an install)"
                      + " and differs next time; the exclusion will likely match once. Match the"
                      + " stable part of the value instead.",
                  v.span().isKnown() ? v.span() : c.span(),
                  source));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Diagnostic> attackerControlled(
      ExclusionFilter e, Comparison c, FieldResolution.Resolved column, SourceText source) {
    ComparisonOperator op = c.operator();
    if (op != ComparisonOperator.CONTAINS && op != ComparisonOperator.HAS) {
      return Optional.empty();
    }
    Optional<AttackerText> kind = mappings.attackerText(column.column().name());
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    String value = c.values().get(0).text();
    String what;
    String instead;
    switch (kind.get()) {
      case COMMAND_LINE -> {
        what =
            "the command line is whatever the process was started with, so anyone who starts"
                + " a process can put \""
                + value
                + "\" in it (as an extra argument, a file name or"
                + " a comment) and this exclusion hides them";
        instead =
            "anchor on what the attacker does not choose: the parent process name together"
                + " with the executable's folder path and signer (e.g. process.parent_process_name =="
                + " \"...\" and process.executable == \"C:\\\\Program Files\\\\...\"), or compare the"
                + " whole command line with ==";
      }
      case FILE_NAME -> {
        what =
            "a file name is whatever the file was saved as, so an attacker can name their own"
                + " binary to include \""
                + value
                + "\"";
        instead =
            "compare the whole name with == together with the folder path"
                + " (process.executable) or the hash (process.hash.sha1)";
      }
      case PATH -> {
        what =
            "a folder path under a user-writable directory is chosen by whoever writes there,"
                + " so \""
                + value
                + "\" can appear in an attacker's path too";
        instead =
            "compare the full path of a protected location (under C:\\\\Program Files or"
                + " C:\\\\Windows) with ==";
      }
      case URL -> {
        what =
            "the remote URL is chosen by whoever runs the server: \""
                + value
                + "\" also"
                + " occurs in "
                + value
                + ".attacker.example and similar names";
        instead =
            "compare the full domain with ==, or use endswith with a leading dot"
                + " (endswith \"."
                + value
                + "\") for a domain and its subdomains";
      }
      default -> {
        what =
            "version information (company, product, description) is written into the binary"
                + " by whoever built it, so an attacker's binary can carry \""
                + value
                + "\"";
        instead = "anchor on the signer or the hash (process.hash.sha1) of the benign binary";
      }
    }
    return Optional.of(
        ConditionTranslator.located(
            Severity.WARNING,
            ATTACKER_CONTROLLED,
            "exclusion "
                + e.id()
                + " uses '"
                + op.text()
                + "' on "
                + describe(c, column)
                + ": "
                + what
                + ". Safer: "
                + instead
                + ".",
            c.span(),
            source));
  }

  private List<Diagnostic> singleField(
      ExclusionFilter e, FieldMappingProfile profile, SourceText source) {
    List<Condition> alternatives = new ArrayList<>();
    flattenOr(e.conditions(), alternatives);
    List<Diagnostic> out = new ArrayList<>();
    for (Condition alternative : alternatives) {
      Set<String> columns = new LinkedHashSet<>();
      List<Comparison> comparisons = alternative.comparisons();
      for (Comparison c : comparisons) {
        if (profile.resolve(c.field().name()) instanceof FieldResolution.Resolved r) {
          columns.add(r.column().name());
        } else {
          columns.add("?" + c.field().name());
        }
      }
      if (columns.size() == 1 && !columns.iterator().next().startsWith("?")) {
        Comparison first = comparisons.get(0);
        String field = first.field().name();
        out.add(
            ConditionTranslator.located(
                Severity.WARNING,
                SINGLE_FIELD,
                "exclusion "
                    + e.id()
                    + ": "
                    + (alternatives.size() > 1 ? "this alternative of the 'or' tests" : "it tests")
                    + " only "
                    + field
                    + ", so every row with "
                    + (comparisons.size() == 1 ? "that value" : "those values")
                    + " is hidden, whatever the process, parent or destination. Combine it with"
                    + " 'and' with a second field that pins the benign activity down (the parent"
                    + " process, the executable's path, the destination).",
                alternative.span(),
                source));
      }
    }
    return out;
  }

  private static void flattenOr(Condition c, List<Condition> out) {
    if (c instanceof Condition.Or or) {
      or.operands().forEach(o -> flattenOr(o, out));
    } else {
      out.add(c);
    }
  }

  private static String describe(Comparison c, FieldResolution.Resolved column) {
    return column.generic()
        ? c.field().name() + " (" + column.column().name() + ")"
        : column.column().name();
  }

  private static Diagnostic prefixed(ExclusionFilter e, Diagnostic d) {
    return new Diagnostic(
        d.severity(),
        d.code(),
        "exclusion " + e.id() + ": " + d.message(),
        d.location(),
        d.excerpt());
  }
}
