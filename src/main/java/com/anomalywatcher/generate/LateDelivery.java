package com.anomalywatcher.generate;

import com.anomalywatcher.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How readings of the realistic world reach the database live: as real networks deliver them.
 * 3 % arrive 1-3 ticks late (so after newer readings: out of order) and 0.5 % are sent twice (again
 * 1-2 ticks later); the store keeps one row per sensor and timestamp. Decided from each reading's
 * id, so a seeded run delivers the same way every time. Owned by the generating thread.
 */
final class LateDelivery {
  static final double LATE = 0.03;
  static final double TWICE = 0.005;

  private final boolean enabled;
  private final TreeMap<Long, List<Reading>> due = new TreeMap<>();
  private long tick;
  private long late;
  private long duplicates;

  /** @param enabled false: every reading is delivered at once, exactly once (clean world, demo) */
  LateDelivery(boolean enabled) {
    this.enabled = enabled;
  }

  /** The readings to send at this tick: this tick's on-time ones, then those due from earlier ticks. */
  List<Reading> deliver(List<Reading> produced) {
    if (!enabled) {
      return produced;
    }
    List<Reading> now = new ArrayList<>(produced.size() + 4);
    for (Reading r : produced) {
      long h = mix(r.id().getLeastSignificantBits() ^ r.id().getMostSignificantBits());
      double u = (h >>> 11) * 0x1.0p-53;
      if (u < LATE) {
        schedule(tick + 1 + Math.floorMod(h, 3), r);
        late++;
        continue;
      }
      now.add(r);
      if (u < LATE + TWICE) {
        schedule(tick + 1 + ((h >>> 3) & 1), r);
        duplicates++;
      }
    }
    List<Reading> arrived = due.remove(tick);
    if (arrived != null) {
      now.addAll(arrived);
    }
    tick++;
    return now;
  }

  /** Everything still on its way (at shutdown: sent now rather than lost). */
  List<Reading> drain() {
    List<Reading> rest = new ArrayList<>();
    for (Map.Entry<Long, List<Reading>> e : due.entrySet()) {
      rest.addAll(e.getValue());
    }
    due.clear();
    return rest;
  }

  /** Readings delivered late so far. */
  long late() {
    return late;
  }

  /** Readings sent a second time so far. */
  long duplicates() {
    return duplicates;
  }

  private void schedule(long at, Reading r) {
    due.computeIfAbsent(at, k -> new ArrayList<>()).add(r);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
