package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
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
import java.util.TreeMap;

/**
 * Live scoring: each cycle scores every reading stored after its sensor's checkpoint up to now, in
 * time order, each before its detector learns it; updates the sensors' incidents; and commits
 * alert changes together with the new checkpoints (one transaction per chunk), so a restart
 * neither re-alerts nor skips. Opened and resolved alerts go to the sink after the commit.
 *
 * <p>A restarted monitor restores each detector from its trained model (or a fresh, warming-up
 * one) and replays the readings of the last {@code window} before the checkpoint as context.
 * Owned by one thread; not thread-safe.
 */
public final class Monitor {
  private final ReadingStore readings;
  private final AlertStore alerts;
  private final SensorRegistry registry;
  private final ReadingOrder order = new ReadingOrder();
  private final ModelRepository models;
  private final MonitorSettings settings;
  private final AlertSink sink;
  private final Clock clock;
  private final FleetDetector fleet = new FleetDetector();
  private final Map<String, Watched> watched = new HashMap<>();
  /** Longest stretch of history replayed into a restored detector. */
  static final java.time.Duration MAX_REPLAY = java.time.Duration.ofHours(6);

  /** A watched sensor: what its alerts say, its incident and how far it has been scored. */
  private static final class Watched {
    final SensorDescription sensor;
    final AlertTracker tracker;
    final Silence silence;
    Instant after;
    long scored;

    Watched(SensorDescription sensor, AlertTracker tracker, Instant after, long scored) {
      this.sensor = sensor;
      this.tracker = tracker;
      this.silence = new Silence(after.equals(Instant.EPOCH) ? null : after);
      this.after = after;
      this.scored = scored;
    }
  }

  /** The monitor uses but does not own the database, repository and sink. */
  public Monitor(Database db, ModelRepository models, MonitorSettings settings, AlertSink sink, Clock clock) {
    Objects.requireNonNull(db, "db");
    this.readings = new ReadingStore(db);
    this.alerts = new AlertStore(db);
    this.registry = new SensorRegistry(db);
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
    Instant now = clock.instant();
    discoverSensors();
    Instant from = null;
    for (Watched w : watched.values()) {
      from = from == null || w.after.isBefore(from) ? w.after : from;
    }
    long scored = 0;
    int opened = 0;
    int resolved = 0;
    Instant start = from;
    while (from != null && from.isBefore(now)) {
      Instant first = readings.firstReadingAfter(from, now);
      if (first == null) {
        break;
      }
      Instant lower = first.minusNanos(1_000);
      Instant upper = lower.plus(settings.chunk()).isBefore(now) ? lower.plus(settings.chunk()) : now;
      List<AlertChange> changes = new ArrayList<>();
      scored += scoreChunk(readings.readings(lower, upper), changes, now);
      for (AlertChange c : changes) {
        opened += c.type() == AlertChange.Type.OPENED ? 1 : 0;
        resolved += c.type() == AlertChange.Type.RESOLVED ? 1 : 0;
        countChange(c);
        if (c.type() != AlertChange.Type.UPDATED) {
          sink.deliver(c);
        }
      }
      from = upper;
      progress.reached(upper, start, now);
    }
    opened += openSilent(now);
    int warming = 0;
    for (String id : watched.keySet()) {
      warming += fleet.detector(id).isReady() ? 0 : 1;
    }
    AwMetrics.openAlerts(openAlertsByKind());
    return new CycleSummary(watched.size(), warming, scored, opened, resolved);
  }

  /** The open alerts of the sensors this monitor watches, by kind, from its own trackers. */
  private Map<String, Long> openAlertsByKind() {
    Map<String, Long> byKind = new TreeMap<>();
    for (Watched w : watched.values()) {
      AlertRow open = w.tracker.openAlert();
      if (open != null) {
        byKind.merge(open.kind().dbName(), 1L, Long::sum);
      }
    }
    return byKind;
  }

  private static void countChange(AlertChange c) {
    switch (c.type()) {
      case OPENED -> AwMetrics.alertOpened(c.alert().kind().dbName());
      case RESOLVED -> AwMetrics.alertResolved(c.alert().kind().dbName());
      case UPDATED -> { }
    }
  }

  private long scoreChunk(List<Sample> samples, List<AlertChange> changes, Instant now) {
    order.sort(samples);
    Map<String, Boolean> touched = new LinkedHashMap<>();
    long scored = 0;
    long[] lags = new long[samples.size()];
    long nowMillis = now.toEpochMilli();
    for (Sample s : samples) {
      Watched w = watched.get(s.sensorId());
      if (w == null || !s.timestamp().isAfter(w.after)) {
        continue;
      }
      Instant wentOffline = w.silence.note(s.timestamp());
      if (wentOffline != null) {
        addIfAny(changes, w.tracker.openWithoutReading(wentOffline, AnomalyKind.OFFLINE, offline(w, wentOffline)));
      }
      addIfAny(changes, w.tracker.resolveIf(AnomalyKind.OFFLINE, s.timestamp()));
      Detection d = fleet.observe(s.sensorId(), s.timestamp(), s.value());
      lags[(int) scored] = nowMillis - s.timestamp().toEpochMilli();
      w.after = s.timestamp();
      w.scored++;
      scored++;
      touched.put(s.sensorId(), Boolean.TRUE);
      changes.addAll(w.tracker.observe(s.timestamp(), s.value(), d));
    }
    commit(changes, touched.keySet(), now);
    AwMetrics.scoringLags(lags, (int) scored);
    AwMetrics.readingsScored(scored);
    return scored;
  }

  private static void addIfAny(List<AlertChange> changes, AlertChange change) {
    if (change != null) {
      changes.add(change);
    }
  }

  private String offline(Watched w, Instant wentOffline) {
    Instant since = wentOffline.minus(w.silence.interval().multipliedBy(Silence.OFFLINE_INTERVALS));
    return Explanations.silent(w.tracker.sensor(), since, w.silence.interval());
  }

  /**
   * Opens an {@code offline} alert for each sensor silent for {@link Silence#OFFLINE_INTERVALS} of
   * its intervals up to now while other sensors kept reporting (when every sensor is silent, the
   * feed or a backfill ended, not a device); returns how many it opened.
   */
  private int openSilent(Instant now) {
    Instant newest = null;
    for (Watched w : watched.values()) {
      Instant last = w.silence.last();
      newest = last != null && (newest == null || last.isAfter(newest)) ? last : newest;
    }
    List<AlertChange> changes = new ArrayList<>();
    for (Watched w : watched.values()) {
      Instant wentOffline = newest == null ? null : w.silence.offlineAt(newest);
      if (wentOffline != null && wentOffline.isBefore(now)) {
        addIfAny(changes, w.tracker.openWithoutReading(wentOffline, AnomalyKind.OFFLINE, offline(w, wentOffline)));
      }
    }
    if (!changes.isEmpty()) {
      commit(changes, List.of(), now);
      changes.forEach(sink::deliver);
    }
    return changes.size();
  }

  private void commit(List<AlertChange> changes, Iterable<String> touched, Instant now) {
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
    alerts.commit(new ArrayList<>(latest.values()), checkpoints, outboxEvents(changes, now));
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

  private void discoverSensors() {
    List<SensorRow> unwatched = new ArrayList<>();
    for (SensorRow r : readings.sensors()) {
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
      catalog.describe(r).ifPresent(d -> fresh.put(r, d));
    }
    if (fresh.isEmpty()) {
      return;
    }
    Map<String, Checkpoint> checkpoints = alerts.checkpoints();
    Map<String, AlertRow> latest = new HashMap<>();
    for (AlertRow a : alerts.latestAlertPerSensor()) {
      latest.put(a.sensorId(), a);
    }
    List<Replay> replays = new ArrayList<>();
    Instant commonFrom = null;
    for (Map.Entry<SensorRow, SensorDescription> e : fresh.entrySet()) {
      SensorRow r = e.getKey();
      Replay replay = watch(r, e.getValue(), checkpoints.get(r.sensorId()), latest.get(r.sensorId()));
      if (replay != null) {
        replays.add(replay);
        if (!replay.cold() && (commonFrom == null || replay.from().isBefore(commonFrom))) {
          commonFrom = replay.from();
        }
      }
    }
    // Every restored sensor replays from the same start, in time order: a fan speed sensor
    // re-learns alongside its switch, as it did live.
    Map<String, List<AlertRow>> incidents = new HashMap<>();
    if (commonFrom != null) {
      for (AlertRow a : alerts.alertsOpenedIn(commonFrom.minus(MAX_REPLAY), clock.instant().plusSeconds(1))) {
        incidents.computeIfAbsent(a.sensorId(), k -> new ArrayList<>()).add(a);
      }
    }
    List<Sample> context = new ArrayList<>();
    for (Replay p : replays) {
      if (p.cold()) {
        context.addAll(readings.lastReadings(p.sensorId(), p.checkpoint(), fleet.detector(p.sensorId()).warmupReadings()));
      } else {
        Instant from = outsideIncidents(commonFrom, incidents.getOrDefault(p.sensorId(), List.of()));
        from = from.isBefore(p.trainedTo()) ? p.trainedTo() : from;
        if (from.isBefore(p.checkpoint())) {
          context.addAll(readings.readings(p.sensorId(), from, p.checkpoint()));
        }
      }
    }
    order.sort(context);
    for (Sample s : context) {
      fleet.learn(s.sensorId(), s.timestamp(), s.value());
    }
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
  private record Replay(String sensorId, boolean cold, Instant from, Instant trainedTo, Instant checkpoint) {}

  /** Starts watching a sensor; returns what to replay into its detector as context, or null. */
  private Replay watch(SensorRow r, SensorDescription sensor, Checkpoint checkpoint, AlertRow latestAlert) {
    AlertRow openAlert = latestAlert != null && latestAlert.isOpen() ? latestAlert : null;
    Optional<SensorModel> model;
    try {
      model = models.load(r.sensorId());
    } catch (ModelRepository.UnreadableModelException e) {
      model = Optional.empty(); // this sensor warms up afresh; status names the file and the reason
    }
    SensorDetector detector = model.map(SensorDetector::restore)
        .orElseGet(() -> SensorDetector.fresh(sensor, r.sensorId()));
    fleet.add(r.sensorId(), Sites.siteOf(r), detector);
    order.add(r.sensorId(), sensor);
    // a model learned [from, to): scoring starts with the reading at its end
    Instant after = model.map(m -> m.metadata().to().minusNanos(1_000)).orElse(Instant.EPOCH);
    long scored = 0;
    Replay context = null;
    if (checkpoint != null) {
      after = checkpoint.lastScoredAt();
      scored = checkpoint.scoredCount();
      context = replayContext(r.sensorId(), model, after, latestAlert);
    }
    SensorInfo info = new SensorInfo(r.sensorId(), r.category(), r.location(), r.unit(), sensor.zone());
    AlertTracker tracker = new AlertTracker(info, settings.policy(), openAlert,
        checkpoint == null ? 0 : checkpoint.quietReadings());
    watched.put(r.sensorId(), new Watched(sensor, tracker, after, scored));
    return context;
  }

  /**
   * Re-learns the recent past a detector lost when the previous monitor process stopped: the last
   * {@code window} before the checkpoint, reaching back to before the opening of the sensor's last
   * alert when that incident was still open or recent (at most {@link #MAX_REPLAY}), so the
   * detector knows the incident it is in or just left (a cold detector replays its warm-up).
   */
  private Replay replayContext(String sensorId, Optional<SensorModel> model, Instant checkpoint, AlertRow lastAlert) {
    if (model.isEmpty()) {
      return new Replay(sensorId, true, null, null, checkpoint);
    }
    Instant trainedTo = model.get().metadata().to().minusNanos(1_000);
    Instant from = checkpoint.minus(settings.window());
    boolean recent = lastAlert != null
        && (lastAlert.isOpen() || lastAlert.resolvedAt().isAfter(from.minus(settings.window())));
    if (recent && lastAlert.openedAt().minus(settings.window()).isBefore(from)) {
      from = lastAlert.openedAt().minus(settings.window());
    }
    from = from.isBefore(checkpoint.minus(MAX_REPLAY)) ? checkpoint.minus(MAX_REPLAY) : from;
    return new Replay(sensorId, false, from, trainedTo, checkpoint);
  }
}
