package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Map;

/**
 * A fan's on/off switch (digital, 0/1): on from 10 min before the site opens to 15 min after it
 * closes. A pure function of the site schedule, so the site's fan speed sensor computes the same
 * state without sharing anything with this sensor. Gets no anomalies of its own.
 */
final class FanSwitchBehaviour extends SensorBehaviour {

  FanSwitchBehaviour(Context context) {
    super(context);
  }

  /** The switch state of the site's fan at t. */
  static boolean isOn(SiteSchedule site, long t) {
    return site.isOpen(t, 10, 15);
  }

  @Override
  void start(long t) {}

  @Override
  double advance(long t, double dtMinutes) {
    return isOn(site, t) ? 1 : 0;
  }

  @Override
  double noiseSigma() {
    return 0;
  }

  @Override
  double settleStepPerMinute() {
    return 1;
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed) {
    return false;
  }

  @Override
  void save(Map<String, Double> out) {}

  @Override
  void restore(Map<String, Double> in, double lastValue) {}
}
