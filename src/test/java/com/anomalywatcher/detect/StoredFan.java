package com.anomalywatcher.detect;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;

/**
 * A stored fan and its site's switch (two CSV resources of {@link StoredSeries#read}), trained
 * together as the fleet trains a site, restored as saved, then scored as the monitor does: the
 * switch's reading of a minute before the fan's.
 */
final class StoredFan {
  private static final String SITE = "site";

  private StoredFan() {}

  /**
   * The fan's readings scored at or above the alert level after {@code trained} minutes of
   * training from {@code start}.
   */
  static List<StoredSeries.Alert> alerts(String fanId, String fanResource, String switchId,
      String switchResource, ZoneId zone, Instant start, int trained) throws IOException {
    return alerts(fanId, fanResource, switchId, switchResource, zone, start, trained, (minute, rpm) -> rpm);
  }

  /**
   * As {@link #alerts(String, String, String, String, ZoneId, Instant, int)}, each scored fan
   * reading replaced by {@code change.applyAsDouble(minute, stored rpm)} ({@code zone} null: a site
   * whose metadata names none).
   */
  static List<StoredSeries.Alert> alerts(String fanId, String fanResource, String switchId,
      String switchResource, ZoneId zone, Instant start, int trained, DoubleBinaryOperator change)
      throws IOException {
    TreeMap<Integer, double[]> byMinute = new TreeMap<>();
    for (double[] r : StoredSeries.read(switchResource)) {
      byMinute.computeIfAbsent((int) r[0], k -> new double[] {Double.NaN, Double.NaN})[0] = r[1];
    }
    for (double[] r : StoredSeries.read(fanResource)) {
      byMinute.computeIfAbsent((int) r[0], k -> new double[] {Double.NaN, Double.NaN})[1] = r[1];
    }
    SensorDetector fan = SensorDetector.fresh(
        new SensorDescription(Category.FAN, SensorType.ANALOG, "rpm", 0, 1000, zone), fanId);
    SensorDetector sw = SensorDetector.fresh(
        new SensorDescription(Category.FAN, SensorType.DIGITAL, "io", 0, 1, zone), switchId);
    FleetDetector fleet = new FleetDetector();
    fleet.add(switchId, SITE, sw);
    fleet.add(fanId, SITE, fan);
    List<StoredSeries.Alert> alerts = new ArrayList<>();
    boolean restored = false;
    for (var e : byMinute.entrySet()) {
      int m = e.getKey();
      Instant at = start.plusSeconds(60L * m);
      double[] v = e.getValue();
      if (m < trained) {
        if (!Double.isNaN(v[0])) {
          fleet.train(switchId, at, v[0]);
        }
        if (!Double.isNaN(v[1])) {
          fleet.train(fanId, at, v[1]);
        }
        continue;
      }
      if (!restored) {
        fleet = new FleetDetector();
        fleet.add(switchId, SITE, StoredSeries.restoredAsSaved(sw, switchId, start, at));
        fleet.add(fanId, SITE, StoredSeries.restoredAsSaved(fan, fanId, start, at));
        restored = true;
      }
      if (!Double.isNaN(v[0])) {
        fleet.observe(switchId, at, v[0]);
      }
      if (!Double.isNaN(v[1])) {
        Detection d = fleet.observe(fanId, at, change.applyAsDouble(m, v[1]));
        if (d.score() >= 0.7) {
          alerts.add(new StoredSeries.Alert(m, d));
        }
      }
    }
    return alerts;
  }
}
