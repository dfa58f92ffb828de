package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelMetadata;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.RunningState;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.detect.SwitchState;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.CommittedRows;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.MonitorStateStore;
import com.anomalywatcher.store.MonitorFence;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.ReadingStore.Sample;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Live scoring: each cycle scores every reading stored after its sensor's checkpoint up to now, in
 * time order, each before its detector learns it; updates the sensors' incidents; and commits
 * alert changes together with the new checkpoints (one transaction per chunk), so a restart
 * neither re-alerts nor skips. Opened and resolved alerts go to the sink after the commit.
 *
 * <p>A cycle works in one transaction snapshot. Readings that arrive behind their sensor's
 * checkpoint (committed since the last cycle's snapshot, found by {@code ingest_xid}) are scored
 * once: a live monitor scores a sensor's readings past a missing one at once, keeping its state from
 * before the gap ({@link BeforeGap}), and a missing reading that arrives within the reorder window
 * ({@link MonitorSettings#reorderReadings()}) is scored in its place from there, the later ones
 * re-learned after it; later than that, or after a restart, it is scored out of order
 * ({@link #takeInLateArrivals}).
 *
 * <p>Each commit saves the running state of every sensor it checkpoints ({@link SavedSensor}), so a
 * restarted monitor continues each sensor exactly where the stopped one was. A sensor without a
 * usable saved state (none yet, another build's layout, a model retrained since) is restored from
 * its trained model (or a fresh, warming-up detector) and replays the readings of the last
 * {@code window} before the checkpoint as context. Owned by one thread; not thread-safe.
 */
public final class Monitor {
  private final ReadingStore readings;
  private final AlertStore alerts;
  /** Counts the open alerts for the gauge, with the query {@code serve} uses, so both show the same. */
  private final DashboardStore dashboard;
  private final MonitorStateStore states;
  private final SensorRegistry registry;
  private final ReadingOrder order = new ReadingOrder();
  private final ModelRepository models;
  private final MonitorSettings settings;
  private final AlertSink sink;
  private final Clock clock;
  private final FleetDetector fleet = new FleetDetector();
  private final Map<String, Watched> watched = new HashMap<>();
  /**
   * Readings scored and committed at once: a chunk's span {@link MonitorSettings#chunk()} is
   * streamed and scored in slices of about this many, so the monitor's memory does not grow with
   * the fleet's size. Larger slices commit each sensor's checkpoint less often.
   */
  static final int MAX_SLICE_READINGS = 200_000;
  /** The layout of the running states this build saves and reads. */
  static final String STATE_FORMAT = RunningState.format(SavedSensor.class);
  /**
   * The format of a fan switch's saved state: {@link #STATE_FORMAT}, marked as saved since a site is
   * a set's site. Before, two sets' switches on one site number shared one switch state, and each saved
   * whichever had read last; resumed, a set's fans were judged by the other set's switch until their
   * own switch's next reading. Such a state is not resumed: the switch is restored from its model and
   * replays its own readings.
   */
  static final String SWITCH_STATE_FORMAT = STATE_FORMAT + ";site-of-set";

  /**
   * What a restarted monitor needs to continue a sensor exactly: its detector as it stands, the
   * state of its site's fan switch (for a fan switch; null otherwise) and its silence bookkeeping.
   */
  record SavedSensor(SensorDetector detector, SwitchState fanSwitch, Silence.State silence) {}

  /** The saved states are vacuumed once this many times the fleet's states were rewritten. */
  static final int VACUUM_AFTER_REWRITES = 8;

  /** Longest stretch of history replayed into a restored detector. */
  static final java.time.Duration MAX_REPLAY = java.time.Duration.ofHours(6);

  /** A watched sensor: what its alerts say, its incident and how far it has been scored. */
  private static final class Watched {
    final String sensorId;
    final SensorDescription sensor;
    final AlertTracker tracker;
    final Silence silence;
    /** Its detector's place in the fleet (a late reading scored in its place puts a copy from before there). */
    final FleetDetector.Member member;
    /** The scoring lane: by site, so a fan speed sensor is scored on the same thread as its switch. */
    final int lane;
    Instant after;
    long scored;
    /** The last chunk that scored a reading of this sensor (its checkpoint is due). */
    long chunk = -1;
    /** The end of the trained model its detector grew from, null for one that warmed up live. */
    final Instant modelTo;
    /** Its state from before a missing reading that may still come late (the reorder window), or null. */
    BeforeGap beforeGap;
    /**
     * Its newest reading when the monitor started, up to which its readings are learned as warm-up
     * without being judged ({@link MonitorSettings#historyAsWarmUp()}); null when there is none left.
     */
    Instant warmUpUntil;

    /** {@code fleetUsualRun} is the fleet's typical longest usual run of lost readings ({@link FleetDetector#usualLostRun()}). */
    Watched(String sensorId, SensorDescription sensor, AlertTracker tracker, FleetDetector.Member member, int lane,
        Instant after, boolean afterIsReading, long scored, Instant modelTo,
        java.util.function.IntSupplier fleetUsualRun) {
      this.sensorId = sensorId;
      this.modelTo = modelTo;
      this.sensor = sensor;
      this.tracker = tracker;
      this.member = member;
      this.lane = lane;
      this.silence = new Silence(after.equals(Instant.EPOCH) ? null : after, afterIsReading,
          () -> member.detector().gaps().toleratedMissing(fleetUsualRun.getAsInt()),
          () -> member.detector().gaps().interval());
      this.after = after;
      this.scored = scored;
    }
  }

  /** Finds the sensors of newly committed rows. */
  private final CommittedRows newRows;
  /** The database snapshot of the last look for new sensors; null before the first cycle. */
  private String seen;
  /** Sensors met in readings that the watcher has no detector for (their type is not watched). */
  private final java.util.Set<String> unwatchable = new java.util.HashSet<>();

  /**
   * The recent states of each site's fan switch, oldest first ({@link #SWITCH_LOG}), for fan speed
   * readings scored in their place: made when a switch is watched, each appended to on its site's lane.
   */
  private final Map<String, java.util.ArrayDeque<SwitchState>> switchLog = new HashMap<>();

  /** When the whole fleet was silent: no sensor is offline for a silence everyone shared. */
  private final FleetGaps fleetGaps = new FleetGaps();
  /** Whether the fleet's pauses before this monitor started were looked up ({@link #rebuildFleetGaps}). */
  private boolean fleetGapsRebuilt;
  /** How far back a restarted monitor looks for the fleet's pauses: the longest silence it still judges by them. */
  static final java.time.Duration FLEET_GAPS_LOOKBACK = java.time.Duration.ofHours(6);

  /**
   * Sensors scored since their running state was last saved: saved when a read ends (with
   * {@link MonitorSettings#stateShares()} above 1, those of that read's share).
   */
  private final java.util.Set<String> unsaved = new java.util.LinkedHashSet<>();

  /** Sensors whose running states the next commit saves whatever their share (sites with late readings). */
  private final java.util.Set<String> saveNow = new java.util.LinkedHashSet<>();

  /** Whether {@link #discoverSensors} is listing the sensors stored when the monitor started. */
  private boolean discoveringAtStart;

  /** The sensors the last {@link #discoverSensors} resumed from a saved state. */
  private final java.util.Set<String> resumedIds = new java.util.HashSet<>();

  /** Readings re-learned at the start of watching sensors: replayed context and catch-up. */
  private long replayedAtStart;

  /** Running states written since {@code monitor_state} was last vacuumed. */
  private long statesWritten;

  /** Chunks scored so far (marks which sensors a chunk touched). */
  private long chunks;

  /** Reads started so far (whose share of the running states a read's end saves). */
  private long reads;

  /**
   * How far arrivals were taken in: the snapshot of the last cycle, as stored in
   * {@code monitor_arrivals}; null before the first cycle on this database.
   */
  private String arrivals;
  private boolean arrivalsLoaded;

  /** Threads that score a chunk: its readings split by site, each share in time order on one thread. */
  private static final int LANES = Runtime.getRuntime().availableProcessors();
  /** Chunks smaller than this many readings per lane are scored on the calling thread alone. */
  private static final int MIN_LANE_READINGS = 2_000;

  /** Readings scored and committed at once ({@link #MAX_SLICE_READINGS}; smaller in tests). */
  private final int sliceReadings;

  /** The monitor uses but does not own the database, repository and sink; its writes are not fenced. */
  public Monitor(Database db, ModelRepository models, MonitorSettings settings, AlertSink sink, Clock clock) {
    this(db, models, settings, sink, clock, MonitorFence.NONE);
  }

  /**
   * As above, as the holder of the monitor lease that issued {@code fence}: once another monitor
   * took the lease, every write (alerts, outbox events, checkpoints, running states) is refused
   * with {@link com.anomalywatcher.store.LeaseLostException}, and this monitor must be dropped.
   */
  public Monitor(Database db, ModelRepository models, MonitorSettings settings, AlertSink sink, Clock clock,
      MonitorFence fence) {
    this(db, models, settings, sink, clock, MAX_SLICE_READINGS, fence);
  }

  /** As the public constructor, scoring and committing slices of about {@code sliceReadings} readings. */
  Monitor(Database db, ModelRepository models, MonitorSettings settings, AlertSink sink, Clock clock, int sliceReadings) {
    this(db, models, settings, sink, clock, sliceReadings, MonitorFence.NONE);
  }

  private Monitor(Database db, ModelRepository models, MonitorSettings settings, AlertSink sink, Clock clock,
      int sliceReadings, MonitorFence fence) {
    Objects.requireNonNull(db, "db");
    this.sliceReadings = sliceReadings;
    this.readings = new ReadingStore(db);
    this.alerts = new AlertStore(db, fence);
    this.states = new MonitorStateStore(db, fence);
    this.registry = new SensorRegistry(db);
    this.newRows = new CommittedRows(db);
    this.dashboard = new DashboardStore(db);
    this.models = Objects.requireNonNull(models, "models");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Scores everything pending up to now and returns what happened. */
  public CycleSummary runOnce() {
    return runOnce(TimeProgress.NONE);
  }

  /** As {@link #runOnce()}, telling {@code progress} how far through the pending time range it is. */
  public CycleSummary runOnce(TimeProgress progress) {
    return runOnce(progress, () -> false);
  }

  /**
   * As {@link #runOnce(TimeProgress)}, ending the cycle early once {@code stop} is true: checked
   * before each read and after each committed slice, so everything scored is committed and
   * {@link #saveRunningStates()} can follow. What the cycle did not score, the next one scores.
   */
  public CycleSummary runOnce(TimeProgress progress, java.util.function.BooleanSupplier stop) {
    Instant now = clock.instant();
    // Before and after every cycle, on purpose: a cycle can take minutes (the first after a restart or
    // a retrain, a catch-up after an outage) and the gauge shows meanwhile what people resolved since
    // the last one; the end shows what this cycle opened and resolved. One indexed count each.
    publishOpenAlerts();
    // One snapshot for the whole cycle: its late pass takes in exactly the rows committed since the
    // last cycle's, and its reads score only rows it shows, so every row is taken in by one cycle.
    String cycle = discoverNewSensors();
    int closedByPeople = letGoOfClosedByPeople(openKeys(), false, now);
    LatePass late = takeInLateArrivals(cycle, now);
    Instant from = readFrom();
    Tally tally = new Tally(now, cycle, stop);
    Instant start = from;
    boolean stopped = false;
    while (from != null && from.isBefore(now) && !(stopped = stop.getAsBoolean())) {
      Instant first = readings.firstReadingAfter(from, now);
      if (first == null) {
        break;
      }
      Instant lower = first.minusNanos(1_000);
      Instant upper = lower.plus(settings.chunk()).isBefore(now) ? lower.plus(settings.chunk()) : now;
      // Streamed in time order and scored in slices of whole instants (a fan switch stays before its
      // speed sensor at the same time), each committed with its checkpoints: memory stays bounded
      // whatever the fleet writes in a chunk (10,000 sensors at a reading a minute: 3.6 M in 6 hours).
      // Only the cycle's last read reaches the arrivals still coming in: only it keeps states from
      // before missing readings, for them to be scored in their place when they come.
      tally.startRead(lower, settings.reorderReadings() > 0 && !upper.isBefore(now));
      try {
        readings.forEachSampleSeen(lower, upper, cycle, tally::add);
      } catch (CycleStopped e) {
        stopped = true; // the slices before are committed; the rest of the read waits for the next cycle
        break;
      }
      tally.flush(upper, true);
      from = upper;
      progress.reached(upper, start, now);
    }
    long scored = tally.scored + late.scored;
    int opened = tally.opened + late.opened;
    int resolved = tally.resolved + closedByPeople;
    opened += stopped ? 0 : openSilent(now);
    int warming = 0;
    for (String id : watched.keySet()) {
      warming += fleet.detector(id).isReady() ? 0 : 1;
    }
    publishOpenAlerts();
    if (statesWritten >= (long) VACUUM_AFTER_REWRITES * Math.max(1, watched.size())) {
      states.vacuum();
      statesWritten = 0;
    }
    return new CycleSummary(watched.size(), warming, scored, opened, resolved, late.scored, late.inPlace);
  }

  /**
   * Ends a {@code monitor --once} pass (after {@link #runOnce}): a sensor's last reading that opened
   * an incident waiting for the next reading to confirm it would otherwise be judged only by the
   * next pass, hours or days later. Each sensor scored in this pass whose last reading the detector
   * calls far beyond its history ({@link SensorDetector#atPassEnd()}), and with no alert open,
   * opens its alert at that reading, as if it had scored 1, committed and delivered like any
   * opening. The detectors' running states are not touched (they were saved as scored), so the next
   * pass continues each sensor exactly as it would have; a next reading that confirms the incident
   * keeps that alert open, one that does not resolves it after the quiet period. Returns
   * {@code summary} with these alerts counted among those opened.
   */
  public CycleSummary endPass(CycleSummary summary) {
    List<AlertChange> changes = new ArrayList<>();
    for (Watched w : watched.values()) {
      SensorDetector.PassEnd end = fleet.detector(w.sensorId).atPassEnd();
      if (end != null && w.tracker.openAlert() == null && end.at().equals(w.after)) {
        changes.addAll(w.tracker.observe(end.at(), end.value(), end.detection()));
      }
    }
    if (changes.isEmpty()) {
      return summary;
    }
    int opened = commitAndDeliver(changes, List.of(), clock.instant(), null);
    publishOpenAlerts();
    return new CycleSummary(summary.sensors(), summary.warmingUp(), summary.scored(), summary.opened() + opened,
        summary.resolved(), summary.late(), summary.inPlace());
  }

  /** Ends a read early: a stop was asked for and the slice before is committed. */
  private static final class CycleStopped extends RuntimeException {
    CycleStopped() {
      super("stop requested", null, false, false);
    }
  }

  /** What a cycle's late pass did: readings scored late (of them in their place), alerts they opened. */
  private record LatePass(long scored, long inPlace, int opened) {}

  /**
   * How many readings scored past a missing one a sensor keeps ({@link BeforeGap}), in reorder
   * windows: a sensor that keeps losing readings starts afresh from a newer state.
   */
  private int maxLater() {
    return 4 * (settings.reorderReadings() + 2);
  }

  /** Recent states of a site's fan switch kept, for a late fan speed reading scored in its place. */
  static final int SWITCH_LOG = 16;

  /**
   * Takes in the readings committed since the last cycle that lie at or behind their sensor's
   * checkpoint: they arrived after the sensor had been scored past them. One that its sensor
   * missed within the reorder window is scored in its place ({@link #scoreInPlace}). Any other is
   * scored once, out of order: against a copy of the sensor's
   * detector as it stands (one copy per sensor and cycle, the cycle's late readings in time order),
   * so the in-order state the next readings are judged against stays as it was. One whose score reaches the threshold outside the sensor's open
   * incident opens an alert of that one reading, already resolved and marked late. The verdicts,
   * the counts and how far arrivals were taken in ({@code cycle}) commit in one transaction, so a
   * restart neither scores a late reading twice nor misses one. The first cycle on a database
   * (nothing taken in before) only records where it starts.
   */
  private LatePass takeInLateArrivals(String cycle, Instant now) {
    if (!arrivalsLoaded) {
      arrivals = states.arrivals();
      arrivalsLoaded = true;
    }
    List<Sample> late = arrivals == null ? List.of() : newRows.behindCheckpoints(arrivals, cycle);
    List<AlertChange> changes = new ArrayList<>();
    java.util.Set<String> touched = new java.util.LinkedHashSet<>();
    Map<String, SensorDetector> copies = new HashMap<>();
    Map<Watched, List<Sample>> inPlace = new LinkedHashMap<>();
    long scored = 0;
    for (Sample s : late) {
      Watched w = watched.get(s.sensorId());
      if (w == null || s.timestamp().isAfter(w.after)) {
        continue; // not watched (its type is not), or not behind the checkpoint this monitor holds
      }
      if (w.beforeGap != null && w.beforeGap.takes(s.timestamp(), now) && switchSeenAt(w, s.timestamp()) != UNSEEN) {
        inPlace.computeIfAbsent(w, k -> new ArrayList<>()).add(s);
        continue;
      }
      Detection d = scoreOutOfOrder(w, s, copies.computeIfAbsent(w.sensorId, id -> copyOf(w)));
      addIfAny(changes, w.tracker.late(s.timestamp(), s.value(), d));
      w.scored++;
      touched.add(w.sensorId);
      scored++;
    }
    long placed = 0;
    for (Map.Entry<Watched, List<Sample>> e : inPlace.entrySet()) {
      placed += scoreInPlace(e.getKey(), e.getValue(), changes);
      touched.add(e.getKey().sensorId);
    }
    scored += placed;
    if (settings.stateShares() > 1 && !touched.isEmpty()) {
      // A restart replays into a state the rows its snapshot shows after it: a row scored out of
      // order must lie behind every state of its site, so those are saved with its verdict.
      java.util.Set<String> sites = new java.util.HashSet<>();
      touched.forEach(id -> sites.add(watched.get(id).member.site()));
      watched.values().stream().filter(w -> sites.contains(w.member.site())).forEach(w -> saveNow.add(w.sensorId));
    }
    int opened = commitAndDeliver(changes, touched, now, cycle);
    arrivals = cycle;
    AwMetrics.readingsScored(scored);
    return new LatePass(scored, placed, opened);
  }

  /**
   * Scores a sensor's late readings in their place: its detector, silence and (for a fan switch)
   * its site's switch go back to their state before the gap ({@link BeforeGap}); each late reading
   * is scored, judged and learned in time order among the readings scored since, which are
   * re-learned as they were judged (with the fan switch state they were judged against) but not
   * judged again: their alerts stand. The detector ends as if the late readings had come on time.
   * A late reading that reaches the threshold opens an alert of that one reading ("arrived late",
   * {@link AlertTracker#late}) unless an alert on the sensor's readings was open since the gap
   * began (that incident already speaks for it). Returns how many readings it scored.
   */
  private int scoreInPlace(Watched w, List<Sample> lates, List<AlertChange> changes) {
    BeforeGap gap = w.beforeGap;
    List<Sample> ordered = new ArrayList<>(lates);
    order.sort(ordered);
    List<SwitchState> switches = new ArrayList<>(); // as each late reading would have been judged
    for (Sample s : ordered) {
      SwitchState seen = switchSeenAt(w, s.timestamp());
      switches.add(seen == null ? null : fleet.switchFor(w.member, s.timestamp(), seen));
    }
    SavedSensor before = RunningState.decode(gap.state, SavedSensor.class);
    fleet.replace(w.member, before.detector());
    if (before.fanSwitch() != null) {
      fleet.resumeFanSwitch(w.member.site(), before.fanSwitch());
    }
    w.silence.resume(before.silence());
    List<BeforeGap.Later> relearn = new ArrayList<>(gap.later());
    int next = 0;
    for (int i = 0; i < ordered.size(); i++) {
      Sample s = ordered.get(i);
      for (; next < relearn.size() && relearn.get(next).at().isBefore(s.timestamp()); next++) {
        relearn(w, relearn.get(next));
      }
      noteSilence(w, s.timestamp());
      Detection d = fleet.observe(w.member, s.timestamp(), s.value(), switches.get(i));
      AlertChange c = gap.wasAlerted() ? null : w.tracker.late(s.timestamp(), s.value(), d);
      if (c != null) {
        changes.add(c);
        gap.alerted();
      }
      gap.add(s.timestamp(), s.value(), switches.get(i));
      w.scored++;
    }
    for (; next < relearn.size(); next++) {
      relearn(w, relearn.get(next));
    }
    return ordered.size();
  }

  /** Learns again a reading scored after a gap, as it was judged (its silence noted, its verdict standing). */
  private void relearn(Watched w, BeforeGap.Later l) {
    noteSilence(w, l.at());
    fleet.learn(w.member, l.at(), l.value(), l.fanSwitch());
  }

  /** {@link #switchSeenAt}'s answer when the fan switch's state at that time is no longer known. */
  private static final SwitchState UNSEEN = new SwitchState(false, Instant.MIN, Instant.MIN);

  /**
   * The state of its site's fan switch as last seen at {@code at}, for a fan speed sensor's reading
   * at that time scored in its place: from the site's recent switch states ({@link #SWITCH_LOG});
   * {@link #UNSEEN} when they do not reach back that far; null for other sensors and sites without
   * a switch (their readings are judged against none).
   */
  private SwitchState switchSeenAt(Watched w, Instant at) {
    java.util.ArrayDeque<SwitchState> log = switchLog.get(w.member.site());
    if (log == null || w.sensor.category() != com.anomalywatcher.model.Category.FAN || w.sensor.isDigital()) {
      return null;
    }
    SwitchState seen = UNSEEN;
    for (SwitchState sw : log) {
      if (!sw.seenAt().isAfter(at)) {
        seen = sw;
      }
    }
    return seen;
  }

  /**
   * Scores a late reading against {@code copy}, a copy of the sensor's detector (with its site's fan
   * switch as it stands): one copy per sensor and cycle, so a backfill of many old readings costs one
   * copy per sensor; the copy learns them, in time order, and is then dropped.
   */
  private Detection scoreOutOfOrder(Watched w, Sample s, SensorDetector copy) {
    boolean fanSpeed = w.sensor.category() == com.anomalywatcher.model.Category.FAN && !w.sensor.isDigital();
    return copy.observe(s.timestamp(), s.value(), fanSpeed ? fleet.fanSwitchAt(w.member.site()) : null);
  }

  /** A copy of the sensor's detector as it stands (through its saved-state encoding). */
  private static SensorDetector copyOf(Watched w) {
    return RunningState.decode(
        RunningState.encode(new SavedSensor(w.member.detector(), null, w.silence.state())), SavedSensor.class).detector();
  }

  /**
   * Where a cycle starts reading: the oldest checkpoint of the sensors that report, and of the silent
   * ones (checkpoint over {@link #SILENT} behind the newest) only of those with a reading after their
   * checkpoint (one query for all of them). Reading from every sensor's oldest checkpoint, one sensor
   * gone offline made each cycle re-read, and skip, everything the fleet wrote since its last reading
   * (at 10,000 sensors, hours of readings every 10 s). Nothing else changes: a reading at or before
   * its sensor's checkpoint is skipped either way. Null when nothing is watched.
   */
  private Instant readFrom() {
    Instant newest = null;
    for (Watched w : watched.values()) {
      newest = newest == null || w.after.isAfter(newest) ? w.after : newest;
    }
    if (newest == null) {
      return null;
    }
    Instant horizon = newest.minus(SILENT);
    Instant from = null;
    List<Watched> silent = new ArrayList<>();
    for (Watched w : watched.values()) {
      if (w.after.isBefore(horizon)) {
        silent.add(w);
      } else {
        from = from == null || w.after.isBefore(from) ? w.after : from;
      }
    }
    if (silent.isEmpty()) {
      return from;
    }
    List<ReadingStore.Window> windows = new ArrayList<>(silent.size());
    for (Watched w : silent) {
      windows.add(new ReadingStore.Window(w.sensorId, w.after, from));
    }
    java.util.Set<String> pending = readings.sensorsWithReadingsIn(windows);
    for (Watched w : silent) {
      if (pending.contains(w.sensorId) && w.after.isBefore(from)) {
        from = w.after;
      }
    }
    return from;
  }

  /** How far a checkpoint may trail the newest before its sensor counts as silent for {@link #readFrom}. */
  static final java.time.Duration SILENT = java.time.Duration.ofMinutes(1);

  /**
   * Gathers a cycle's readings, arriving in time order, into slices of whole instants and scores
   * each slice; delivers its alert changes after its commit; counts.
   */
  private final class Tally {
    final Instant now;
    /** The cycle's snapshot: every read of the cycle sees exactly the rows it shows. */
    final String cycle;
    List<Sample> slice = new ArrayList<>();
    /** Where the slice being gathered starts (exclusive): the read's start, then the previous slice's end. */
    Instant sliceAfter;
    /** The read in progress: where its range starts and its snapshot. */
    Instant readAfter;
    /** Whether this read keeps sensors' states from before a missing reading (the reorder window). */
    boolean reorders;
    long scored;
    int opened;
    int resolved;

    /** Checked after each committed slice: true ends the read there ({@link CycleStopped}). */
    final java.util.function.BooleanSupplier stop;

    Tally(Instant now, String cycle, java.util.function.BooleanSupplier stop) {
      this.now = now;
      this.cycle = cycle;
      this.stop = stop;
    }

    void startRead(Instant after, boolean reorders) {
      sliceAfter = after;
      readAfter = after;
      this.reorders = reorders;
      reads++;
    }

    void add(String sensorId, Instant at, double value) {
      if (slice.size() >= sliceReadings && !at.equals(slice.get(slice.size() - 1).timestamp())) {
        flush(slice.get(slice.size() - 1).timestamp(), false);
        if (stop.getAsBoolean()) {
          throw new CycleStopped();
        }
      }
      slice.add(new Sample(sensorId, at, value));
    }

    /**
     * Scores the slice gathered so far as the range (sliceAfter, upTo] and starts the next after it;
     * {@code readEnd}: the read ends with it (the running states are saved).
     */
    void flush(Instant upTo, boolean readEnd) {
      List<Sample> full = slice;
      Instant after = sliceAfter;
      slice = new ArrayList<>();
      sliceAfter = upTo;
      if (!full.isEmpty() || (readEnd && !unsaved.isEmpty())) {
        score(full, after, upTo, readEnd);
      }
    }

    private void score(List<Sample> slice, Instant after, Instant upTo, boolean readEnd) {
      List<AlertChange> changes = new ArrayList<>();
      MonitorStateStore.Read read = new MonitorStateStore.Read(readAfter, cycle);
      scored += scoreChunk(slice, after, upTo, changes, now, readEnd, read, reorders);
      for (AlertChange c : changes) {
        opened += c.type() == AlertChange.Type.OPENED ? 1 : 0;
        resolved += c.type() == AlertChange.Type.RESOLVED ? 1 : 0;
        countChange(c);
        if (c.type() != AlertChange.Type.UPDATED) {
          sink.deliver(c);
        }
      }
    }
  }

  /**
   * Publishes the alerts open in the database, by kind: those of every sensor, not only of the ones
   * this monitor's trackers hold (a sensor it cannot watch, or one not yet scored this process, kept
   * its open alerts out of the gauge while {@code alerts --open} listed them).
   */
  private void publishOpenAlerts() {
    AwMetrics.openAlerts(dashboard.openAlertsByKind());
  }

  /**
   * Counts a committed change in the metrics. An escalation is counted too, from the kind the alert
   * had to the one it has: one that changed the kind left the alert's resolve counted under a kind it
   * was never opened with, so {@code aw_alerts_resolved_total} of that kind could exceed its opened.
   */
  static void countChange(AlertChange c) {
    switch (c.type()) {
      case OPENED -> AwMetrics.alertOpened(c.alert().kind().dbName());
      case ESCALATED -> AwMetrics.alertEscalated(c.kindBefore().dbName(), c.alert().kind().dbName());
      case RESOLVED -> AwMetrics.alertResolved(c.alert().kind().dbName());
      case UPDATED -> { }
    }
  }

  /**
   * Scores a slice, all the stored readings of the range ({@code after}, {@code upTo}] (the slices of
   * one cursor read share its snapshot): sorted in time order (a fan switch first at equal times), split by lane, each
   * lane's share scored in that order on its own thread; the alert changes come back in the order
   * a single thread would have produced them, and are committed with the checkpoints.
   */
  private long scoreChunk(List<Sample> samples, Instant after, Instant upTo, List<AlertChange> changes, Instant now,
      boolean readEnd, MonitorStateStore.Read read, boolean reorders) {
    chunks++;
    order.sort(samples);
    int n = samples.size();
    Watched[] owners = new Watched[n];
    int[] counts = new int[LANES];
    restoreFleetPausesBeforeStart();
    long shortest = shortestIntervalMillis();
    for (int i = 0; i < n; i++) {
      Watched w = watched.get(samples.get(i).sensorId());
      owners[i] = w;
      if (w != null) {
        counts[w.lane]++;
        fleetGaps.note(samples.get(i).timestamp(), shortest);
      }
    }
    int[][] lanes = new int[LANES][];
    for (int k = 0; k < LANES; k++) {
      lanes[k] = new int[counts[k]];
      counts[k] = 0;
    }
    for (int i = 0; i < n; i++) {
      if (owners[i] != null) {
        lanes[owners[i].lane][counts[owners[i].lane]++] = i;
      }
    }
    long[] lags = new long[n];
    Lane[] done = new Lane[LANES];
    java.util.stream.IntStream all = java.util.stream.IntStream.range(0, LANES);
    (n >= LANES * MIN_LANE_READINGS ? all.parallel() : all)
        .forEach(k -> done[k] = score(lanes[k], samples, owners, lags, now, reorders));
    List<Tagged> tagged = new ArrayList<>();
    java.util.Set<String> touched = new java.util.LinkedHashSet<>();
    long scored = 0;
    for (Lane lane : done) {
      tagged.addAll(lane.changes);
      touched.addAll(lane.touched);
      scored += lane.scored;
    }
    tagged.sort(java.util.Comparator.comparingInt(Tagged::reading)); // stable: a reading's changes keep their order
    tagged.forEach(t -> changes.add(t.change()));
    commit(changes, touched, now, readEnd, read);
    long[] scoredLags = new long[(int) scored];
    int j = 0;
    for (int i = 0; i < n && j < scoredLags.length; i++) {
      if (lags[i] != Long.MIN_VALUE && owners[i] != null) {
        scoredLags[j++] = lags[i];
      }
    }
    AwMetrics.scoringLags(scoredLags, j);
    AwMetrics.readingsScored(scored);
    return scored;
  }

  /** An alert change and the position in the chunk of the reading that caused it. */
  private record Tagged(int reading, AlertChange change) {}

  /** What one lane did with its share of a chunk. */
  private static final class Lane {
    final List<Tagged> changes = new ArrayList<>();
    final List<String> touched = new ArrayList<>();
    long scored;
  }

  /**
   * Scores the readings at {@code positions} (one lane's share, in order); owns their sensors
   * meanwhile. With {@code reorders}, a sensor's readings past a missing one that may still come
   * are scored at once, keeping its state from before the gap and the readings since
   * ({@link #beforeGap}) for the missing one to be scored in its place when it arrives.
   */
  private Lane score(int[] positions, List<Sample> samples, Watched[] owners, long[] lags, Instant now,
      boolean reorders) {
    Lane lane = new Lane();
    long nowMillis = now.toEpochMilli();
    for (int i : positions) {
      Sample s = samples.get(i);
      Watched w = owners[i];
      if (!s.timestamp().isAfter(w.after)) {
        lags[i] = Long.MIN_VALUE;
        continue;
      }
      if (w.warmUpUntil != null) {
        if (!s.timestamp().isAfter(w.warmUpUntil)) {
          warmUp(lane, w, s, lags, i);
          continue;
        }
        w.warmUpUntil = null;
      }
      if (!reorders) {
        w.beforeGap = null; // its readings are not kept for a late one from here on
      }
      BeforeGap gap = reorders ? beforeGap(w, s.timestamp(), now) : null;
      SwitchState judgedBy = gap == null ? null : fleet.switchFor(w.member, s.timestamp());
      Silence.Offline silent = judged(w, noteSilence(w, s.timestamp()), s.timestamp());
      if (silent != null) {
        tag(lane, i, w.tracker.openWithoutReading(silent.at(), AnomalyKind.OFFLINE, offline(w, silent)));
      }
      tag(lane, i, w.tracker.resolveIf(AnomalyKind.OFFLINE, s.timestamp()));
      Detection d = fleet.observe(w.member, s.timestamp(), s.value());
      if (gap != null) {
        gap.add(s.timestamp(), s.value(), judgedBy);
      }
      takenIn(lane, w, s.timestamp());
      lags[i] = nowMillis - s.timestamp().toEpochMilli();
      List<AlertChange> observed = w.tracker.observe(s.timestamp(), s.value(), d);
      for (int k = 0; k < observed.size(); k++) { // no iterator per reading
        tag(lane, i, observed.get(k));
      }
      if (gap != null && openOnReadings(w)) {
        gap.alerted();
      }
    }
    return lane;
  }

  /**
   * Learns a reading stored before the monitor started, of a sensor without model or checkpoint,
   * as its warm-up: no verdict, no alert ({@link MonitorSettings#historyAsWarmUp()}); it counts as
   * scored and moves the checkpoint as a scored one does.
   */
  private void warmUp(Lane lane, Watched w, Sample s, long[] lags, int i) {
    noteSilence(w, s.timestamp());
    fleet.learn(w.sensorId, s.timestamp(), s.value());
    takenIn(lane, w, s.timestamp());
    lags[i] = Long.MIN_VALUE; // no verdict: not among the scoring latencies
  }

  /**
   * A reading of {@code w} at {@code at} taken in by its detector, judged or learned as warm-up: a
   * fan switch's state joins its site's recent states, the sensor's checkpoint moves to it (the
   * sensor is touched in this chunk) and it counts as scored.
   */
  private void takenIn(Lane lane, Watched w, Instant at) {
    if (FleetDetector.isFanSwitch(w.sensor)) {
      logSwitch(w.member.site());
    }
    if (w.chunk != chunks) {
      w.chunk = chunks;
      lane.touched.add(w.sensorId);
    }
    w.after = at;
    w.scored++;
    lane.scored++;
  }

  /** Appends the site's fan switch state as it now stands to its recent states ({@link #SWITCH_LOG}). */
  private void logSwitch(String site) {
    java.util.ArrayDeque<SwitchState> log = switchLog.get(site);
    if (log.size() == SWITCH_LOG) {
      log.removeFirst();
    }
    log.addLast(fleet.fanSwitchAt(site));
  }

  /** Whether the sensor has an alert open on its readings (not an {@code offline} one). */
  private static boolean openOnReadings(Watched w) {
    AlertRow open = w.tracker.openAlert();
    return open != null && open.kind() != AnomalyKind.OFFLINE;
  }

  /**
   * The sensor's state from before a missing reading that may still come, as scoring its reading
   * {@code at} finds it: kept now (a copy, {@link BeforeGap}) when {@code at} leaves a reading
   * missing after the checkpoint that is due less than the reorder window and one interval before
   * {@code now}, or the window of one kept before extended to this gap's; dropped once its window
   * has passed, or when it holds {@link #maxLater()} readings (a sensor that keeps losing them
   * starts afresh). A sensor whose interval is not known yet, or that has scored nothing, keeps none.
   */
  private BeforeGap beforeGap(Watched w, Instant at, Instant now) {
    BeforeGap gap = w.beforeGap;
    if (gap != null && (gap.passed(now) || gap.later().size() >= maxLater())) {
      w.beforeGap = gap = null;
    }
    Instant until = missingUntil(w, at);
    if (until != null && now.isBefore(until)) {
      if (gap == null) {
        w.beforeGap = gap = new BeforeGap(runningState(w), w.after, until, openOnReadings(w));
      } else {
        gap.extendTo(until);
      }
    }
    return gap;
  }

  /**
   * Until when a reading missing between the checkpoint and {@code at} may still come in its place:
   * when it was due plus the reorder window's readings and one interval; null when none is missing
   * (a gap of at most one and a half of the sensor's intervals) or the interval is not known yet.
   */
  private Instant missingUntil(Watched w, Instant at) {
    java.time.Duration interval = w.silence.interval();
    if (interval == null || w.scored == 0) {
      return null;
    }
    long millis = interval.toMillis();
    if (com.anomalywatcher.detect.Millis.between(w.after, at) * 2 <= millis * 3) {
      return null;
    }
    return w.after.plusMillis(millis * (settings.reorderReadings() + 2L));
  }

  /** The shortest interval any watched sensor reports at, in milliseconds (MAX_VALUE while none is known). */
  private long shortestIntervalMillis() {
    long shortest = Long.MAX_VALUE;
    for (Watched w : watched.values()) {
      java.time.Duration interval = w.silence.interval();
      shortest = interval == null ? shortest : Math.min(shortest, interval.toMillis());
    }
    return shortest;
  }

  /** The newest reading any watched sensor has reported (null while none has). */
  private Instant newestReading() {
    Instant newest = null;
    for (Watched w : watched.values()) {
      Instant last = w.silence.last();
      newest = last != null && (newest == null || last.isAfter(newest)) ? last : newest;
    }
    return newest;
  }

  /**
   * Gives the fleet's gaps what they need to know of the time before this monitor started: once the
   * fleet's newest reading and shortest interval are known, its pauses found in the stored readings
   * ({@link #rebuildFleetGaps}, once), and the newest reading as the start of the pause that spans
   * this monitor's start ({@link FleetGaps#startAfter}). Called before a slice's readings are noted
   * and before silent sensors are judged; later calls change nothing.
   */
  private void restoreFleetPausesBeforeStart() {
    Instant newest = newestReading();
    long shortest = shortestIntervalMillis();
    if (!fleetGapsRebuilt && newest != null && shortest != Long.MAX_VALUE) {
      rebuildFleetGaps(newest, shortest);
    }
    fleetGaps.startAfter(newest);
  }

  /**
   * Looks up, once, the fleet's pauses before this monitor started, from the stored readings: those
   * since the oldest last reading of a sensor silent at the start (at most
   * {@link #FLEET_GAPS_LOOKBACK} before the fleet's newest reading), so a sensor silent since before
   * a pause the fleet returned from before a restart still counts from the fleet's return, as it did
   * for the monitor that saw the pause. Nothing is read while no sensor is silent.
   */
  private void rebuildFleetGaps(Instant newest, long shortest) {
    fleetGapsRebuilt = true;
    Instant oldest = null;
    for (Watched w : watched.values()) {
      Instant last = w.silence.last();
      long interval = w.silence.intervalMillis();
      if (last != null && interval > 0 && last.plusMillis(interval).isBefore(newest)
          && (oldest == null || last.isBefore(oldest))) {
        oldest = last;
      }
    }
    if (oldest == null) {
      return;
    }
    Instant from = oldest.isBefore(newest.minus(FLEET_GAPS_LOOKBACK)) ? newest.minus(FLEET_GAPS_LOOKBACK) : oldest;
    for (ReadingStore.Gap g : readings.fleetGaps(from, newest, shortest, FleetGaps.KEPT)) {
      fleetGaps.restore(g.from(), g.to());
    }
  }

  private static void tag(Lane lane, int reading, AlertChange change) {
    if (change != null) {
      lane.changes.add(new Tagged(reading, change));
    }
  }

  private static void addIfAny(List<AlertChange> changes, AlertChange change) {
    if (change != null) {
      changes.add(change);
    }
  }

  /**
   * The silence {@code silent} of a sensor (null for none) as judged up to {@code until}: when the
   * whole fleet fell silent before the sensor's first missed reading was due and stayed silent past
   * the instant it would have gone offline (the feed, the ingest, the generator or the monitor was
   * down, not this device), it counts from the fleet's return ({@link Silence#offlineAfterReturn});
   * null when the sensor is not offline by then.
   */
  private Silence.Offline judged(Watched w, Silence.Offline silent, Instant until) {
    Instant back = silent == null ? null : fleetGaps.returnOver(silent.last(), silent.firstMissed(), silent.at());
    return back == null ? silent : w.silence.offlineAfterReturn(silent, back, until);
  }

  /**
   * Notes a sensor's reading at {@code at} in its silence bookkeeping ({@link Silence#note}); a
   * reading after the pause of the feed that spans this monitor's start, of a sensor silent over
   * it, starts its pace afresh ({@link FleetGaps#spansRestart}).
   */
  private Silence.Offline noteSilence(Watched w, Instant at) {
    boolean afterRestart = fleetGaps.spansRestart(w.silence.last(), at);
    Silence.Offline silent = w.silence.note(at);
    if (afterRestart) {
      w.silence.startAfresh();
    }
    return silent;
  }

  private String offline(Watched w, Silence.Offline silent) {
    return Explanations.silent(w.tracker.sensor(), silent.last(), silent.interval());
  }

  /**
   * Opens an {@code offline} alert for each sensor silent for {@link Silence#offlineIntervals()} of
   * its intervals up to now while other sensors kept reporting (when every sensor is silent, the
   * feed or a backfill ended, not a device; a sensor silent since before a silence of the whole
   * fleet counts from the fleet's return: {@link #judged}); returns how many it opened.
   */
  private int openSilent(Instant now) {
    restoreFleetPausesBeforeStart(); // when this monitor scored nothing yet
    Instant newest = newestReading();
    List<AlertChange> changes = new ArrayList<>();
    for (Watched w : watched.values()) {
      Silence.Offline silent = newest == null ? null : judged(w, w.silence.offline(newest), newest);
      if (silent != null && silent.at().isBefore(now)) {
        addIfAny(changes, w.tracker.openWithoutReading(silent.at(), AnomalyKind.OFFLINE, offline(w, silent)));
      }
    }
    return changes.isEmpty() ? 0 : commitAndDeliver(changes, List.of(), now, null);
  }

  /** The keys of the alerts this monitor holds open. */
  private List<AlertStore.AlertKey> openKeys() {
    List<AlertStore.AlertKey> keys = new ArrayList<>();
    for (Watched w : watched.values()) {
      AlertRow open = w.tracker.openAlert();
      if (open != null) {
        keys.add(AlertStore.AlertKey.of(open));
      }
    }
    return keys;
  }

  /**
   * Lets go of the open alerts among {@code keys} that a person resolved on the dashboard: their
   * resolve holds (it is notified as theirs), and a fault that goes on opens a new alert. Returns
   * how many there were.
   *
   * @param changed the keys are of alerts whose changes were just refused for that reason (each
   *     notified as resolved even when the tracker had already let go of it)
   */
  private int letGoOfClosedByPeople(java.util.Collection<AlertStore.AlertKey> keys, boolean changed, Instant now) {
    List<AlertChange> resolves = new ArrayList<>();
    for (AlertRow closed : alerts.closedByPeople(keys)) {
      Watched w = watched.get(closed.sensorId());
      AlertChange c = w == null ? null : w.tracker.closedByPerson(closed);
      c = c == null && changed
          ? new AlertChange(AlertChange.Type.RESOLVED, closed, w == null ? null : w.tracker.sensor().zone()) : c;
      if (c != null) {
        resolves.add(c);
      }
    }
    if (!resolves.isEmpty()) {
      alerts.commit(List.of(), List.of(), outboxEvents(resolves, now));
      countAndDeliver(resolves);
    }
    return resolves.size();
  }

  /**
   * Commits alert changes made outside a read ({@link #commit}: with the checkpoints of the touched
   * sensors and how far arrivals were taken in, if {@code arrivals} is not null), then counts and
   * delivers each; returns how many stood (the commit drops those of alerts a person resolved meanwhile).
   */
  private int commitAndDeliver(List<AlertChange> changes, Iterable<String> touched, Instant now, String arrivals) {
    commit(changes, touched, now, false, null, arrivals);
    countAndDeliver(changes);
    return changes.size();
  }

  /** Counts and delivers committed alert changes, in order. */
  private void countAndDeliver(List<AlertChange> changes) {
    for (AlertChange c : changes) {
      countChange(c);
      sink.deliver(c);
    }
  }

  /**
   * Commits alert changes with the checkpoints of the touched sensors and, at the end of a read, the
   * running states of every sensor scored since the last read ended; inside a read, records the
   * read ({@code read}, if any) so that a restart can replay its part into the saved states.
   */
  private void commit(List<AlertChange> changes, Iterable<String> touched, Instant now, boolean readEnd,
      MonitorStateStore.Read read) {
    commit(changes, touched, now, readEnd, read, null);
  }

  /** As {@link #commit(List, Iterable, Instant, boolean, MonitorStateStore.Read)}, recording {@code arrivals} (if any). */
  private void commit(List<AlertChange> changes, Iterable<String> touched, Instant now, boolean readEnd,
      MonitorStateStore.Read read, String arrivals) {
    Map<String, AlertRow> latest = new LinkedHashMap<>();
    for (AlertChange c : changes) {
      latest.put(c.alert().sensorId() + "@" + c.alert().openedAt(), c.alert());
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (String id : touched) {
      Watched w = watched.get(id);
      checkpoints.add(new Checkpoint(id, w.after, w.scored, w.tracker.quietReadings(),
          fleet.detector(id).isReady(), now));
    }
    touched.forEach(unsaved::add);
    List<String> due = dueStates(readEnd);
    List<MonitorStateStore.Saved> saved = runningStates(due);
    // In shares, a restart replays each state from where it was saved (reads ago): the read is
    // recorded from the start of time, in this cycle's snapshot.
    MonitorStateStore.Read recorded = read == null || settings.stateShares() == 1 ? (readEnd ? null : read)
        : new MonitorStateStore.Read(Instant.EPOCH, read.snapshot());
    java.util.Set<AlertStore.AlertKey> closed = alerts.commit(new ArrayList<>(latest.values()), checkpoints,
        outboxEvents(changes, now), saved, recorded, arrivals);
    due.forEach(unsaved::remove);
    saveNow.clear();
    statesWritten += saved.size();
    if (!closed.isEmpty()) { // a person resolved one of these alerts meanwhile: their resolve holds
      changes.removeIf(c -> closed.contains(AlertStore.AlertKey.of(c.alert())));
      letGoOfClosedByPeople(closed, true, now);
    }
  }

  /**
   * Saves the running state of every sensor scored since its state was last saved, so the next
   * monitor resumes each at its checkpoint with nothing to replay: for a clean stop between cycles
   * (a live monitor saves a share of the states a cycle, and a restart otherwise replays into the
   * others up to {@link MonitorSettings#stateShares()} cycles of readings). Each share's sites commit
   * in a transaction of their own, so a stop in the middle keeps the shares already saved and the
   * rest are replayed as after a crash. Every checkpoint is committed between cycles, so each state
   * is saved at its sensor's checkpoint. Returns how many states it wrote.
   */
  public int saveRunningStates() {
    int shares = settings.stateShares();
    List<List<String>> byShare = new ArrayList<>();
    for (int k = 0; k < shares; k++) {
      byShare.add(new ArrayList<>());
    }
    for (String id : unsaved) {
      byShare.get(Math.floorMod(watched.get(id).member.site().hashCode(), shares)).add(id);
    }
    int written = 0;
    for (List<String> ids : byShare) {
      if (!ids.isEmpty()) {
        states.save(runningStates(ids));
        ids.forEach(unsaved::remove);
        written += ids.size();
      }
    }
    statesWritten += written;
    return written;
  }

  /** Readings re-learned when this monitor started watching its sensors (context and catch-up), for tests. */
  long replayedAtStart() {
    return replayedAtStart;
  }

  /**
   * The sensors whose running states a commit saves: the forced ones ({@link #saveNow}) and, at the
   * end of a read, the unsaved ones (in shares: those of the share whose turn this read is).
   */
  private List<String> dueStates(boolean readEnd) {
    List<String> due = new ArrayList<>(saveNow);
    if (readEnd) {
      int shares = settings.stateShares();
      for (String id : unsaved) {
        if (!saveNow.contains(id) && (shares == 1
            || Math.floorMod(watched.get(id).member.site().hashCode(), shares) == Math.floorMod(reads, shares))) {
          due.add(id);
        }
      }
    }
    return due;
  }

  /** The running states of the given sensors, encoded on every core when there are many. */
  private List<MonitorStateStore.Saved> runningStates(java.util.Collection<String> sensorIds) {
    List<String> ids = new ArrayList<>(sensorIds);
    return (ids.size() >= 64 ? ids.parallelStream() : ids.stream()).map(id -> saved(watched.get(id))).toList();
  }

  private MonitorStateStore.Saved saved(Watched w) {
    return new MonitorStateStore.Saved(w.sensorId, w.after, stateFormat(w.sensor), w.modelTo, runningState(w));
  }

  /** The format this build saves and resumes a sensor's running state in. */
  private static String stateFormat(SensorDescription sensor) {
    return FleetDetector.isFanSwitch(sensor) ? SWITCH_STATE_FORMAT : STATE_FORMAT;
  }

  /** The sensor's running state as it stands ({@link SavedSensor}: detector, its site's fan switch for a switch, silence). */
  private byte[] runningState(Watched w) {
    SwitchState fanSwitch = FleetDetector.isFanSwitch(w.sensor) ? fleet.fanSwitchAt(w.member.site()) : null;
    return RunningState.encode(new SavedSensor(w.member.detector(), fanSwitch, w.silence.state()));
  }

  /** The running state of a watched sensor as it stands, for tests (as a restarted monitor would read it). */
  byte[] runningState(String sensorId) {
    return runningState(watched.get(sensorId));
  }

  /**
   * The saved state to continue a sensor from: one of this build's layout, grown from the model the
   * sensor has now, at the sensor's checkpoint or behind it inside the read the stopped monitor had
   * in progress ({@code lastRead}; states are saved when a read ends); null when there is none such,
   * or it cannot be read (the sensor is then restored from its model and a replay, as before states
   * were saved).
   */
  private static SavedSensor resumable(MonitorStateStore.Saved saved, String format, Checkpoint checkpoint,
      Instant modelTo, MonitorStateStore.Read lastRead) {
    if (saved == null || checkpoint == null || !saved.format().equals(format)
        || saved.scoredAt().isAfter(checkpoint.lastScoredAt()) || !Objects.equals(saved.modelTo(), modelTo)) {
      return null;
    }
    if (saved.scoredAt().isBefore(checkpoint.lastScoredAt())
        && (lastRead == null || !checkpoint.lastScoredAt().isAfter(lastRead.after()))) {
      return null;
    }
    try {
      return RunningState.decode(saved.state(), SavedSensor.class);
    } catch (IllegalArgumentException unreadable) {
      return null; // the replay below rebuilds this sensor as well as it can
    }
  }

  /** Opened and resolved alerts, for the sinks that deliver from the outbox. */
  private static List<OutboxStore.Event> outboxEvents(List<AlertChange> changes, Instant now) {
    List<OutboxStore.Event> events = new ArrayList<>();
    for (AlertChange c : changes) {
      if (c.type() != AlertChange.Type.UPDATED) {
        events.add(new OutboxStore.Event(c.alert().sensorId(), c.alert().openedAt(),
            c.type() == AlertChange.Type.OPENED ? "open" : "resolved", AlertJson.of(c), now));
      }
    }
    return events;
  }

  /**
   * Starts watching the sensors that are new since the last cycle. The first cycle lists every
   * stored sensor; later ones look only at the rows committed since the previous look (whatever
   * their timestamps, so a backfilled new sensor is found too), so a cycle's database work grows
   * with its new readings, not with the fleet.
   */
  private String discoverNewSensors() {
    String snapshot = newRows.snapshot();
    if (seen == null) {
      discoveringAtStart = true;
      try {
        discoverSensors(readings.sensors());
      } finally {
        discoveringAtStart = false;
      }
    } else {
      java.util.Set<String> ids = newRows.sensorsCommittedBetween(seen, snapshot);
      ids.removeAll(watched.keySet());
      ids.removeAll(unwatchable);
      if (!ids.isEmpty()) {
        discoverSensors(readings.sensors(ids));
      }
    }
    seen = snapshot;
    return snapshot;
  }

  private void discoverSensors(List<SensorRow> rows) {
    List<SensorRow> unwatched = new ArrayList<>();
    for (SensorRow r : rows) {
      if (!watched.containsKey(r.sensorId())) {
        unwatched.add(r);
      }
    }
    if (unwatched.isEmpty()) {
      return;
    }
    SensorCatalog catalog = new SensorCatalog(registry.descriptions());
    Map<SensorRow, SensorDescription> fresh = new LinkedHashMap<>();
    for (SensorRow r : unwatched) {
      Optional<SensorDescription> d = catalog.describe(r);
      if (d.isPresent()) {
        fresh.put(r, d.get());
      } else {
        unwatchable.add(r.sensorId());
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    Map<String, Checkpoint> checkpoints = alerts.checkpoints();
    Map<String, AlertRow> latest = new HashMap<>();
    for (AlertRow a : alerts.latestAlertPerSensor()) {
      latest.put(a.sensorId(), a);
    }
    Map<String, MonitorStateStore.Saved> saved = states.read(
        fresh.keySet().stream().map(SensorRow::sensorId).filter(checkpoints::containsKey).toList());
    MonitorStateStore.Read lastRead = saved.isEmpty() ? null : states.lastRead();
    Map<String, Restored> restored = loadAll(fresh, saved, checkpoints, lastRead);
    List<ReadingStore.Window> catchUp = new ArrayList<>();
    resumedIds.clear();
    List<Replay> replays = new ArrayList<>();
    // A restored sensor replays from its own start, except that a site's fan switch and fan speed
    // sensors replay from the earlier of their starts, in time order: the speed sensor re-learns
    // alongside its switch, as it did live. Nothing else is shared between detectors, so one
    // sensor's recent incident no longer takes the whole fleet back with it (a cold start of
    // 10,000 sensors replayed up to 6 hours of every sensor for one open alert).
    Map<String, Instant> groupFrom = new HashMap<>();
    Instant earliest = null;
    for (Map.Entry<SensorRow, SensorDescription> e : fresh.entrySet()) {
      SensorRow r = e.getKey();
      Replay replay = watch(r, e.getValue(), restored.get(r.sensorId()), checkpoints.get(r.sensorId()),
          latest.get(r.sensorId()), saved.get(r.sensorId()), lastRead, catchUp);
      if (replay != null) {
        replays.add(replay);
        if (!replay.cold()) {
          groupFrom.merge(replay.group(), replay.from(), (a, b) -> a.isBefore(b) ? a : b);
          earliest = earliest == null || replay.from().isBefore(earliest) ? replay.from() : earliest;
        }
      }
    }
    Map<String, List<AlertRow>> incidents = new HashMap<>();
    if (earliest != null) {
      for (AlertRow a : alerts.alertsOpenedIn(earliest.minus(MAX_REPLAY), clock.instant().plusSeconds(1))) {
        incidents.computeIfAbsent(a.sensorId(), k -> new ArrayList<>()).add(a);
      }
    }
    // One query for all sensors' context (a cold start of thousands of sensors made one per sensor).
    List<ReadingStore.Window> windows = new ArrayList<>();
    List<ReadingStore.Tail> tails = new ArrayList<>();
    for (Replay p : replays) {
      if (p.cold()) {
        tails.add(new ReadingStore.Tail(p.sensorId(), p.checkpoint(), fleet.detector(p.sensorId()).warmupReadings()));
      } else {
        Instant from = outsideIncidents(groupFrom.get(p.group()), incidents.getOrDefault(p.sensorId(), List.of()));
        from = from.isBefore(p.trainedTo()) ? p.trainedTo() : from;
        if (from.isBefore(p.checkpoint())) {
          windows.add(new ReadingStore.Window(p.sensorId(), from, p.checkpoint()));
        }
      }
    }
    List<Sample> context = recentContext(windows);
    context.addAll(readings.lastReadings(tails));
    order.sort(context);
    replay(context);
    replayedAtStart += context.size() + catchUp(catchUp, lastRead);
    // Every sensor not resumed from a state at its checkpoint is saved as it now stands, so that a
    // stop inside this monitor's first read can be replayed from here.
    List<String> unsavedAtStart = new ArrayList<>();
    for (SensorRow r : fresh.keySet()) {
      MonitorStateStore.Saved s = saved.get(r.sensorId());
      Checkpoint c = checkpoints.get(r.sensorId());
      if (s == null || c == null || !s.scoredAt().equals(c.lastScoredAt()) || !resumedIds.contains(r.sensorId())) {
        unsavedAtStart.add(r.sensorId());
      }
    }
    if (!unsavedAtStart.isEmpty()) {
      states.save(runningStates(unsavedAtStart));
      statesWritten += unsavedAtStart.size();
    }
  }

  /**
   * Replays into restored running states what the stopped monitor scored after saving them: the
   * rows of its read in progress that that read saw (its snapshot), in scoring order, so each
   * detector, fan switch and silence stands as it did at the checkpoint. Returns how many readings.
   */
  private int catchUp(List<ReadingStore.Window> windows, MonitorStateStore.Read read) {
    if (windows.isEmpty()) {
      return 0;
    }
    List<Sample> seen = new ArrayList<>(readings.readingsSeen(windows, read.snapshot()));
    order.sort(seen);
    for (Sample s : seen) {
      fleet.learn(s.sensorId(), s.timestamp(), s.value());
      watched.get(s.sensorId()).silence.note(s.timestamp());
    }
    return seen.size();
  }

  /**
   * The readings of the replay windows. Most sensors replay the same recent stretch before their
   * checkpoints, read as one time range (the pages in order; the rows of an instant lie together)
   * and kept per window; the windows reaching further back (an incident) are read by sensor, an
   * index probe each. Read by sensor, every reading of a 10,000-sensor fleet's replay was a page of
   * its own.
   */
  private List<Sample> recentContext(List<ReadingStore.Window> windows) {
    Instant latest = null;
    for (ReadingStore.Window w : windows) {
      latest = latest == null || w.upTo().isAfter(latest) ? w.upTo() : latest;
    }
    if (latest == null) {
      return new ArrayList<>();
    }
    Instant rangeFrom = latest.minus(settings.window().multipliedBy(2));
    Map<String, ReadingStore.Window> recent = new HashMap<>();
    List<ReadingStore.Window> further = new ArrayList<>();
    Instant lo = null;
    for (ReadingStore.Window w : windows) {
      if (w.after().isBefore(rangeFrom)) {
        further.add(w);
      } else {
        recent.put(w.sensorId(), w);
        lo = lo == null || w.after().isBefore(lo) ? w.after() : lo;
      }
    }
    List<Sample> context = new ArrayList<>(readings.readings(further));
    if (lo != null) {
      readings.forEachSample(lo, latest, (id, at, value) -> {
        ReadingStore.Window w = recent.get(id);
        if (w != null && at.isAfter(w.after()) && !at.isAfter(w.upTo())) {
          context.add(new Sample(id, at, value));
        }
      });
    }
    return context;
  }

  /**
   * Re-learns the context on every core: split by lane (site), each lane's share in time order on
   * one thread, as scoring does; a cold start of thousands of sensors was mostly this loop.
   */
  private void replay(List<Sample> context) {
    int n = context.size();
    int[] lanes = new int[n];
    int[] counts = new int[LANES];
    for (int i = 0; i < n; i++) {
      Watched w = watched.get(context.get(i).sensorId());
      lanes[i] = w == null ? -1 : w.lane;
      if (w != null) {
        counts[w.lane]++;
      }
    }
    int[][] shares = new int[LANES][];
    for (int k = 0; k < LANES; k++) {
      shares[k] = new int[counts[k]];
      counts[k] = 0;
    }
    for (int i = 0; i < n; i++) {
      if (lanes[i] >= 0) {
        shares[lanes[i]][counts[lanes[i]]++] = i;
      }
    }
    java.util.stream.IntStream all = java.util.stream.IntStream.range(0, LANES);
    (n >= LANES * MIN_LANE_READINGS ? all.parallel() : all).forEach(k -> {
      for (int i : shares[k]) {
        Sample s = context.get(i);
        fleet.learn(s.sensorId(), s.timestamp(), s.value());
      }
    });
  }

  /**
   * Moves a replay start out of the sensor's incidents: a detector that starts in the middle of an
   * anomaly would take the anomalous level for normal and the return to normal for an onset.
   */
  private Instant outsideIncidents(Instant from, List<AlertRow> alerts) {
    Instant start = from;
    for (int i = alerts.size() - 1; i >= 0; i--) {
      AlertRow a = alerts.get(i);
      Instant end = a.isOpen() ? Instant.MAX : a.resolvedAt();
      if (!start.isBefore(a.openedAt()) && start.isBefore(end)) {
        start = a.openedAt().minus(settings.window());
      }
    }
    return start;
  }

  /** What a restarted sensor replays: from (model-backed) or its warm-up (cold) up to its checkpoint. */
  private record Replay(String sensorId, String group, boolean cold, Instant from, Instant trainedTo, Instant checkpoint) {}

  /**
   * Each sensor's trained model, read and restored on every processor (a cold start of thousands of
   * sensors is mostly this); empty for a sensor without a readable model.
   */
  private Map<String, Restored> loadAll(Map<SensorRow, SensorDescription> rows, Map<String, MonitorStateStore.Saved> saved,
      Map<String, Checkpoint> checkpoints, MonitorStateStore.Read lastRead) {
    Map<String, Restored> out = new java.util.concurrent.ConcurrentHashMap<>();
    rows.keySet().parallelStream().forEach(r -> {
      String id = r.sensorId();
      MonitorStateStore.Saved state = saved.get(id);
      if (state != null) {
        // A saved state needs only the model's first line (which model it grew from): parsing the
        // whole model, only to drop it, was most of a 10,000-sensor restart's CPU.
        Instant modelTo = metadataOnly(id).map(ModelMetadata::to).orElse(null);
        SavedSensor resumed = resumable(state, stateFormat(rows.get(r)), checkpoints.get(id), modelTo, lastRead);
        if (resumed != null) {
          out.put(id, new Restored(Optional.empty(), modelTo, resumed));
          return;
        }
      }
      Optional<SensorModel> model;
      try {
        model = models.load(id);
      } catch (ModelRepository.UnreadableModelException e) {
        model = Optional.empty(); // this sensor warms up afresh; status names the file and the reason
      }
      out.put(id, new Restored(model, model.map(m -> m.metadata().to()).orElse(null), null));
    });
    return out;
  }

  private Optional<ModelMetadata> metadataOnly(String sensorId) {
    try {
      return models.loadMetadata(sensorId);
    } catch (ModelRepository.UnreadableModelException e) {
      return Optional.empty();
    }
  }

  /**
   * How a sensor starts: from its saved running state ({@code resumed}; the model itself is then
   * not read, {@code model} empty) or from its trained model (if any) and a replay.
   *
   * @param modelTo the end of the model's training, null without a model
   */
  private record Restored(Optional<SensorModel> model, Instant modelTo, SavedSensor resumed) {}

  /**
   * Starts watching a sensor, from its saved running state when there is a usable one; returns
   * what to replay into its detector as context, or null.
   */
  private Replay watch(SensorRow r, SensorDescription sensor, Restored restored, Checkpoint checkpoint,
      AlertRow latestAlert, MonitorStateStore.Saved saved, MonitorStateStore.Read lastRead,
      List<ReadingStore.Window> catchUp) {
    AlertRow openAlert = latestAlert != null && latestAlert.isOpen() ? latestAlert : null;
    Optional<SensorModel> model = restored.model();
    Instant modelTo = restored.modelTo();
    SavedSensor resumed = restored.resumed();
    if (resumed != null) {
      resumedIds.add(r.sensorId());
    }
    if (resumed != null && saved.scoredAt().isBefore(checkpoint.lastScoredAt())) {
      Instant from = saved.scoredAt().isAfter(lastRead.after()) ? saved.scoredAt() : lastRead.after();
      catchUp.add(new ReadingStore.Window(r.sensorId(), from, checkpoint.lastScoredAt()));
    }
    SensorDetector detector = resumed != null ? resumed.detector() : model.map(SensorDetector::restore)
        .orElseGet(() -> SensorDetector.fresh(sensor, r.sensorId()));
    String site = Sites.siteOf(r);
    fleet.add(r.sensorId(), site, detector);
    if (resumed != null && resumed.fanSwitch() != null) {
      fleet.resumeFanSwitch(site, resumed.fanSwitch());
    }
    order.add(r.sensorId(), sensor);
    if (FleetDetector.isFanSwitch(sensor)) {
      switchLog.put(site, new java.util.ArrayDeque<>(SWITCH_LOG));
    }
    // a model learned [from, to): scoring starts with the reading at its end
    Instant after = model.map(m -> m.metadata().to().minusNanos(1_000)).orElse(Instant.EPOCH);
    long scored = 0;
    Replay context = null;
    if (checkpoint != null) {
      after = checkpoint.lastScoredAt();
      scored = checkpoint.scoredCount();
      // a fan switch and its site's fan speed sensors replay together (the speed is judged against the switch)
      String group = sensor.category() == com.anomalywatcher.model.Category.FAN ? "fans@" + site : r.sensorId();
      context = resumed != null ? null : replayContext(r.sensorId(), group, model, after, latestAlert);
    }
    SensorInfo info = new SensorInfo(r.sensorId(), r.category(), r.location(), r.unit(), sensor.zone());
    AlertTracker tracker = new AlertTracker(info, settings.policy(), openAlert,
        checkpoint == null ? 0 : checkpoint.quietReadings());
    Watched w = new Watched(r.sensorId(), sensor, tracker, fleet.member(r.sensorId()),
        Math.floorMod(site.hashCode(), LANES), after, checkpoint != null, scored, modelTo, fleet::usualLostRun);
    if (resumed != null) {
      w.silence.resume(resumed.silence());
    }
    if (settings.historyAsWarmUp() && discoveringAtStart && model.isEmpty() && checkpoint == null && resumed == null) {
      w.warmUpUntil = r.lastReadingAt();
    }
    watched.put(r.sensorId(), w);
    return context;
  }

  /**
   * Re-learns the recent past a detector lost when the previous monitor process stopped: the last
   * {@code window} before the checkpoint, reaching back to before the opening of the sensor's last
   * alert when that incident was still open or recent (at most {@link #MAX_REPLAY}), so the
   * detector knows the incident it is in or just left (a cold detector replays its warm-up).
   */
  private Replay replayContext(String sensorId, String group, Optional<SensorModel> model, Instant checkpoint,
      AlertRow lastAlert) {
    if (model.isEmpty()) {
      return new Replay(sensorId, group, true, null, null, checkpoint);
    }
    Instant trainedTo = model.get().metadata().to().minusNanos(1_000);
    Instant from = checkpoint.minus(settings.window());
    boolean recent = lastAlert != null
        && (lastAlert.isOpen() || lastAlert.resolvedAt().isAfter(from.minus(settings.window())));
    if (recent && lastAlert.openedAt().minus(settings.window()).isBefore(from)) {
      from = lastAlert.openedAt().minus(settings.window());
    }
    from = from.isBefore(checkpoint.minus(MAX_REPLAY)) ? checkpoint.minus(MAX_REPLAY) : from;
    return new Replay(sensorId, group, false, from, trainedTo, checkpoint);
  }
}
