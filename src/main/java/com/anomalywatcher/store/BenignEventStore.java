package com.anomalywatcher.store;

import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The table {@code benign_events}: labelled normal operation that looks odd, {@code [start, end)}.
 * Thread-safe (stateless over the pool).
 */
public final class BenignEventStore {
  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public BenignEventStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Inserts events, or updates end time and parameters of one already stored with the same sensor,
   * kind and start (a rerun of the same seed writes the same rows again). One transaction.
   */
  public void upsert(Collection<BenignEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<LabelTable.Label> labels = events.stream().map(e -> new LabelTable.Label(e.sensorId(), e.category(),
        e.kind().dbName(), e.start(), e.end(), e.parameters(), e.source())).toList();
    db.inTransaction("upsert of " + events.size() + " events into benign_events", c -> {
      LabelTable.BENIGN.upsert(c, labels);
      return null;
    });
  }

  /** Events that overlap {@code [from, to)}, ordered by start time then sensor. */
  public List<BenignEvent> overlapping(Instant from, Instant to) {
    List<BenignEvent> events = new ArrayList<>();
    for (LabelTable.Label l : LabelTable.BENIGN.overlapping(db, from, to)) {
      events.add(new BenignEvent(l.sensorId(), l.category(), BenignKind.parse(l.kind()), l.start(), l.end(),
          l.parameters(), l.source()));
    }
    return events;
  }
}
