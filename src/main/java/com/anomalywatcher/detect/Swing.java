package com.anomalywatcher.detect;

/**
 * What a restless value did, for explaining a vibration: it swung between {@code low} and
 * {@code high} over its last {@code readings} readings, where it usually moves at most
 * {@code usualStep} from one reading to the next (what the sensor's history taught at this time of
 * day). An alert on such a value says this instead of the single reading it opened on, which shows
 * only one end of the swing (a stopped fan that vibrates reads 0 half the time).
 *
 * @param low the lowest of the readings judged, in the sensor's unit
 * @param high the highest of the readings judged
 * @param readings how many readings were judged
 * @param usualStep the largest step between readings that is normal at this time, in the sensor's unit
 */
public record Swing(double low, double high, int readings, double usualStep) {
  /**
   * The swing kept inside [{@code min}, {@code max}] (the sensor's physical range), its usual step no
   * wider than {@code width} (the span of what the sensor has shown): no number it states can lie
   * outside what the sensor can show.
   */
  Swing within(double min, double max, double width) {
    double lo = Math.max(min, Math.min(max, low));
    double hi = Math.max(min, Math.min(max, high));
    double step = Math.min(usualStep, Math.min(width, max - min));
    return new Swing(lo, hi, readings, Math.max(0, step));
  }
}
