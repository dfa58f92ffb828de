package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.ReadingStore.Sample;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order detectors see readings in: by time, and at equal times a fan switch before the other
 * sensors (so a fan speed is judged against its switch's current state), then by sensor id. Not
 * thread-safe; owned by the thread that fills it.
 */
final class ReadingOrder {
  private final Map<String, Integer> rank = new HashMap<>();
  private final Comparator<Sample> order = Comparator.comparing(Sample::timestamp)
      .thenComparingInt((Sample s) -> rank.getOrDefault(s.sensorId(), 1))
      .thenComparing(Sample::sensorId);

  /** Notes a sensor's description (its rank at equal timestamps). */
  void add(String sensorId, SensorDescription sensor) {
    rank.put(sensorId, FleetDetector.isFanSwitch(sensor) ? 0 : 1);
  }

  void sort(List<Sample> samples) {
    samples.sort(order);
  }
}
