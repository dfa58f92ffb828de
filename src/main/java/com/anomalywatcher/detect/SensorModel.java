package com.anomalywatcher.detect;

import java.util.Objects;

/** A saved per-sensor model: metadata plus the detector state to restore. */
public record SensorModel(ModelMetadata metadata, SensorDetectorState state) {
  public SensorModel {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(state, "state");
  }
}
