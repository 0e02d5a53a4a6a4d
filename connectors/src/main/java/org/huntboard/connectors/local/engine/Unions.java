package org.huntboard.connectors.local.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * {@code union}: legs in written order (a piped input first). Outer unions keep every column, with
 * nulls where a leg lacks it; a name with different types in different legs becomes one column per
 * type, suffixed {@code _type}. Inner unions keep the columns all legs share.
 */
final class Unions {

  private Unions() {}

  static Relation union(Evaluator ev, Env env, Relation piped, QueryOperator.Union u) {
    QueryContext ctx = ev.ctx;
    boolean inner = false;
    boolean fuzzy = false;
    String source = null;
    for (OperatorParameter p : u.parameters()) {
      switch (p.name()) {
        case "kind" -> inner = p.valueText().equals("inner");
        case "withsource" -> source = p.valueText();
        case "isfuzzy" -> fuzzy = p.valueText().equals("true");
        default -> {}
      }
    }
    List<Relation> legs = new ArrayList<>();
    List<String> legNames = new ArrayList<>();
    if (piped != null) {
      legs.add(piped);
      legNames.add("");
    }
    int arg = 0;
    for (Expression leg : u.legs()) {
      Expression x = Filters.strip(leg);
      if (x instanceof Expression.NamePattern p) {
        TreeSet<String> names = new TreeSet<>();
        for (String t : ctx.database.tableNames()) {
          if (Evaluator.matches(p.pattern(), t)) {
            names.add(t);
          }
        }
        for (String t : names) {
          legs.add(ev.evalTabular(new Expression.NameReference(t, p.span()), env));
          legNames.add(t);
        }
        continue;
      }
      if (x instanceof Expression.NameReference n && fuzzy && !ev.isTabular(x, env)) {
        continue;
      }
      legs.add(ev.evalTabular(leg, env));
      legNames.add(x instanceof Expression.NameReference n ? n.name() : "union_arg" + arg);
      arg++;
    }
    // name -> types in order of appearance
    Map<String, List<ScalarType>> types = new LinkedHashMap<>();
    for (Relation r : legs) {
      for (int c = 0; c < r.width(); c++) {
        List<ScalarType> ts = types.computeIfAbsent(r.names.get(c), k -> new ArrayList<>());
        if (!ts.contains(r.columns[c].type())) {
          ts.add(r.columns[c].type());
        }
      }
    }
    List<String> outNames = new ArrayList<>();
    List<String> sourceNames = new ArrayList<>();
    List<ScalarType> outTypes = new ArrayList<>();
    for (Map.Entry<String, List<ScalarType>> e : types.entrySet()) {
      if (inner) {
        boolean everywhere = true;
        for (Relation r : legs) {
          int c = r.indexOf(e.getKey());
          everywhere &= c >= 0 && r.columns[c].type() == e.getValue().get(0);
        }
        if (!everywhere || e.getValue().size() > 1) {
          continue;
        }
      }
      for (ScalarType t : e.getValue()) {
        outNames.add(e.getValue().size() == 1 ? e.getKey() : e.getKey() + "_" + t.kqlName());
        sourceNames.add(e.getKey());
        outTypes.add(t);
      }
    }
    int total = 0;
    for (Relation r : legs) {
      total += r.count;
    }
    ctx.reserve(8L * total * (outNames.size() + 1));
    Relation.Builder out = new Relation.Builder();
    if (source != null) {
      ColumnBuilder.Strings b =
          (ColumnBuilder.Strings) ColumnBuilder.forType(ScalarType.STRING, total);
      for (int l = 0; l < legs.size(); l++) {
        for (int i = 0; i < legs.get(l).count; i++) {
          b.append(legNames.get(l));
        }
      }
      out.add(source, b.build(), null);
    }
    for (int o = 0; o < outNames.size(); o++) {
      ColumnBuilder b = ColumnBuilder.forType(outTypes.get(o), total);
      for (Relation r : legs) {
        int c = r.indexOf(sourceNames.get(o));
        if (c < 0 || r.columns[c].type() != outTypes.get(o)) {
          for (int i = 0; i < r.count; i++) {
            b.appendNull();
          }
          continue;
        }
        Column col = r.columns[c];
        for (int i = 0; i < r.count; i++) {
          if ((i & 0xFFFF) == 0) {
            ctx.check();
          }
          int row = r.row(c, i);
          if (row < 0) {
            b.appendNull();
          } else if (col instanceof StringColumn sc) {
            ((ColumnBuilder.Strings) b).append(sc.get(row));
          } else {
            Values.append(b, Values.read(col, row));
          }
        }
      }
      out.add(outNames.get(o), b.build(), null);
    }
    return out.build(total);
  }
}
