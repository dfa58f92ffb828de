package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The episodes a run injected, keyed like {@code anomaly_events} (sensor, kind, start) so a later
 * version of an episode (cut short, ended at shutdown) replaces the earlier one. Owned by the
 * generating thread.
 */
final class EpisodeLedger {
  private final Map<String, AnomalyEpisode> episodes = new LinkedHashMap<>();

  void record(Collection<AnomalyEpisode> changed) {
    for (AnomalyEpisode e : changed) {
      episodes.put(e.sensorId() + '|' + e.kind() + '|' + e.start(), e);
    }
  }

  /** Every episode, latest version. */
  Collection<AnomalyEpisode> all() {
    return episodes.values();
  }

  /** How many episodes per {@code category/kind}, sorted by name. */
  Map<String, Integer> countByKind() {
    Map<String, Integer> counts = new TreeMap<>();
    for (AnomalyEpisode e : episodes.values()) {
      counts.merge(e.category().dbName() + "/" + e.kind().dbName(), 1, Integer::sum);
    }
    return counts;
  }
}
