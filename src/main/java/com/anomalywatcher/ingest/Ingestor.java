package com.anomalywatcher.ingest;

import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.ReadingWriter;
import com.anomalywatcher.store.RejectStore;
import com.anomalywatcher.store.RejectStore.Reject;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
   * @param rejected the rejects stored, in the order they were found: those of parsing (in arrival
   *     order), then readings whose sensor could not be resolved, then readings the database refused;
   *     each names its origin (an array's item as {@code [i]}) and carries its item's index
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

  /**
   * Drops the readings and rejects waiting for {@link #commit}: for a caller that answers for each
   * commit (the HTTP API), whose failed request must not ride along with the next one.
   */
  public void discardPending() {
    drafts.clear();
    rejects.clear();
  }

  /** Readings and rejects waiting for {@link #commit}. */
  public int pending() {
    return drafts.size() + rejects.size();
  }

  /**
   * Registers new sensors, writes and commits the pending readings, then stores the rejects, each
   * in transactions of their own: a reject never rolls back readings, nor a reading the rejects. A
   * reading the database refuses (not for an outage) is found by halving the batch and becomes a
   * reject itself; the others are stored. On an outage everything stays pending and the writer is
   * reopened by the next call.
   *
   * @throws StoreException when the database is unavailable (retrying is safe: committed readings
   *     are skipped when sent again), or fails otherwise while registering sensors
   */
  public Committed commit() {
    ensureOpen();
    SensorBook.Batch batch = new SensorBook.Batch();
    List<Reading> readings = new ArrayList<>(drafts.size());
    List<Draft> sources = new ArrayList<>(drafts.size());
    List<Reject> all = new ArrayList<>(rejects);
    for (Draft d : drafts) {
      try {
        readings.add(book.resolve(d, batch));
        sources.add(d);
      } catch (InvalidField e) {
        all.add(reject(d, e.getMessage()));
      }
    }
    int added = registry.registerNew(batch.fresh().values());
    book.learn(batch.fresh());
    registry.mergeMetadata(batch.describingChanges());
    book.learn(batch.updated());
    int rejectsBeforeWrite = all.size();
    long stored = write(readings, sources, all);
    int committed = readings.size() - (all.size() - rejectsBeforeWrite);
    storeRejects(all);
    count(committed, all);
    drafts.clear();
    rejects.clear();
    return new Committed(committed, stored, all, added);
  }

  /** Writes the readings; one the database refuses joins {@code refused} instead. Returns the rows added. */
  private long write(List<Reading> readings, List<Draft> sources, List<Reject> refused) {
    try {
      return writeOnce(readings);
    } catch (StoreException e) {
      if (DatabaseRetry.isUnavailable(e) || readings.isEmpty()) {
        throw e;
      }
      if (readings.size() == 1) {
        refused.add(reject(sources.get(0), "refused by the database: " + firstLine(rootMessage(e))));
        return 0;
      }
      int half = readings.size() / 2;
      return write(readings.subList(0, half), sources.subList(0, half), refused)
          + write(readings.subList(half, readings.size()), sources.subList(half, sources.size()), refused);
    }
  }

  private long writeOnce(List<Reading> readings) {
    try {
      if (writer == null) {
        writer = ReadingWriter.open(db, writerOptions, clock);
      }
      long before = writer.rowsWritten();
      writer.writeAll(readings);
      writer.flush();
      return writer.rowsWritten() - before;
    } catch (RuntimeException e) {
      discardWriter(e);
      throw e;
    }
  }

  /**
   * Stores the rejects in one transaction; when the database refuses that (not for an outage),
   * one by one, and a reject it refuses even alone is kept without its payload.
   */
  private void storeRejects(List<Reject> all) {
    try {
      rejectStore.add(all);
    } catch (StoreException e) {
      if (DatabaseRetry.isUnavailable(e)) {
        throw e;
      }
      for (Reject r : all) {
        try {
          rejectStore.add(List.of(r));
        } catch (StoreException one) {
          if (DatabaseRetry.isUnavailable(one)) {
            throw one;
          }
          rejectStore.add(List.of(new Reject(r.receivedAt(), r.source(), r.origin(),
              "(payload not storable: the database refused it)", r.reason(), r.identity(), r.item())));
        }
      }
    }
  }

  private static Reject reject(Draft d, String reason) {
    Arrival a = d.arrival();
    return new Reject(a.receivedAt(), a.source(), a.origin(), a.payload(), reason, a.identity(), a.item());
  }

  /** The database's own words: the message of the innermost cause. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no reason given";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
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
