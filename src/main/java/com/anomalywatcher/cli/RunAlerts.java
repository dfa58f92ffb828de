package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.monitor.AlertChange;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertKey;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The alerts a run's monitor opened, for its summary: passes every change on to the run's sinks and
 * remembers the openings, also those on readings from before the run (a backlog the monitor caught
 * up on, a sensor that fell silent before it), which a summary of the alerts opened during the run
 * left out although the monitor had announced them. Delivered to by the monitor thread, read once
 * it has stopped; closes nothing (the run owns its sinks).
 */
final class RunAlerts implements AlertSink {
  private final AlertSink next;
  private final Set<AlertKey> opened = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Instant> earliest = new AtomicReference<>();

  RunAlerts(AlertSink next) {
    this.next = next;
  }

  @Override
  public void deliver(AlertChange change) {
    if (change.type() == AlertChange.Type.OPENED) {
      Instant at = change.alert().openedAt();
      opened.add(AlertKey.of(change.alert()));
      earliest.accumulateAndGet(at, (a, b) -> a == null || b.isBefore(a) ? b : a);
    }
    next.deliver(change);
  }

  @Override
  public void passEnded() {
    next.passEnded();
  }

  /** Nothing to release: the sinks passed on to are the run's. */
  @Override
  public void close() {}

  /** The alerts opened from {@code started} to {@code ended}, and every other alert this run opened, oldest first. */
  List<AlertRow> alerts(AlertStore store, Instant started, Instant ended) {
    Instant first = earliest.get();
    Instant from = first != null && first.isBefore(started) ? first : started;
    return store.alertsOpenedIn(from, ended.plusSeconds(1)).stream()
        .filter(a -> !a.openedAt().isBefore(started) || opened.contains(AlertKey.of(a)))
        .toList();
  }

  /**
   * Where the run's monitor starts scoring each sensor, read before it starts, as the monitor itself
   * decides: after its checkpoint, else at the end of its model; a sensor with neither is judged
   * after the readings stored before the run when it learns them as warm-up
   * ({@link com.anomalywatcher.monitor.MonitorSettings#historyAsWarmUp()}: {@code sensors}, each with
   * its newest reading; empty when it does not), else from its first reading.
   */
  static Map<String, Instant> scoredFrom(AlertStore store, ModelRepository models,
      List<SensorRow> sensors) {
    Map<String, Instant> from = new HashMap<>();
    for (SensorRow r : sensors) {
      if (r.lastReadingAt() != null) {
        from.put(r.sensorId(), r.lastReadingAt());
      }
    }
    for (ModelRepository.StoredModel m : models.list()) {
      from.put(m.metadata().sensorId(), m.metadata().to());
    }
    store.checkpoints().forEach((id, c) -> from.put(id, c.lastScoredAt()));
    return from;
  }

  /**
   * {@code episodes} (those of the run) and the stored ones from before {@code started} in the
   * readings the run's monitor scored ({@code scoredFrom}, {@link #scoredFrom}) or detected by one
   * of {@code alerts}: a backlog's faults, found or missed, as the monitor met them. The spans a
   * crashed generator left empty are missing data, not faults ({@code evaluate} counts none).
   */
  static List<EpisodeRow> withEarlier(List<EpisodeRow> episodes, GroundTruthStore truth, List<AlertRow> alerts,
      Instant started, Duration interval, Map<String, Instant> scoredFrom) {
    List<EpisodeRow> all = new ArrayList<>(episodes);
    for (EpisodeRow e : truth.episodesStartingIn(Instant.EPOCH, started)) {
      if (AnomalySource.STOPPED.dbName().equals(e.source())) {
        continue;
      }
      boolean scored = e.start().isAfter(scoredFrom.getOrDefault(e.sensorId(), Instant.EPOCH));
      if (scored || alerts.stream().anyMatch(a -> RunSummary.detects(a, e, interval))) {
        all.add(e);
      }
    }
    return all;
  }
}
