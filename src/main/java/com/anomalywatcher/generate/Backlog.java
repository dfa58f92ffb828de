package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.store.BenignEventStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.SensorStateStore;
import com.anomalywatcher.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a live generator has made but not yet committed: the readings of each tick (bounded: beyond
 * {@code maxReadings} the oldest tick is dropped, counted and labelled as an {@code offline}
 * episode of each of its sensors, source {@code outage}), the episode changes and each sensor's
 * latest state. {@link #store()} writes all of it, readings first, and forgets it only
 * once everything is committed; a failed store keeps it for the next attempt (re-sending readings
 * is harmless). Owned by the generating thread; closes its writer.
 */
final class Backlog implements AutoCloseable {
  private final Database db;
  private final Clock clock;
  private final long maxReadings;
  private final GroundTruthStore groundTruth;
  private final SensorStateStore states;
  private final BenignEventStore benignStore;
  private final List<BenignEvent> benign = new ArrayList<>();
  private final Deque<List<Reading>> ticks = new ArrayDeque<>();
  private final List<AnomalyEpisode> episodes = new ArrayList<>();
  private Collection<SensorState> latestStates = List.of();
  /** Per sensor, the readings dropped since the last store: the gap the ground truth must label. */
  private final Map<String, AnomalyEpisode> gaps = new LinkedHashMap<>();
  private final Duration interval;
  private final ReadingOutlet.Factory outlets;
  private ReadingOutlet writer;
  private long readings;
  private long dropped;
  private long stored;

  /**
   * @param maxReadings readings held while the database is unavailable, >= 1
   * @param interval the time one reading stands for (the end of a gap after its last dropped reading)
   */
  Backlog(Database db, Clock clock, long maxReadings, Duration interval) {
    this(db, clock, maxReadings, interval, ReadingOutlet.database(db, clock));
  }

  /**
   * @param outlets where the readings go (the database, or an MQTT broker); the labels and states
   *     always go to {@code db}
   */
  Backlog(Database db, Clock clock, long maxReadings, Duration interval, ReadingOutlet.Factory outlets) {
    if (maxReadings < 1) {
      throw new IllegalArgumentException("maxReadings must be >= 1, got " + maxReadings);
    }
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxReadings = maxReadings;
    this.interval = Objects.requireNonNull(interval, "interval");
    this.groundTruth = new GroundTruthStore(db);
    this.states = new SensorStateStore(db);
    this.benignStore = new BenignEventStore(db);
    this.outlets = Objects.requireNonNull(outlets, "outlets");
  }

  /** Adds one tick's benign events (labels of the realistic world's look-alikes). */
  void addBenign(Collection<BenignEvent> events) {
    benign.addAll(events);
  }

  /** Adds one tick's output; drops the oldest ticks' readings while over the bound. */
  void add(List<Reading> tickReadings, List<AnomalyEpisode> changed, Collection<SensorState> sensorStates) {
    if (!tickReadings.isEmpty()) {
      ticks.addLast(List.copyOf(tickReadings));
      readings += tickReadings.size();
    }
    episodes.addAll(changed);
    latestStates = List.copyOf(sensorStates);
    while (readings > maxReadings && ticks.size() > 1) {
      List<Reading> gone = ticks.removeFirst();
      readings -= gone.size();
      dropped += gone.size();
      for (Reading r : gone) {
        gaps.merge(r.sensorId(), new AnomalyEpisode(r.sensorId(), Category.parse(r.category()), AnomalyKind.OFFLINE, r.timestamp(),
            r.timestamp().plus(interval), Map.of(), AnomalySource.OUTAGE), Backlog::span);
      }
    }
  }

  private static AnomalyEpisode span(AnomalyEpisode a, AnomalyEpisode b) {
    return new AnomalyEpisode(a.sensorId(), a.category(), a.kind(), a.start().isBefore(b.start()) ? a.start() : b.start(),
        a.end().isAfter(b.end()) ? a.end() : b.end(), a.parameters(), a.source());
  }

  /**
   * Commits everything held: readings, then episodes, then states.
   *
   * @throws StoreException when the database fails; everything stays held
   */
  void store() {
    if (writer == null) {
      writer = outlets.open();
    }
    try {
      for (List<Reading> tick : ticks) {
        writer.write(tick);
      }
      writer.flush();
    } catch (StoreException e) {
      discardWriter();
      throw e;
    }
    List<AnomalyEpisode> labels = new ArrayList<>(episodes);
    labels.addAll(gaps.values());
    if (!labels.isEmpty()) {
      groundTruth.upsert(labels);
    }
    if (!benign.isEmpty()) {
      benignStore.upsert(benign);
      benign.clear();
    }
    if (!latestStates.isEmpty()) {
      states.save(latestStates);
    }
    stored += readings;
    ticks.clear();
    episodes.clear();
    gaps.clear();
    readings = 0;
  }

  /** Readings generated and not yet committed. */
  long pending() {
    return readings;
  }

  /** Readings dropped because the database was away longer than the bound allows. */
  long dropped() {
    return dropped;
  }

  /** Readings committed so far. */
  long stored() {
    return stored;
  }

  /** A writer whose batch failed keeps failing: a fresh one is opened on the next attempt. */
  private void discardWriter() {
    ReadingOutlet failed = writer;
    writer = null;
    try {
      failed.close();
    } catch (StoreException e) {
      // The failure that made us discard it was already reported; this is the same one again.
    }
  }

  /**
   * Closes the writer (what is held and not stored is lost: call {@link #store()} first).
   *
   * @throws StoreException when closing fails for another reason than an outage
   */
  @Override
  public void close() {
    ReadingOutlet w = writer;
    writer = null;
    if (w != null) {
      try {
        w.close();
      } catch (StoreException e) {
        if (!DatabaseRetry.isUnavailable(e)) {
          throw e;
        }
      }
    }
  }
}
