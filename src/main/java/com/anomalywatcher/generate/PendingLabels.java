package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.store.GroundTruthStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The episodes that started or were cut since the readings last went to the writer, committed
 * together just before the writer queues its next batch ({@link #flush}, the writer's
 * {@code beforeEachBatch} hook), so every label is committed before the first reading it labels,
 * as {@link GroundTruthStore#upsertAhead} requires, in one transaction per batch of readings
 * instead of one per tick that changed an episode ({@code sample} of 100 sensors over 7 days:
 * about 2,000 label transactions, each a round trip the generating thread waited for, against
 * 202 batches). Owned by the generating thread.
 */
final class PendingLabels {
  private final GroundTruthStore store;
  private final EpisodeLedger ledger;
  private final List<AnomalyEpisode> pending = new ArrayList<>();

  PendingLabels(GroundTruthStore store, EpisodeLedger ledger) {
    this.store = store;
    this.ledger = ledger;
  }

  /** Keeps the changed episodes until the next {@link #flush}; counts them at once. */
  void add(Collection<AnomalyEpisode> started, Collection<AnomalyEpisode> cut) {
    if (started.isEmpty() && cut.isEmpty()) {
      return;
    }
    List<AnomalyEpisode> changed = new ArrayList<>(started);
    changed.addAll(cut);
    ledger.record(changed);
    pending.addAll(changed);
  }

  /** Commits what is pending, in the order it changed (a later change of an episode wins). */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    store.upsertAhead(pending);
    pending.clear();
  }
}
