package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Map;

/**
 * A lamp (digital, 0/1): switched on about 15 min before the site opens and off about 20 min after
 * it closes, each edge moved by up to ±6 min from day to day. So it toggles twice a day, always
 * near the schedule edges, and never flickers or goes dark in the middle of business hours by
 * itself. Stateless apart from the demo's on/off phase (see {@link DemoScript}).
 */
final class LampModel extends SensorModel {
  private static final int CH_DAY = 20;
  private static final long MARGIN = 30 * SiteSchedule.MINUTE;

  private boolean demoDark;

  LampModel(Context context) {
    super(context);
  }

  boolean isOn(long t) {
    if (site.isAlwaysOpen()) {
      return !demoDark;
    }
    long bits = Noise.bits(seed, CH_DAY, Math.floorDiv(t, SiteSchedule.DAY));
    double early = 15 + 12 * ((bits & 0xFFFF) / 65536.0 - 0.5);
    double late = 20 + 12 * (((bits >>> 16) & 0xFFFF) / 65536.0 - 0.5);
    return site.isOpen(t, early, late);
  }

  @Override
  void start(long t) {}

  @Override
  double advance(long t, double dtMinutes) {
    return isOn(t) ? 1 : 0;
  }

  @Override
  double settleStepPerMinute() {
    return 1;
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed) {
    if (relaxed) {
      boolean on = isOn(start);
      return kind == AnomalyKind.FLICKER || (kind == AnomalyKind.STUCK_OFF) == on;
    }
    // Away from the schedule edges, so the anomaly never looks like a normal switch-over.
    boolean before = isOn(start - MARGIN);
    boolean now = isOn(start);
    boolean after = isOn(end + MARGIN);
    if (before != now || now != after) {
      return false;
    }
    return switch (kind) {
      case STUCK_OFF -> now;
      case STUCK_ON -> !now;
      default -> true;
    };
  }

  @Override
  void demoStep(long scriptStep, DemoScript script) {
    demoDark = script.isLampDark(scriptStep);
  }

  @Override
  void save(Map<String, Double> out) {}

  @Override
  void restore(Map<String, Double> in, double lastValue) {}
}
