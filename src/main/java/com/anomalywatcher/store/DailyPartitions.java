package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daily partitions a {@link ReadingWriter} needs, created ahead of its batches, and the
 * retention a long-running writer applies once per wall-clock day (after moving other tools' rows
 * out of the default partition) (plain PostgreSQL mode; a
 * no-op in TimescaleDB mode). Owned by the writer's producer thread.
 */
final class DailyPartitions {
  /** Daily partitions created beyond the newest day a batch needs. */
  static final int LOOKAHEAD_DAYS = 7;
  private static final long SECONDS_PER_DAY = 86_400;

  private final Database db;
  private final StorageMode mode;
  private final Clock clock;
  private final Set<LocalDate> knownDays = new HashSet<>();
  /**
   * A complete day is finished ({@link PartitionCloser}) only when this writer wrote at least this
   * many of its rows: below that a scan of the whole day costs milliseconds and the finishing
   * would cost a small run more than it saves (`sample` of 12 sensors writes 17,280 rows a day).
   */
  static final long FINISH_MIN_ROWS = 100_000;

  /** Rows of each day this writer wrote and has not handed over as complete yet. */
  private final java.util.Map<LocalDate, Long> openDays = new java.util.HashMap<>();
  private final long finishMinRows;
  /** The wall-clock day retention last ran for (the writer ran it when it opened). */
  private LocalDate retentionCheckedOn;

  DailyPartitions(Database db, StorageMode mode, Clock clock, long finishMinRows) {
    this.db = db;
    this.mode = mode;
    this.clock = clock;
    this.finishMinRows = finishMinRows;
    this.retentionCheckedOn = day(clock.instant());
  }

  /** Creates the partitions for readings in {@code [from, to)} in one round trip. */
  void prepare(Instant from, Instant to) {
    if (mode != StorageMode.POSTGRES || !to.isAfter(from)) {
      return;
    }
    create(day(from), day(to.minusNanos(1)));
  }

  /**
   * Makes sure the partitions of a batch exist before it is queued; on a new wall-clock day first
   * runs {@code drainQueue} and retention (never dropping a day of this batch).
   *
   * @return the days this writer wrote before and that are complete now: before this batch's oldest
   *     day and before today, with at least {@link #FINISH_MIN_ROWS} rows of this writer; each is
   *     returned once (empty in TimescaleDB mode)
   */
  List<LocalDate> ensure(List<Reading> rows, Runnable drainQueue) {
    if (mode != StorageMode.POSTGRES) {
      return List.of();
    }
    LocalDate first = null;
    LocalDate last = null;
    long oldest = Long.MAX_VALUE;
    long previous = Long.MIN_VALUE;
    LocalDate day = null;
    long run = 0;
    for (Reading r : rows) {
      // Days as numbers, and each day looked up and counted once per run of rows: this loop sees every row.
      long epochDay = Math.floorDiv(r.timestamp().getEpochSecond(), SECONDS_PER_DAY);
      if (epochDay == previous) {
        run++;
        continue;
      }
      if (run > 0) {
        openDays.merge(day, run, Long::sum);
      }
      run = 1;
      previous = epochDay;
      oldest = Math.min(oldest, epochDay);
      day = LocalDate.ofEpochDay(epochDay);
      if (!knownDays.contains(day)) {
        first = first == null || day.isBefore(first) ? day : first;
        last = last == null || day.isAfter(last) ? day : last;
      }
    }
    if (run > 0) {
      openDays.merge(day, run, Long::sum);
    }
    LocalDate oldestDay = oldest == Long.MAX_VALUE ? LocalDate.MAX : LocalDate.ofEpochDay(oldest);
    applyRetentionOnNewDay(oldestDay, drainQueue);
    if (first != null) {
      // Days ahead of the data too: one round trip per week of data instead of one per day, and a
      // continuous writer finds tomorrow's partition ready at midnight.
      LocalDate ahead = first.plusDays(LOOKAHEAD_DAYS);
      create(first, last.isAfter(ahead) ? last : ahead);
    }
    return completeBefore(oldestDay);
  }

  /** The days this writer wrote that are complete when it stops writing: those before today. */
  List<LocalDate> completeAtClose() {
    return mode == StorageMode.POSTGRES ? completeBefore(LocalDate.MAX) : List.of();
  }

  private List<LocalDate> completeBefore(LocalDate day) {
    LocalDate today = day(clock.instant());
    LocalDate bound = day.isBefore(today) ? day : today;
    List<LocalDate> done = new ArrayList<>();
    List<LocalDate> complete = new ArrayList<>();
    for (java.util.Map.Entry<LocalDate, Long> d : openDays.entrySet()) {
      if (d.getKey().isBefore(bound)) {
        done.add(d.getKey());
        if (d.getValue() >= finishMinRows) {
          complete.add(d.getKey());
        }
      }
    }
    done.forEach(openDays::remove);
    return complete;
  }

  /** Applies retention now, with every queued batch written (the writer is closing). */
  void applyRetentionNow() {
    if (Schema.dropExpiredPartitions(db, mode, Schema.retentionDays(db), clock, LocalDate.MAX) > 0) {
      knownDays.clear();
    }
  }

  private void create(LocalDate first, LocalDate last) {
    Partitions.ensure(db, first, last);
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      knownDays.add(d);
    }
  }

  private void applyRetentionOnNewDay(LocalDate keepFrom, Runnable drainQueue) {
    LocalDate today = day(clock.instant());
    if (today.equals(retentionCheckedOn)) {
      return;
    }
    retentionCheckedOn = today;
    drainQueue.run();
    // Rows other tools wrote meanwhile for days without a partition go to their days first, so
    // retention takes those of expired days too instead of leaving them in the default partition.
    Schema.drainDefaultPartition(db);
    if (Schema.dropExpiredPartitions(db, mode, Schema.retentionDays(db), clock, keepFrom) > 0) {
      knownDays.clear();
    }
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }
}
