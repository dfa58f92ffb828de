package com.anomalywatcher.ingest;

import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingWriter;
import com.anomalywatcher.store.RejectStore;
import com.anomalywatcher.store.RejectStore.Reject;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorRegistry.Attributes;
import com.anomalywatcher.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one way readings from outside get in (MQTT, CSV, the dashboard's API): parses and validates
 * what arrives, registers unknown sensors from their first reading, writes readings through the
 * generator's {@link ReadingWriter} (binary COPY, batched, idempotent per sensor and timestamp)
 * and stores what it cannot use in {@code ingest_rejects}.
 *
 * <p>Nothing is written until {@link #commit}; a failed commit keeps everything pending, so the
 * caller can retry it (re-sending committed rows is harmless). Owned by one thread; the caller
 * closes it.
 */
public final class Ingestor implements AutoCloseable {
  private final Database db;
  private final Clock clock;
  private final ReadingWriter.Options writerOptions;
  private final MessageParser parser = new MessageParser();
  private final SensorRegistry registry;
  private final RejectStore rejectStore;
  private final SensorBook book;
  private final List<Draft> drafts = new ArrayList<>();
  private final List<Reject> rejects = new ArrayList<>();
  private ReadingWriter writer;
  private boolean closed;

  /**
   * What one commit stored.
   *
   * @param readings readings committed (stored now or already there)
   * @param stored of those, rows that were not stored before
   * @param rejected the rejects stored, in arrival order
   * @param newSensors sensors registered by this commit
   */
  public record Committed(long readings, long stored, List<Reject> rejected, int newSensors) {
    public Committed {
      rejected = List.copyOf(rejected);
    }
  }

  private Ingestor(Database db, Clock clock, ReadingWriter.Options writerOptions) {
    this.db = db;
    this.clock = clock;
    this.writerOptions = writerOptions;
    this.registry = new SensorRegistry(db);
    this.rejectStore = new RejectStore(db);
    this.book = new SensorBook(registry);
  }

  /**
   * Opens an ingestor on an initialised database ({@code db} stays owned by the caller).
   *
   * @throws StoreException when the database is unreachable or has no schema
   */
  public static Ingestor open(Database db, Clock clock, ReadingWriter.Options writerOptions) {
    Ingestor i = new Ingestor(Objects.requireNonNull(db, "db"), Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(writerOptions, "writerOptions"));
    i.writer = ReadingWriter.open(db, writerOptions, clock);
    return i;
  }

  /** {@link #open(Database, Clock, ReadingWriter.Options)} with the writer's defaults. */
  public static Ingestor open(Database db, Clock clock) {
    return open(db, clock, ReadingWriter.Options.defaults());
  }

  /** Parses a message (JSON object or array) and keeps its readings and rejects for the next commit. */
  public void add(Arrival arrival) {
    parser.parseInto(arrival, drafts, rejects);
  }

  /** Keeps readings and rejects parsed elsewhere (by {@link MessageParser#parseInto}) for the next commit. */
  public void add(List<Draft> parsed, List<Reject> rejected) {
    drafts.addAll(parsed);
    rejects.addAll(rejected);
  }

  /** Keeps an already-parsed reading for the next commit. */
  public void add(Draft draft) {
    drafts.add(Objects.requireNonNull(draft, "draft"));
  }

  /** Keeps a reject found by the caller (a CSV line that does not parse) for the next commit. */
  public void reject(Reject reject) {
    rejects.add(Objects.requireNonNull(reject, "reject"));
  }

  /** Readings and rejects waiting for {@link #commit}. */
  public int pending() {
    return drafts.size() + rejects.size();
  }

  /**
   * Registers new sensors, writes and commits the pending readings, then stores the rejects. On
   * failure everything stays pending and the writer is reopened by the next call.
   *
   * @throws StoreException when the database fails; retrying is safe
   */
  public Committed commit() {
    ensureOpen();
    Map<String, Attributes> fresh = new LinkedHashMap<>();
    List<Reading> readings = new ArrayList<>(drafts.size());
    List<Reject> all = new ArrayList<>(rejects);
    for (Draft d : drafts) {
      try {
        readings.add(book.resolve(d, fresh));
      } catch (InvalidField e) {
        Arrival a = d.arrival();
        all.add(new Reject(a.receivedAt(), a.source(), a.origin(), a.payload(), e.getMessage()));
      }
    }
    try {
      int added = registry.registerNew(fresh.values());
      if (writer == null) {
        writer = ReadingWriter.open(db, writerOptions, clock);
      }
      long before = writer.rowsWritten();
      writer.writeAll(readings);
      writer.flush();
      long stored = writer.rowsWritten() - before;
      rejectStore.add(all);
      book.learn(fresh);
      count(readings.size(), all);
      drafts.clear();
      rejects.clear();
      return new Committed(readings.size(), stored, all, added);
    } catch (RuntimeException e) {
      discardWriter(e);
      throw e;
    }
  }

  /** Metrics of a commit, under the source of its first item (an ingestor serves one source). */
  private void count(int readings, List<Reject> rejected) {
    String source = !drafts.isEmpty() ? drafts.get(0).arrival().source()
        : !rejected.isEmpty() ? rejected.get(0).source() : null;
    if (source != null) {
      AwMetrics.readingsIngested(source, readings);
      AwMetrics.rejects(source, rejected.size());
    }
  }

  /** A writer that failed stays failed: drop it (its error is already in {@code cause}). */
  private void discardWriter(RuntimeException cause) {
    ReadingWriter w = writer;
    writer = null;
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException e) {
        if (e != cause) {
          cause.addSuppressed(e);
        }
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Ingestor is closed");
    }
  }

  /**
   * Closes the writer without committing what is pending (call {@link #commit} first to keep it).
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    drafts.clear();
    rejects.clear();
    if (writer != null) {
      ReadingWriter w = writer;
      writer = null;
      w.close();
    }
  }
}
