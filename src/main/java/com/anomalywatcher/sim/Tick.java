package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.model.Reading;
import java.util.List;

/**
 * The result of one {@link Simulation#step}: one reading per sensor, the episodes that started at
 * this step (with their planned end, so they can be stored at once) and the episodes that ended
 * before their planned end at this step (same sensor, kind and start; new end). Upsert both by
 * (sensor_id, kind, start_time). {@code benignEvents}: benign events that started at this step
 * (with their planned end), for {@code benign_events}.
 */
public record Tick(
    List<Reading> readings, List<AnomalyEpisode> startedEpisodes, List<AnomalyEpisode> endedEarly,
    List<BenignEvent> benignEvents) {

  public Tick {
    readings = List.copyOf(readings);
    startedEpisodes = List.copyOf(startedEpisodes);
    endedEarly = List.copyOf(endedEarly);
    benignEvents = List.copyOf(benignEvents);
  }

  /** A tick without benign events (the clean world). */
  public Tick(List<Reading> readings, List<AnomalyEpisode> startedEpisodes, List<AnomalyEpisode> endedEarly) {
    this(readings, startedEpisodes, endedEarly, List.of());
  }
}
