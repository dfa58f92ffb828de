package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.store.BenignEventStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the benign events of a run, writes them to {@code benign_events} in batches (they are
 * many and frequent: dropouts, door openings) and counts them by kind. Owned by the generating
 * thread; {@link #flush} before the run ends.
 */
final class BenignLedger {
  private static final int BATCH = 2_000;

  private final BenignEventStore store;
  private final List<BenignEvent> pending = new ArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();

  BenignLedger(BenignEventStore store) {
    this.store = store;
  }

  void add(Collection<BenignEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    for (BenignEvent e : events) {
      counts.merge(e.category().dbName() + "/" + e.kind().dbName(), 1, Integer::sum);
    }
    pending.addAll(events);
    if (pending.size() >= BATCH) {
      flush();
    }
  }

  /** Writes what is pending. */
  void flush() {
    store.upsert(pending);
    pending.clear();
  }

  /** Benign events per {@code category/kind}, sorted by name. */
  Map<String, Integer> countByKind() {
    return counts;
  }
}
