package com.anomalywatcher.detect;

import java.time.Instant;

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
 * decayed to 24.5–26.1 (docs/accuracy-log.md, "A burst ending on a lower background"). Learns from
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

  private final DailyLargest largest;
  private final RecentReadings recent = new RecentReadings(SPAN, 0);

  BurstEndLookAlike() {
    this(new DailyLargest());
  }

  private BurstEndLookAlike(DailyLargest largest) {
    this.largest = largest;
  }

  static BurstEndLookAlike restore(State s) {
    return new BurstEndLookAlike(DailyLargest.of(s.days(), s.falls()));
  }

  @Override
  public State state() {
    return new State(largest.days(), largest.values());
  }

  @Override
  public void restart() {
    recent.restart();
  }

  @Override
  public void note(PluggedCheck.Reading r) {
    recent.add(r.value());
    if (r.training() && recent.full()) {
      largest.add(Math.floorDiv(r.at().getEpochSecond(), 86_400L), backgroundFall());
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
    // the typical day: the median over the training days of each day's largest background fall
    return rose >= -step.shift() && backgroundFall() <= largest.median();
  }

  @Override
  public boolean explainsHold(PluggedCheck.Reading r, double baseline, double deviation) {
    return false;
  }
}
