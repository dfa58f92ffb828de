package com.anomalywatcher.detect;

import com.anomalywatcher.model.SensorDescription;
import java.util.Objects;

/**
 * The saved form of a {@link SensorDetector}: what it learned, not the running context (a
 * restored detector re-learns the last minutes by replay).
 *
 * @param sensor the sensor the detector judges
 * @param seen readings learned
 * @param analog learned residual profile of an analog sensor, null for a digital one
 * @param digital learned schedule of a digital sensor, null for an analog one
 * @param generic learned history of a generic sensor (instead of analog/digital), null otherwise
 * @param core the streaming forest of an analog sensor, null for a digital one
 * @param coreNormalMax highest forest score seen on normal (training) readings after its warm-up
 * @param coreCalibrationPoints readings behind {@code coreNormalMax}
 * @param shownMin lowest value learned as normal (+Infinity before the first)
 * @param shownMax highest value learned as normal (-Infinity before the first)
 * @param gaps how long the sensor's silences lasted in the history, null in models saved before
 */
public record SensorDetectorState(
    SensorDescription sensor, long seen, AnalogCheck.State analog, DigitalCheck.State digital,
    GenericCheck.State generic, StreamingDetectorState core, double coreNormalMax, long coreCalibrationPoints,
    double shownMin, double shownMax, GapProfile.State gaps) {
  public SensorDetectorState {
    Objects.requireNonNull(sensor, "sensor");
  }
}
