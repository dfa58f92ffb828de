package com.anomalywatcher.generate;

import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a batch starts each of its sensors: at the request's start, or, for a sensor whose stored
 * state already reaches into the range, at the first step of the request's grid after it. So a set
 * that grew gives its new sensors the whole range while the old ones continue after their own
 * newest reading, and nothing is generated twice. Immutable.
 */
final class SensorStarts {
  private final Map<String, Instant> startById;
  private final Instant end;
  private final long intervalMillis;
  /** The oldest of the stored states' newest readings; null when no sensor had a state. */
  private final Instant storedUpTo;

  private SensorStarts(Map<String, Instant> startById, Instant end, Duration interval, Instant storedUpTo) {
    this.startById = startById;
    this.end = end;
    this.intervalMillis = interval.toMillis();
    this.storedUpTo = storedUpTo;
  }

  /** The start of every sensor of the request's fleet, given the states stored for them. */
  static SensorStarts of(BatchGenerator.Request request, Map<String, SensorState> stored) {
    Map<String, Instant> starts = new LinkedHashMap<>();
    Instant storedUpTo = null;
    for (SensorSpec s : request.fleet()) {
      SensorState state = stored.get(s.sensorId());
      starts.put(s.sensorId(), state == null ? request.start() : firstStepAfter(request, state.timestamp()));
      if (state != null && (storedUpTo == null || state.timestamp().isBefore(storedUpTo))) {
        storedUpTo = state.timestamp();
      }
    }
    return new SensorStarts(starts, request.end(), request.settings().interval(), storedUpTo);
  }

  /**
   * The newest stored reading of the sensor least far along (null when none has a state): what the
   * fleet already has, which need not lie on this request's grid (a live generator at 5 s before a
   * sample at 5 min).
   */
  Instant storedUpTo() {
    return storedUpTo;
  }

  /** The request's start, or the first step of its grid after {@code latest} when that is inside or after the range. */
  private static Instant firstStepAfter(BatchGenerator.Request request, Instant latest) {
    if (latest.isBefore(request.start())) {
      return request.start();
    }
    long interval = request.settings().interval().toMillis();
    long steps = Duration.between(request.start(), latest).toMillis() / interval + 1;
    return request.start().plusMillis(steps * interval);
  }

  /** Whether some sensor has readings to generate before the end. */
  boolean anyPending() {
    return startById.values().stream().anyMatch(s -> s.isBefore(end));
  }

  /** The earliest start over the fleet: the first step generated, or (nothing pending) at or after the end. */
  Instant earliest() {
    return startById.values().stream().min(Instant::compareTo).orElseThrow();
  }

  /** Sensors with readings to generate, grouped by their start, earliest first. */
  Map<Instant, List<String>> pendingByStart() {
    Map<Instant, List<String>> groups = new TreeMap<>();
    startById.forEach((id, start) -> {
      if (start.isBefore(end)) {
        groups.computeIfAbsent(start, k -> new ArrayList<>()).add(id);
      }
    });
    return groups;
  }

  /** Ids of the sensors with readings to generate. */
  Set<String> pendingIds() {
    Set<String> ids = new java.util.HashSet<>();
    pendingByStart().values().forEach(ids::addAll);
    return ids;
  }

  /** Readings the run produces at most: each pending sensor's steps from its start to the end. */
  long rows() {
    long rows = 0;
    for (Instant start : startById.values()) {
      if (start.isBefore(end)) {
        rows += (Duration.between(start, end).toMillis() + intervalMillis - 1) / intervalMillis;
      }
    }
    return rows;
  }

  /** Pending sensors that continue after readings they already have in the range (start later than {@code requestStart}). */
  int continuing(Instant requestStart) {
    return (int) startById.values().stream().filter(s -> s.isAfter(requestStart) && s.isBefore(end)).count();
  }

  /** Sensors whose readings already reach the end: nothing to generate for them. */
  int complete() {
    return (int) startById.values().stream().filter(s -> !s.isBefore(end)).count();
  }
}
