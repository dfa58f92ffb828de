package com.anomalywatcher.anomaly;

import java.util.Locale;

/** Why an anomaly episode happened; stored in {@code anomaly_events.source}. */
public enum AnomalySource {
  /** Drawn by the injector at the configured {@code --anomaly-rate}. */
  RANDOM,
  /** Part of the scripted {@code --demo} sequence. */
  DEMO,
  /** Requested with {@code anomaly force} from another terminal. */
  FORCED,
  /**
   * Not injected: readings a live generator made but dropped because the database was unavailable
   * for longer than its buffer holds (kind {@code offline}).
   */
  OUTAGE,
  /**
   * Not injected: the span a crashed generator (no record of a planned stop) produced nothing, from
   * its sensor's last stored reading to the restart (kind {@code offline}). Missing data, not a
   * fault to detect: {@code evaluate} does not count it among the episodes to find.
   */
  STOPPED;

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AnomalySource parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
