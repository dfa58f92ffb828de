package com.anomalywatcher.generate;

import com.anomalywatcher.sim.SensorState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Which stored sensor states a new run may continue from. */
final class Restore {
  private Restore() {}

  /**
   * The states that end before {@code firstReading}: those sensors continue from them. A state at or
   * after it (the run overlaps data already stored) is ignored and the sensor starts afresh.
   */
  static Map<String, SensorState> statesBefore(Map<String, SensorState> stored, Instant firstReading) {
    Map<String, SensorState> restorable = new HashMap<>();
    for (SensorState s : stored.values()) {
      if (s.timestamp().isBefore(firstReading)) {
        restorable.put(s.sensorId(), s);
      }
    }
    return restorable;
  }
}
