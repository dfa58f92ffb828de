package com.anomalywatcher.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * What a sensor needs to continue after a restart: its last reading time and value and its model
 * state as a JSON object (thermal state, drift level, anomaly cycle position...). An anomaly in
 * progress is deliberately not part of it. The store persists it as is and hands it back.
 *
 * @param stateJson JSON object written by {@link Simulation#states()}; opaque to the store
 */
public record SensorState(String sensorId, Instant timestamp, double value, String stateJson) {

  public SensorState {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(stateJson, "stateJson");
  }
}
