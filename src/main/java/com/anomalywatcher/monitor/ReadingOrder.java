package com.anomalywatcher.monitor;

import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.store.WatchStore.Sample;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The order detectors see readings in: by time, and at equal times by sensor kind (a fan switch
 * before its fan speed sensor, so the speed is judged against the switch's current state).
 */
final class ReadingOrder {
  private ReadingOrder() {}

  static void sort(List<Sample> samples) {
    samples.sort(Comparator.comparing(Sample::timestamp)
        .thenComparingInt(s -> kindOf(s.sensorId()).map(Enum::ordinal).orElse(Integer.MAX_VALUE))
        .thenComparing(Sample::sensorId));
  }

  static Optional<SensorKind> kindOf(String sensorId) {
    try {
      return Optional.of(SensorKind.ofSensorId(sensorId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
