package org.huntboard.connectors.local.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.table.Ticks;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.TableSchema;

/**
 * Writes rows of one table as JSON lines, every column of the schema in schema order: datetimes as
 * ISO 8601 UTC with 7 fractional digits, as Advanced Hunting returns them.
 */
final class JsonLinesTableWriter implements AutoCloseable {

  private final TableSchema schema;
  private final Map<String, Integer> index = new HashMap<>();
  private final boolean[] datetime;
  private final OutputStream out;
  private final JsonGenerator json;
  private long rows;

  JsonLinesTableWriter(Path file, TableSchema schema, JsonFactory factory) throws IOException {
    this.schema = schema;
    List<ColumnSchema> columns = schema.columns();
    datetime = new boolean[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
      datetime[i] = columns.get(i).type() == org.huntboard.core.kql.syntax.ScalarType.DATETIME;
    }
    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 18);
    json = factory.createGenerator(out, JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  /** A new row with every cell empty. */
  Object[] newRow() {
    return new Object[schema.columns().size()];
  }

  /** The position of a column; a name the schema lacks is a programming error. */
  int column(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(schema.name() + " has no column " + name);
    }
    return i;
  }

  void write(Object[] row) throws IOException {
    json.writeStartObject();
    List<ColumnSchema> columns = schema.columns();
    for (int i = 0; i < row.length; i++) {
      json.writeFieldName(columns.get(i).name());
      Object v = row[i];
      if (v == null) {
        if (columns.get(i).type() == org.huntboard.core.kql.syntax.ScalarType.STRING) {
          json.writeString("");
        } else {
          json.writeNull();
        }
      } else if (datetime[i]) {
        json.writeString(Ticks.formatDatetime((Long) v));
      } else if (v instanceof String s) {
        json.writeString(s);
      } else if (v instanceof Long l) {
        json.writeNumber(l);
      } else if (v instanceof Integer n) {
        json.writeNumber(n);
      } else if (v instanceof Boolean b) {
        json.writeBoolean(b);
      } else {
        throw new IllegalArgumentException("cannot write " + v.getClass());
      }
    }
    json.writeEndObject();
    json.writeRaw('\n');
    rows++;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    json.close();
    out.close();
  }
}
