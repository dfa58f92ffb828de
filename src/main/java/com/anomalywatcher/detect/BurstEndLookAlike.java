package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A particulate sensor's burst ending on a background that fell while the burst lasted, taken by
 * {@link PlateauCheck} for a held fall. The plateau check measures the fall from its baseline
 * readings, which the burst fills, so a burst that decays to a background lower than the one it
 * rose from looks like a level dropping by the burst's height and the background's fall together.
 * Such a fall opens nothing when both hold:
 *
 * <ul>
 *   <li>it ends an excursion: the baseline readings rose above the level before them (the lowest of
 *       the {@value #BEFORE} readings before the baseline) by at least the fall found;
 *   <li>the background's fall from that level to the held one (lowest to lowest, so a burst feeds
 *       neither) is no larger than the typical day's largest fall of the same measure in the
 *       sensor's training history (the median over its UTC days).
 * </ul>
 *
 * A level dropping from a flat background (a calibration error) rose from nothing and is judged as
 * before; so is a fall beyond what the background's own falls reach on a typical day. B2's clean
 * world, seed 31 at 2026-07-01T12:00Z: {@code pm-restaurant-5f598a}'s burst from 29–30 to 34.1
 * decayed to 24.5–26.1 (docs/ACCURACY.md, "A burst ending on a lower background"). Learns from
 * every training reading; a model saved before this check learned nothing and explains nothing.
 * Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class BurstEndLookAlike implements PluggedCheck.LookAlikeCheck {
  /** Readings before the plateau check's baseline whose lowest is the level the burst rose from. */
  static final int BEFORE = 20;
  /** Readings the fall spans: the level before, the plateau check's baseline and its held readings. */
  static final int SPAN = BEFORE + LevelShift.BEFORE + PlateauCheck.HELD;

  /** What it learned: per UTC day of the training history (epoch day), the background's largest fall. */
  record State(long[] days, double[] falls) {
    State {
      if (days.length != falls.length) {
        throw new IllegalArgumentException("days and falls must be as many, got " + days.length + " and "
            + falls.length);
      }
      days = days.clone();
      falls = falls.clone();
    }
  }

  private final Map<Long, Double> largest = new HashMap<>();
  private final RecentReadings recent = new RecentReadings(SPAN, 0);
  private double typical = Double.NaN;

  BurstEndLookAlike() {}

  static BurstEndLookAlike restore(State s) {
    BurstEndLookAlike c = new BurstEndLookAlike();
    for (int i = 0; i < s.days().length; i++) {
      c.largest.put(s.days()[i], s.falls()[i]);
    }
    return c;
  }

  @Override
  public State state() {
    long[] days = new long[largest.size()];
    double[] falls = new double[largest.size()];
    int i = 0;
    for (Map.Entry<Long, Double> e : largest.entrySet()) {
      days[i] = e.getKey();
      falls[i++] = e.getValue();
    }
    return new State(days, falls);
  }

  @Override
  public void restart() {
    recent.restart();
  }

  @Override
  public void note(PluggedCheck.Reading r) {
    recent.add(r.value());
    if (r.training() && recent.full()) {
      largest.merge(Math.floorDiv(r.at().getEpochSecond(), 86_400L), backgroundFall(), Math::max);
      typical = Double.NaN;
    }
  }

  /** The lowest of the readings before the baseline minus the lowest of the held ones, in a full window. */
  private double backgroundFall() {
    return recent.lowest(0, BEFORE) - recent.lowest(SPAN - PlateauCheck.HELD, SPAN);
  }

  @Override
  public boolean explains(PluggedCheck.Reading r, StepCheck.Step step, PluggedCheck.HeldStepCheck finder) {
    if (!(finder instanceof PlateauCheck) || !(step.shift() < 0) || !recent.full() || largest.isEmpty()) {
      return false;
    }
    double rose = recent.highest(BEFORE, BEFORE + LevelShift.BEFORE) - recent.lowest(0, BEFORE);
    return rose >= -step.shift() && backgroundFall() <= typicalFall();
  }

  /** The median over the training days of each day's largest background fall. */
  private double typicalFall() {
    if (Double.isNaN(typical)) {
      double[] falls = largest.values().stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(falls);
      int n = falls.length;
      typical = n % 2 == 1 ? falls[n / 2] : (falls[n / 2 - 1] + falls[n / 2]) / 2;
    }
    return typical;
  }

  @Override
  public boolean explainsHold(PluggedCheck.Reading r, double baseline, double deviation) {
    return false;
  }
}
