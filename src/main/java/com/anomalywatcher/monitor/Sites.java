package com.anomalywatcher.monitor;

import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.SensorSite;

/**
 * Which site a sensor is on, by the rule the dashboard follows too ({@link SensorSite}): the site its
 * metadata names within its set (the set it is registered in, else the set name its metadata gives),
 * or, when its metadata names no site, a site of its own. A fan switch and a fan speed sensor on one
 * site are a pair. The key is held in memory only (saved running state and models are per sensor),
 * so its text may change.
 */
final class Sites {
  private Sites() {}

  static String siteOf(SensorRow r) {
    return SensorSite.of(r.sensorId(), r.location(), r.sensorSet(), r.metadataJson()).key();
  }
}
