package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.table.Table;
import org.junit.jupiter.api.Test;

/** KQL.md §5.7: the tabular operators. */
class OperatorSemanticsTest {

  private static final String T =
      "datatable(A:string, N:long, I:int, R:real, D:dynamic)"
          + " ['a', 1, 10, 1.5, dynamic({'x':1}), 'b', 2, 20, 2.5, dynamic({'x':2}),"
          + " 'a', 3, 30, real(null), dynamic(null)]";

  @Test
  void projectKeepsArgumentOrderAndNamesUnnamedColumns() {
    Table t = Kql.run(T + " | project N, tolower(A), Q = I, N + 1, D.x");
    assertThat(t.columnNames()).containsExactly("N", "Column1", "Q", "Column2", "D_x");
    assertThat(t.formatRow(0)).containsExactly("1", "a", "10", "2", "1");
  }

  @Test
  void extendMovesARedefinedColumnToTheEnd() {
    Table t = Kql.run(T + " | extend A = toupper(A), tolower(A)");
    assertThat(t.columnNames()).containsExactly("N", "I", "R", "D", "A", "Column1");
    assertThat(t.row(0).subList(4, 6)).containsExactly("A", "a");
  }

  @Test
  void projectAwayKeepRenameAndReorder() {
    assertThat(Kql.run(T + " | project-away D, R").columnNames()).containsExactly("A", "N", "I");
    assertThat(Kql.run(T + " | project-away *").columnNames()).isEmpty();
    assertThat(Kql.run(T + " | project-keep D, A").columnNames()).containsExactly("A", "D");
    assertThat(Kql.run(T + " | project-rename Name = A").columnNames())
        .containsExactly("Name", "N", "I", "R", "D");
    assertThat(Kql.run(T + " | project-reorder R, I").columnNames())
        .containsExactly("R", "I", "A", "N", "D");
  }

  @Test
  void summarizeNamesItsOutputsAsKustoDoes() {
    Table t =
        Kql.run(
            T
                + " | summarize count(), countif(N > 1), dcount(A), min(N), max(N), sum(I),"
                + " avg(I), make_set(A), make_list(N), max(N + 1) by A, bin(N, 2)");
    assertThat(t.columnNames())
        .containsExactly(
            "A",
            "N",
            "count_",
            "countif_",
            "dcount_A",
            "min_N",
            "max_N",
            "sum_I",
            "avg_I",
            "set_A",
            "list_N",
            "max_");
    assertThat(t.columnTypes().get(7).kqlName()).isEqualTo("long");
    assertThat(t.columnTypes().get(8).kqlName()).isEqualTo("real");
    assertThat(Kql.run(T + " | summarize by tolower(A)").columnNames()).containsExactly("Column1");
  }

  @Test
  void summarizeWithoutByOverNoRowsGivesOneRowOfDefaults() {
    List<List<Object>> rows =
        Kql.rows(
            T
                + " | where N > 100 | summarize count(), dcount(A), sum(N), make_set(A),"
                + " make_list(A), min(N), avg(N), arg_max(N, A)");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .containsExactly(
            0L, 0L, 0L, Values.emptyArray(), Values.emptyArray(), null, null, null, "");
    assertThat(Kql.rows(T + " | where N > 100 | summarize count() by A")).isEmpty();
  }

  @Test
  void summarizeGroupsInOrderOfFirstAppearanceAndIgnoresNulls() {
    assertThat(Kql.rows(T + " | summarize c = count(), s = sum(R), m = max(R) by A"))
        .containsExactly(List.of("a", 2L, 1.5, 1.5), List.of("b", 1L, 2.5, 2.5));
    assertThat(
            Kql.rows(
                "datatable(k:long, v:long) [long(null), 1, long(null), 2, 1, 3]"
                    + " | summarize s = sum(v) by k"))
        .containsExactly(Arrays.asList(null, 3L), List.of(1L, 3L));
  }

  @Test
  void binnedTimeKeysKeepTheColumnName() {
    Table t =
        Kql.run(
            "datatable(Timestamp:datetime, DeviceName:string)"
                + " [datetime(2024-01-01 10:15), 'h1', datetime(2024-01-01 10:45), 'h1',"
                + " datetime(2024-01-01 11:05), 'h1', datetime(2024-01-01 10:20), 'h2']"
                + " | summarize count() by DeviceName, bin(Timestamp, 1h)");
    assertThat(t.columnNames()).containsExactly("DeviceName", "Timestamp", "count_");
    assertThat(t.formatRow(0)).containsExactly("h1", "2024-01-01T10:00:00.0000000Z", "2");
    assertThat(t.formatRow(1)).containsExactly("h1", "2024-01-01T11:00:00.0000000Z", "1");
    assertThat(t.formatRow(2)).containsExactly("h2", "2024-01-01T10:00:00.0000000Z", "1");
  }

  @Test
  void distinctKeepsUniqueCombinations() {
    assertThat(Kql.rows(T + " | distinct A")).containsExactly(List.of("a"), List.of("b"));
    assertThat(Kql.rows("datatable(a:long, b:long) [1, 1, 1, 1, 1, 2] | distinct *"))
        .containsExactly(List.of(1L, 1L), List.of(1L, 2L));
  }

  @Test
  void sortIsDescendingByDefaultWithNullsLast() {
    String data = "datatable(v:real) [2.0, real(null), 1.0, real(nan), 3.0]";
    assertThat(Kql.rows(data + " | sort by v").stream().map(r -> r.get(0)).toList())
        .containsExactly(3.0, 2.0, 1.0, null, Double.NaN);
    assertThat(Kql.rows(data + " | sort by v asc").stream().map(r -> r.get(0)).toList())
        .containsExactly(null, Double.NaN, 1.0, 2.0, 3.0);
    assertThat(Kql.rows(data + " | order by v asc nulls last").stream().map(r -> r.get(0)).toList())
        .containsExactly(1.0, 2.0, 3.0, null, Double.NaN);
    assertThat(
            Kql.rows(data + " | sort by v desc nulls first").stream().map(r -> r.get(0)).toList())
        .containsExactly(null, Double.NaN, 3.0, 2.0, 1.0);
  }

  @Test
  void sortByStringsAndSeveralKeys() {
    assertThat(Kql.rows(T + " | sort by A asc, N desc | project A, N"))
        .containsExactly(List.of("a", 3L), List.of("a", 1L), List.of("b", 2L));
  }

  @Test
  void topTakeAndCount() {
    assertThat(Kql.rows(T + " | top 2 by N | project N")).containsExactly(List.of(3L), List.of(2L));
    assertThat(Kql.rows(T + " | top 1 by N asc | project N")).containsExactly(List.of(1L));
    assertThat(Kql.rows(T + " | take 2 | project N")).containsExactly(List.of(1L), List.of(2L));
    assertThat(Kql.rows(T + " | limit 0")).isEmpty();
    Table c = Kql.run(T + " | count");
    assertThat(c.columnNames()).containsExactly("Count");
    assertThat(c.value(0, 0)).isEqualTo(3L);
  }

  private static final String X =
      "let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'c',4];";
  private static final String Y =
      "let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40];";

  @Test
  void innerUniqueIsTheDefaultJoinAndKeepsTheFirstLeftRowPerKey() {
    Table t = Kql.run(X + Y + " X | join Y on Key");
    assertThat(t.columnNames()).containsExactly("Key", "Value1", "Key1", "Value2");
    assertThat(t.rows())
        .containsExactly(
            List.of("b", 2L, "b", 10L), List.of("c", 4L, "c", 20L), List.of("c", 4L, "c", 30L));
  }

  @Test
  void joinKinds() {
    assertThat(Kql.rows(X + Y + " X | join kind=inner Y on Key")).hasSize(4);
    assertThat(Kql.rows(X + Y + " X | join kind=leftouter Y on Key"))
        .containsExactly(
            Arrays.asList("a", 1L, "", null),
            List.of("b", 2L, "b", 10L),
            List.of("b", 3L, "b", 10L),
            List.of("c", 4L, "c", 20L),
            List.of("c", 4L, "c", 30L));
    assertThat(Kql.rows(X + Y + " X | join kind=rightouter Y on Key"))
        .hasSize(5)
        .contains(Arrays.asList("", null, "d", 40L));
    assertThat(Kql.rows(X + Y + " X | join kind=fullouter Y on Key")).hasSize(6);
    assertThat(Kql.rows(X + Y + " X | join kind=leftsemi Y on Key"))
        .containsExactly(List.of("b", 2L), List.of("b", 3L), List.of("c", 4L));
    assertThat(Kql.rows(X + Y + " X | join kind=leftanti Y on Key"))
        .containsExactly(List.of("a", 1L));
    assertThat(Kql.rows(X + Y + " X | join kind=anti Y on Key")).containsExactly(List.of("a", 1L));
    assertThat(Kql.rows(X + Y + " X | join kind=rightsemi Y on Key"))
        .containsExactly(List.of("b", 10L), List.of("c", 20L), List.of("c", 30L));
    assertThat(Kql.rows(X + Y + " X | join kind=rightanti Y on Key"))
        .containsExactly(List.of("d", 40L));
  }

  @Test
  void joinOnDifferentlyNamedColumnsAndNullKeysNeverMatch() {
    Table t =
        Kql.run(
            "datatable(a:long, v:string) [1, 'x', long(null), 'n']"
                + " | join kind=inner (datatable(b:long, w:string) [1, 'y', long(null), 'm'])"
                + " on $left.a == $right.b");
    assertThat(t.columnNames()).containsExactly("a", "v", "b", "w");
    assertThat(t.rows()).containsExactly(List.of(1L, "x", 1L, "y"));
  }

  @Test
  void lookupAddsRightColumnsOnceWithoutTheKey() {
    Table t =
        Kql.run(
            X
                + " X | lookup (datatable(Key:string, Value1:long, Name:string) ['b', 9, 'bee'])"
                + " on Key");
    assertThat(t.columnNames()).containsExactly("Key", "Value1", "Value11", "Name");
    assertThat(t.rows())
        .hasSize(4)
        .contains(List.of("b", 2L, 9L, "bee"), Arrays.asList("a", 1L, null, ""));
  }

  @Test
  void unionOuterInnerAndWithSource() {
    Database db =
        new Database(
            Map.of(
                "T1", Kql.run("datatable(a:long, b:string) [1, 'x']"),
                "T2", Kql.run("datatable(a:long, c:string) [2, 'y']"),
                "T3", Kql.run("datatable(a:string) ['z']")));
    Table outer = Kql.run("union T1, T2", db);
    assertThat(outer.columnNames()).containsExactly("a", "b", "c");
    assertThat(outer.rows()).containsExactly(List.of(1L, "x", ""), List.of(2L, "", "y"));
    assertThat(Kql.run("union kind=inner T1, T2", db).columnNames()).containsExactly("a");
    Table ws = Kql.run("union withsource=Src T1, T2", db);
    assertThat(ws.columnNames().get(0)).isEqualTo("Src");
    assertThat(ws.rows().stream().map(r -> r.get(0)).toList()).containsExactly("T1", "T2");
    assertThat(Kql.run("union T1, T3", db).columnNames())
        .containsExactly("a_long", "a_string", "b");
    assertThat(Kql.run("T1 | union T2", db).value(0, "a")).isEqualTo(1L);
    assertThat(Kql.run("union T*", db).rowCount()).isEqualTo(3);
  }

  @Test
  void mvExpandExpandsArraysAndBags() {
    assertThat(
            Kql.rows(
                    "datatable(k:string, a:dynamic) ['x', dynamic([1,2]), 'y', dynamic([]),"
                        + " 'z', dynamic(null)] | mv-expand a")
                .stream()
                .map(r -> r.get(0))
                .toList())
        .containsExactly("x", "x", "z");
    Table typed =
        Kql.run("print a = dynamic([1, 2, 3]) | mv-expand with_itemindex=ix v = a to typeof(long)");
    assertThat(typed.columnNames()).containsExactly("a", "v", "ix");
    assertThat(typed.rows().stream().map(r -> r.get(1)).toList()).containsExactly(1L, 2L, 3L);
    assertThat(
            Kql.rows(
                "print b = dynamic({'p':1,'q':2}) | mv-expand b | extend k = tostring(bag_keys(b)[0]) | project k"))
        .containsExactly(List.of("p"), List.of("q"));
    assertThat(Kql.rows("print a = dynamic([1,2,3]) | mv-expand a limit 2")).hasSize(2);
  }

  @Test
  void parseExtractsColumnsAndParseWhereDropsMisses() {
    Table t =
        Kql.run(
            "datatable(s:string) ['Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27)',"
                + " 'nothing here']"
                + " | parse s with * 'resourceName=' resourceName ', totalSlices=' totalSlices:long ')' *");
    assertThat(t.columnNames()).containsExactly("s", "resourceName", "totalSlices");
    assertThat(t.row(0).subList(1, 3)).containsExactly("PipelineScheduler", 27L);
    assertThat(t.row(1).subList(1, 3)).containsExactly("", null);
    assertThat(
            Kql.rows(
                "datatable(s:string) ['a=1', 'b'] | parse-where s with 'a=' v:long | project v"))
        .containsExactly(List.of(1L));
    assertThat(Kql.rows("print s = 'id 42 x' | parse kind=regex s with @'id ' n:long | project n"))
        .containsExactly(List.of(42L));
  }

  @Test
  void asNamesAnIntermediateResult() {
    assertThat(
            Kql.rows(
                "range i from 1 to 3 step 1 | as R | where i > 1 | join kind=inner (R) on i"
                    + " | project i"))
        .containsExactly(List.of(2L), List.of(3L));
  }

  @Test
  void printRangeAndDatatable() {
    Table p = Kql.run("print 1, x = 'a', now()");
    assertThat(p.columnNames()).containsExactly("print_0", "x", "print_2");
    assertThat(Kql.rows("range x from 1 to 10 step 4"))
        .containsExactly(List.of(1L), List.of(5L), List.of(9L));
    assertThat(
            Kql.run("range t from datetime(2024-01-01) to datetime(2024-01-02) step 12h")
                .rowCount())
        .isEqualTo(3);
    assertThat(Kql.rows("datatable(a:int, b:bool) [1, true, 2, false]"))
        .containsExactly(List.of(1, true), List.of(2, false));
  }
}
