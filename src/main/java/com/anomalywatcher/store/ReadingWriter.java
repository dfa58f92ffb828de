package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.util.PSQLState;

/**
 * Writes readings to {@code sensors_data} in batches on {@code writers} pooled connections, fed
 * through a bounded queue so a fast producer waits instead of piling up memory. Re-sending rows
 * already stored is harmless (they are skipped). In plain PostgreSQL mode the daily partitions a
 * batch needs are created before it is queued, or, with {@link Options#bulkNewDays}, a new day is
 * loaded whole in one transaction and attached as its partition ({@link BulkDays}).
 *
 * <p>One producer thread calls {@link #write}, {@link #flush} and {@link #close}; the writer
 * threads are internal. Failures of a batch surface as a {@link StoreException} from the next
 * {@code write}, {@code flush} or {@code close}. The creator closes it; close flushes first.
 */
public final class ReadingWriter implements AutoCloseable {
  /** How many rows go into one COPY or INSERT transaction. */
  public static final int DEFAULT_BATCH_ROWS = 5_000;

  private final Database db;
  private final Options options;
  private final ExecutorService executor;
  private final Semaphore queueSlots;
  private final List<Future<?>> pending = new ArrayList<>();
  private final AtomicReference<StoreException> failure = new AtomicReference<>();
  private final AtomicLong rowsWritten = new AtomicLong();
  private final DailyPartitions partitions;
  /** Finishes the days this writer completed (plain PostgreSQL mode): see {@link PartitionCloser}. */
  private final PartitionCloser closer;
  private final ThreadLocal<BatchSink> sinks;
  /** The lock a batch's first attempt takes: see {@link BatchLock}. */
  private final BatchLock firstLock;
  /** The new days loaded in bulk, or null (see {@link Options#bulkNewDays}). */
  private final BulkDays bulkDays;
  private List<Reading> batch;
  private boolean closed;
  private Runnable beforeEachBatch = () -> { };

  /**
   * Writer settings.
   *
   * @param writers parallel writer connections, 1..16 (the pool needs as many free connections)
   * @param batchRows rows per transaction, >= 1
   * @param method how rows reach the server
   * @param bulkNewDays plain PostgreSQL mode: load each day whose partition does not exist yet, or
   *     exists and is empty, in bulk ({@link BulkDays}: one transaction a day, its indexes built
   *     once its rows are in); for writers whose rows come in time order and whose days nobody else
   *     writes meanwhile as a rule ({@code sample}). Other days, and TimescaleDB mode, as without.
   */
  public record Options(int writers, int batchRows, Method method, boolean bulkNewDays) {
    /** Without bulk loading of new days. */
    public Options(int writers, int batchRows, Method method) {
      this(writers, batchRows, method, false);
    }

    public Options {
      Objects.requireNonNull(method, "method");
      if (writers < 1 || writers > 16) {
        throw new IllegalArgumentException("writers must be 1..16, got " + writers);
      }
      if (batchRows < 1) {
        throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
      }
    }

    /** Two writers, {@link #DEFAULT_BATCH_ROWS}, binary COPY (INSERT when the server cannot COPY). */
    public static Options defaults() {
      return new Options(2, DEFAULT_BATCH_ROWS, Method.AUTO);
    }

    /** These options, loading new days in bulk (binary COPY only). */
    public Options withBulkNewDays() {
      return new Options(writers, batchRows, method, true);
    }
  }

  /** How rows reach the server. */
  public enum Method {
    /** Binary COPY, falling back to a staged INSERT ... ON CONFLICT DO NOTHING for a batch with duplicates. */
    COPY,
    /** Multi-row INSERT ... ON CONFLICT DO NOTHING (for servers or proxies that cannot COPY). */
    INSERT,
    /** The writer's choice: binary COPY. */
    AUTO
  }

  private ReadingWriter(
      Database db, Options options, StorageMode mode, Method method, Clock clock, long finishMinRows) {
    this.db = db;
    this.options = options;
    this.queueSlots = new Semaphore(options.writers() * 2);
    AtomicInteger threadNo = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            options.writers(),
            options.writers(),
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(options.writers() * 2 + 1),
            r -> {
              Thread t = new Thread(r, "aw-writer-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.sinks =
        ThreadLocal.withInitial(
            () -> method == Method.INSERT ? new InsertSink(db) : new CopySink(db));
    this.firstLock = mode == StorageMode.TIMESCALEDB ? BatchLock.SHARED : BatchLock.NONE;
    this.batch = new ArrayList<>(options.batchRows());
    this.partitions = new DailyPartitions(db, mode, clock, finishMinRows);
    this.closer = new PartitionCloser(db);
    this.bulkDays = options.bulkNewDays() && mode == StorageMode.POSTGRES && method == Method.COPY
        ? new BulkDays(db, clock, finishMinRows, queueSlots, rowsWritten::addAndGet)
        : null;
  }

  /**
   * Opens a writer on an initialised database; in plain PostgreSQL mode it first moves rows other
   * tools left in the default partition into their days and applies retention.
   *
   * @throws StoreException when the database has no schema
   */
  public static ReadingWriter open(Database db, Options options, Clock clock) {
    return open(db, options, clock, DailyPartitions.FINISH_MIN_ROWS);
  }

  /** As {@link #open(Database, Options, Clock)}, finishing complete days from {@code finishMinRows} rows on. */
  static ReadingWriter open(Database db, Options options, Clock clock, long finishMinRows) {
    StorageMode mode = Schema.mode(db);
    Schema.drainDefaultPartition(db);
    Schema.dropExpiredPartitions(db, mode, Schema.retentionDays(db), clock, LocalDate.MAX);
    Method method = options.method() == Method.AUTO ? Method.COPY : options.method();
    return new ReadingWriter(db, options, mode, method, clock, finishMinRows);
  }

  /** {@link #open(Database, Options, Clock)} with {@link Options#defaults()}. */
  public static ReadingWriter open(Database db, Clock clock) {
    return open(db, Options.defaults(), clock);
  }

  /**
   * Creates up front the daily partitions for readings in {@code [from, to)} (plain PostgreSQL mode;
   * a no-op otherwise), in one round trip instead of one per new day. Optional: {@link #write}
   * creates missing days itself.
   */
  public void prepare(Instant from, Instant to) {
    ensureOpen();
    partitions.prepare(from, to);
  }

  /**
   * Runs {@code hook} on the producer thread before each batch is handed to a writer thread (also
   * the partial batch of {@link #flush}): what must be committed before any of the batch's
   * readings, such as their labels, goes there. A hook that throws stops the batch.
   */
  public void beforeEachBatch(Runnable hook) {
    this.beforeEachBatch = Objects.requireNonNull(hook, "hook");
  }

  /** Queues one reading; blocks while the queue is full. */
  public void write(Reading reading) {
    Objects.requireNonNull(reading, "reading");
    ensureOpen();
    batch.add(reading);
    if (batch.size() >= options.batchRows()) {
      submitBatch();
    }
  }

  /** Queues readings in order; blocks while the queue is full. */
  public void writeAll(Collection<Reading> readings) {
    for (Reading r : readings) {
      write(r);
    }
  }

  /**
   * Sends the partial batch and waits until every queued reading is committed.
   *
   * @throws StoreException when a batch failed
   */
  public void flush() {
    ensureOpen();
    if (!batch.isEmpty()) {
      submitBatch();
    }
    if (bulkDays != null) {
      bulkDays.finishAll();
    }
    awaitPending();
  }

  /** Rows inserted so far (skipped duplicates not counted). Thread-safe. */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  private void submitBatch() {
    beforeEachBatch.run();
    List<Reading> rows = bulkDays == null ? batch : bulkDays.route(batch);
    batch = new ArrayList<>(options.batchRows());
    if (bulkDays != null) {
      if (rows.isEmpty()) {
        rethrowFailure();
        return;
      }
    }
    List<LocalDate> complete = partitions.ensure(rows, this::awaitPending);
    if (!complete.isEmpty()) {
      // Their rows are all in batches queued before this one: the closer waits for those on its
      // own thread, so the writers go on with the next day meanwhile instead of running dry.
      pending.removeIf(Future::isDone);
      closer.finish(complete, List.copyOf(pending));
    }
    try {
      queueSlots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while queueing " + rows.size() + " readings", e);
    }
    pending.removeIf(Future::isDone);
    pending.add(executor.submit(() -> runBatch(rows)));
    rethrowFailure();
  }

  private void runBatch(List<Reading> rows) {
    try {
      if (failure.get() == null) {
        rowsWritten.addAndGet(writeRetryingDeadlocks(rows));
      }
    } catch (StoreException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, new StoreException("writing " + rows.size() + " readings failed: " + e, e));
    } finally {
      queueSlots.release();
    }
  }

  /**
   * Writes one batch; a batch the server chose as a deadlock's victim (rolled back whole, so nothing
   * of it is stored and writing it again duplicates nothing) is written again, up to {@value
   * #DEADLOCK_ATTEMPTS} attempts, each after a random pause of up to twice the last one's bound
   * (from {@value #FIRST_BACKOFF_MILLIS} ms, at most {@value #MAX_BACKOFF_MILLIS} ms) and alone
   * ({@link BatchLock#EXCLUSIVE}). Two writers deadlock on TimescaleDB when their late rows both need
   * the same compressed batches of a chunk decompressed.
   */
  private long writeRetryingDeadlocks(List<Reading> rows) {
    long backoffBound = FIRST_BACKOFF_MILLIS;
    BatchLock lock = firstLock;
    for (int attempt = 1; ; attempt++) {
      try {
        return sinks.get().write(rows, lock);
      } catch (StoreException e) {
        // A batch in flight that holds the exclusive retry up for long (a frozen writer) is not waited
        // out: the next attempt goes alongside the other batches again.
        boolean waitOver = lock == BatchLock.EXCLUSIVE && BatchLock.isWaitOver(e);
        if (attempt >= DEADLOCK_ATTEMPTS || !(waitOver || isDeadlock(e))) {
          throw e;
        }
        lock = waitOver ? firstLock : BatchLock.EXCLUSIVE;
      }
      pause(ThreadLocalRandom.current().nextLong(backoffBound / 2, backoffBound + 1), rows);
      backoffBound = Math.min(MAX_BACKOFF_MILLIS, backoffBound * 2);
    }
  }

  private static void pause(long millis, List<Reading> rows) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted before writing " + rows.size() + " readings again", e);
    }
  }

  static final int DEADLOCK_ATTEMPTS = 8;
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  static boolean isDeadlock(Throwable failure) {
    return DatabaseRetry.hasSqlState(failure, PSQLState.DEADLOCK_DETECTED.getState()::equals);
  }

  private void awaitPending() {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for readings to be written", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new StoreException("writer thread failed: " + e.getCause(), e.getCause());
      }
    }
    pending.clear();
    rethrowFailure();
  }

  /**
   * Throws the batch failure, a new instance each time (same message, the failure as its cause):
   * thrown by a {@code flush} inside try-with-resources and again by {@code close}, one instance
   * would be added to itself as suppressed, and Java would throw "Self-suppression not permitted"
   * in place of the failure.
   */
  private void rethrowFailure() {
    StoreException e = failure.get();
    if (e != null) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("ReadingWriter is closed");
    }
  }

  /**
   * Flushes what is queued, then stops the writer threads (waiting at most 30 s). Idempotent.
   *
   * @throws StoreException when a batch failed
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
      closer.finish(partitions.completeAtClose());
      closer.finishAgain();
      closer.await();
      // A run that wrote days now past the retention period leaves them dropped, not kept until
      // the next writer opens. One that wrote nothing has nothing to drop, and must not wait for the
      // database: serve's HTTP ingest stopped during an outage waited out the pool's connection
      // timeout here and overran its one-second stop (exit 143 instead of 0).
      if (rowsWritten.get() > 0) {
        partitions.applyRetentionNow();
      }
    } finally {
      closed = true;
      if (bulkDays != null) {
        bulkDays.abandon(); // days still loading after a failure: rolled back
      }
      closer.close();
      executor.shutdown();
      try {
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes one batch in one transaction; each writer thread has its own. */
  interface BatchSink {
    /** Returns the number of rows inserted; {@code lock} is taken first in the batch's transaction. */
    long write(List<Reading> rows, BatchLock lock);
  }
}
