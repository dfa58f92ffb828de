package com.anomalywatcher.cli;

/**
 * One default per concept, shared by every command that has the option (the README's defaults
 * table lists them). Strings, because picocli annotations take them as text.
 */
final class Defaults {
  /** Expected fraction of readings inside an anomaly ({@code --anomaly-rate}). */
  static final String ANOMALY_RATE = "0.02";
  /** Alert threshold on the detector's score ({@code --threshold}). */
  static final String THRESHOLD = "0.7";
  /** How many sensors a generator drives ({@code --sensors}). */
  static final String SENSORS = "6";
  /** The sensor set a generator uses when none is named ({@code --set}). */
  static final String SENSOR_SET = "default";

  private Defaults() {}
}
