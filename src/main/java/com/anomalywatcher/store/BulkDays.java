package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;

/**
 * The new days of a {@link ReadingWriter} that loads them in bulk ({@link ReadingWriter.Options#bulkNewDays},
 * plain PostgreSQL mode; {@code sample}): a day whose partition does not exist yet, or exists and is
 * empty, is loaded by a {@link DayLoad} (one transaction, no indexes while the rows go in, the
 * day attached with its indexes built once). Every other day keeps the writer's ordinary path.
 * A day's load ends when the writer's rows have moved past it (they come in time order) or at
 * {@link #finishAll}; days commit in time order, at most {@value #OPEN_LOADS} loading at once.
 * Owned by the writer's producer thread.
 */
final class BulkDays {
  /**
   * Days loading at once: one receiving rows while the two before build their indexes (with two,
   * the generator waited for the day before last to commit at each new day: a day's indexes and
   * statistics take longer than its COPY).
   */
  static final int OPEN_LOADS = 3;
  private static final String LEFTOVERS =
      """
      SELECT c.relname FROM pg_class c
       WHERE c.relkind = 'r' AND NOT c.relispartition
         AND c.relnamespace = current_schema()::regnamespace
         AND c.relname ~ '^aw_load_p[0-9]{8}_[0-9]+$'
         AND substring(c.relname FROM '_([0-9]+)$')::int NOT IN (SELECT pid FROM pg_stat_activity)""";

  private final Database db;
  private final Clock clock;
  private final long finishMinRows;
  private final Semaphore slots;
  private final LongConsumer committedRows;
  /** Every day seen: true for a day this loads (loading or done), false for the ordinary path. */
  private final Map<LocalDate, Boolean> bulk = new HashMap<>();
  private final Map<LocalDate, Long> rowsPerDay = new HashMap<>();
  /** Days receiving rows, oldest first. */
  private final Deque<DayLoad> loading = new ArrayDeque<>();
  /** Days ended, not known committed yet, oldest first. */
  private final Deque<DayLoad> ending = new ArrayDeque<>();
  private final Map<LocalDate, DayLoad> ended = new HashMap<>();
  private CompletableFuture<?> lastCommit = CompletableFuture.completedFuture(null);

  /**
   * @param slots the writer's queue slots: one taken per batch handed to a day, given back once it is sent
   * @param committedRows told the rows of each day at its commit
   */
  BulkDays(Database db, Clock clock, long finishMinRows, Semaphore slots, LongConsumer committedRows) {
    this.db = db;
    this.clock = clock;
    this.finishMinRows = finishMinRows;
    this.slots = slots;
    this.committedRows = committedRows;
    dropLeftovers(db);
  }

  /**
   * Drops the fresh tables of loads whose backend is gone (a run killed between creating one and
   * its load's commit leaves it, empty and outside sensors_data); a table still in use is left.
   *
   * @return how many were dropped
   */
  static int dropLeftovers(Database db) {
    int dropped = 0;
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(LEFTOVERS)) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        try {
          s.execute("SET lock_timeout = '1s'");
          s.execute("DROP TABLE IF EXISTS " + name);
          dropped++;
        } catch (SQLException e) {
          // in use after all (a backend reusing the pid): the next run looks again
        } finally {
          s.execute("RESET lock_timeout");
        }
      }
      return dropped;
    } catch (SQLException e) {
      throw db.failure("drop tables left by bulk loads of killed runs", e);
    }
  }

  /**
   * Takes the rows of the days this loads and hands them to their loads; ends the loads of days
   * before the batch's oldest one.
   *
   * @return the rows for the ordinary path, in their order
   * @throws StoreException when a day's load failed
   */
  List<Reading> route(List<Reading> rows) {
    Map<LocalDate, List<Reading>> byDay = new LinkedHashMap<>();
    LocalDate oldest = LocalDate.MAX;
    long previous = Long.MIN_VALUE;
    List<Reading> run = null;
    for (Reading r : rows) {
      long epochDay = Math.floorDiv(r.timestamp().getEpochSecond(), 86_400);
      if (epochDay != previous) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        run = byDay.computeIfAbsent(day, d -> new ArrayList<>());
        oldest = day.isBefore(oldest) ? day : oldest;
        previous = epochDay;
      }
      run.add(r);
    }
    endBefore(oldest);
    List<Reading> ordinary = new ArrayList<>();
    for (Map.Entry<LocalDate, List<Reading>> e : byDay.entrySet()) {
      DayLoad load = loadOf(e.getKey());
      if (load == null) {
        ordinary.addAll(e.getValue());
      } else {
        hand(load, e.getValue());
      }
    }
    rethrowFailure();
    return ordinary.size() == rows.size() ? rows : ordinary;
  }

  /** Ends every load and waits for the commits. @throws StoreException when one failed */
  void finishAll() {
    endBefore(LocalDate.MAX);
    StoreException failure = null;
    for (DayLoad d : ending) {
      try {
        d.committed().join();
      } catch (CompletionException e) {
        failure = failure != null ? failure : storeFailure(e);
      }
    }
    ending.clear();
    if (failure != null) {
      throw new StoreException(failure.getMessage(), failure);
    }
  }

  /** Stops loads still open without committing them (the writer failed). */
  void abandon() {
    loading.forEach(DayLoad::abandon);
    loading.clear();
  }

  private void hand(DayLoad load, List<Reading> rows) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while queueing " + rows.size() + " readings", e);
    }
    rowsPerDay.merge(load.day(), (long) rows.size(), Long::sum);
    load.write(rows, slots::release);
  }

  /** The open load of {@code day}, a new one for a new day, or null for the ordinary path. */
  private DayLoad loadOf(LocalDate day) {
    Boolean known = bulk.get(day);
    if (known == null) {
      known = isNew(day);
      bulk.put(day, known);
      if (known) {
        while (loading.size() + ending.size() >= OPEN_LOADS && !ending.isEmpty()) {
          awaitOldestEnding();
        }
        DayLoad load = new DayLoad(db, day);
        loading.addLast(load);
        return load;
      }
      return null;
    }
    if (!known) {
      return null;
    }
    for (DayLoad d : loading) {
      if (d.day().equals(day)) {
        return d;
      }
    }
    // Rows for a day whose load ended (rows out of time order): once it committed, the ordinary path.
    DayLoad done = ended.get(day);
    if (done != null) {
      done.committed().handle((v, x) -> null).join();
    }
    return null;
  }

  private void awaitOldestEnding() {
    DayLoad oldest = ending.peekFirst();
    oldest.committed().handle((v, x) -> null).join();
    if (oldest.committed().isCompletedExceptionally()) {
      rethrowFailure();
    }
    ending.removeFirst();
  }

  /** Ends the loads of days before {@code day}: no more rows of theirs come. */
  private void endBefore(LocalDate day) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    while (!loading.isEmpty() && loading.peekFirst().day().isBefore(day)) {
      DayLoad load = loading.removeFirst();
      boolean complete = load.day().isBefore(today) && rowsPerDay.getOrDefault(load.day(), 0L) >= finishMinRows;
      load.finish(complete, lastCommit);
      load.committed().thenAccept(committedRows::accept);
      lastCommit = load.committed();
      ending.addLast(load);
      ended.put(load.day(), load);
    }
    while (!ending.isEmpty() && ending.peekFirst().committed().isDone()
        && !ending.peekFirst().committed().isCompletedExceptionally()) {
      ending.removeFirst();
    }
  }

  private void rethrowFailure() {
    rethrowFailure(ending);
    rethrowFailure(loading);
  }

  private static void rethrowFailure(Deque<DayLoad> days) {
    for (DayLoad d : days) {
      if (d.committed().isCompletedExceptionally()) {
        try {
          d.committed().join();
        } catch (CompletionException e) {
          StoreException s = storeFailure(e);
          throw new StoreException(s.getMessage(), s);
        }
      }
    }
  }

  private static StoreException storeFailure(CompletionException e) {
    return e.getCause() instanceof StoreException s
        ? s
        : new StoreException("bulk load of a new day failed: " + e.getCause(), e.getCause());
  }

  /** No partition for the day yet, or an empty one: a guess, checked again under locks at the attach. */
  private boolean isNew(LocalDate day) {
    String partition = DayLoad.partition(day);
    try (Connection c = db.connection()) {
      try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
        s.setString(1, partition);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return true;
          }
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + partition + ")")) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw db.failure("look whether the day " + partition + " is new", e);
    }
  }
}
