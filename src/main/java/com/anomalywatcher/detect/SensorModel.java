package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A saved per-sensor model: metadata plus the detector state to restore. */
public record SensorModel(ModelMetadata metadata, SensorDetectorState state) {
  public SensorModel {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(state, "state");
  }

  /** The values the model learned as normal at one instant. */
  public record ExpectedRange(Instant at, double low, double high) {}

  /**
   * The expected band at each of {@code times}: the lowest and highest levels an analog sensor's
   * model learned as normal around that time of day (its 10-minute slots, UTC). Instants where it
   * learned too little are left out; a digital sensor's model has no band (empty list).
   */
  public List<ExpectedRange> expectedBand(List<Instant> times) {
    if (state.analog() == null || state.analog().levels() == null) {
      return List.of();
    }
    LevelProfile levels = LevelProfile.restore(new DayClock(state.sensor().zone()), state.analog().levels());
    List<ExpectedRange> out = new ArrayList<>(times.size());
    for (Instant t : times) {
      double[] r = levels.range(t, ToleranceProfile.NEIGHBOUR_SLOTS);
      if (r != null) {
        out.add(new ExpectedRange(t, r[0], r[1]));
      }
    }
    return out;
  }
}
