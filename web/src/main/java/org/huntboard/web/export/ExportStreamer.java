package org.huntboard.web.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hibernate.jpa.HibernateHints;
import org.huntboard.web.api.HuntboardException;
import org.jboss.logging.Logger;

/**
 * Streams the rows of a query into an HTTP answer as they come from the database, in bounded memory
 * whatever the number of rows.
 *
 * <p>The query runs in a read-only transaction of its own, opened when the answer starts to be
 * written (the resource method has returned by then), through a forward-only cursor: PostgreSQL's
 * JDBC driver fetches {@code huntboard.export.fetch-size} rows at a time because the transaction
 * turns auto-commit off. Each entity is written, then detached, so the persistence context never
 * holds more than one; the writer is flushed every fetch so rows leave while the query still runs,
 * and a slow client holds the cursor back instead of filling the heap.
 */
@ApplicationScoped
public class ExportStreamer {

  private static final Logger LOG = Logger.getLogger(ExportStreamer.class);

  /** How one kind of row is written: the CSV header and cells, and the JSON object. */
  public record Shape<E>(
      List<String> header, Function<E, List<?>> csvRow, Function<E, Object> jsonRow) {}

  private final EntityManager entities;
  private final ObjectMapper json;
  private final int fetchSize;
  private final Duration timeout;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong active = new AtomicLong();

  private final Semaphore slots;
  private final RoutingContext routing;

  ExportStreamer(
      EntityManager entities, ObjectMapper json, ExportConfig config, RoutingContext routing) {
    if (config.maxConcurrent() < 1) {
      throw new IllegalStateException("huntboard.export.max-concurrent must be 1 or more");
    }
    this.slots = new Semaphore(config.maxConcurrent());
    this.routing = routing;
    int fetchSize = config.fetchSize();
    Duration timeout = config.timeout();
    if (fetchSize < 1) {
      throw new IllegalStateException("huntboard.export.fetch-size must be 1 or more");
    }
    this.entities = entities;
    this.json = json;
    this.fetchSize = fetchSize;
    this.timeout = timeout;
  }

  /** A place among the exports that may stream at once, held until its answer has ended. */
  public static final class Slot {
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final Semaphore slots;

    private Slot(Semaphore slots) {
      this.slots = slots;
    }

    void release() {
      if (held.compareAndSet(true, false)) {
        slots.release();
      }
    }
  }

  /**
   * Takes a place for one export, or answers 503 when {@code huntboard.export.max-concurrent}
   * already stream: each export holds a database connection for as long as it streams, and without
   * a bound enough of them take the whole pool from every other request. The place is given back
   * when the answer ends, whether it streamed, failed or was never written.
   */
  public Slot reserve() {
    if (!slots.tryAcquire()) {
      throw new HuntboardException.Busy(
          "As many exports as this node streams at once are running; try again shortly", 30);
    }
    Slot slot = new Slot(slots);
    try {
      routing.addEndHandler(ended -> slot.release());
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    return slot;
  }

  /**
   * The answer body that runs {@code query} and writes each row in {@code format}; {@code query} is
   * only called once the body is written. The slot is given back when the body has been written.
   */
  public <E> StreamingOutput stream(
      Slot slot, Supplier<PanacheQuery<E>> query, ExportFormat format, Shape<E> shape) {
    return output -> {
      Writer writer =
          new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 16 * 1024);
      CsvWriter csv = new CsvWriter(writer);
      active.incrementAndGet();
      try {
        if (format == ExportFormat.CSV) {
          csv.record(shape.header());
        }
        QuarkusTransaction.requiringNew()
            .timeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()))
            .run(() -> writeRows(query, format, shape, writer, csv));
        writer.flush();
      } catch (UncheckedIOException e) {
        // The client went away or the connection broke: nothing more can be told to it.
        LOG.debugf("An export stopped: %s", e.getCause().getMessage());
        throw e.getCause();
      } catch (RuntimeException e) {
        // The answer has started, so no problem details can follow; cutting it off tells the
        // client the file is incomplete.
        LOG.error("An export failed while it was being written", e);
        throw new IOException("the export failed while it was being written", e);
      } finally {
        active.decrementAndGet();
        slot.release();
      }
    };
  }

  private <E> void writeRows(
      Supplier<PanacheQuery<E>> query,
      ExportFormat format,
      Shape<E> shape,
      Writer writer,
      CsvWriter csv) {
    PanacheQuery<E> rows =
        query
            .get()
            .withHint(HibernateHints.HINT_FETCH_SIZE, fetchSize)
            .withHint(HibernateHints.HINT_READ_ONLY, true);
    try (Stream<E> stream = rows.stream()) {
      Iterator<E> it = stream.iterator();
      long n = 0;
      while (it.hasNext()) {
        E row = it.next();
        if (format == ExportFormat.CSV) {
          csv.record(shape.csvRow().apply(row));
        } else {
          writer.write(json.writeValueAsString(shape.jsonRow().apply(row)));
          writer.write('\n');
        }
        entities.detach(row);
        rowsWritten.incrementAndGet();
        if (++n % fetchSize == 0) {
          writer.flush();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many rows every export of this process has written so far. */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  /** How many exports are being written now. */
  public long activeExports() {
    return active.get();
  }
}
