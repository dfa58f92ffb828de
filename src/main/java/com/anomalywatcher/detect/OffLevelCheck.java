package com.anomalywatcher.detect;

import static com.anomalywatcher.detect.Robust.quantile;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * An oven switched off whose reading creeps away from the level it settles at, at that local time of
 * day, on the days of its history. A switched-off oven sits at room temperature: its level moves with
 * the kitchen's air by a fraction of a degree from day to day, and only a warm-up, a cleaning cycle or
 * a cool-down moves it further, each far above the settled level. A probe that drifts while the oven
 * is off moves that settled level by a degree or more over hours, inside every range the working
 * oven's history covers (the range-based checks cannot see it) and too slowly for any step check.
 *
 * <p>From training it learns where the oven settles when off: below {@value #SETTLED_FRACTION} of the
 * way from the history's {@value #LOW_QUANTILE} quantile to its 1 − {@value #LOW_QUANTILE} quantile
 * (the off level and the working level), for {@value #SETTLED_READINGS} readings on end (so no warm-up,
 * cleaning or cool-down of the last hours is in it). For every local 10-minute slot it keeps the median
 * and the robust spread (1.4826 × MAD) of the settled level (median of the last {@value #LEVEL_READINGS}
 * readings, sampled every {@value #SAMPLE_EVERY} readings) of the days of the history, pooled over the
 * slot and its two neighbours; a slot needs {@value #MIN_SAMPLES} such levels (about five days).
 *
 * <p>When the oven is settled off, a level more than {@value #SPREADS} spreads (at least the history's
 * smallest step, its resolution) from the slot's median, on one side for {@value #HELD_SECONDS} s on
 * end, alerts {@code drift} once per excursion, with the level, the usual one and its spread in the
 * explanation (no expected range: the newest reading alone may still lie in it). Gaps keep the
 * remembered readings. A model saved before this check existed, or trained on fewer than
 * {@value #MIN_READINGS} readings, judges nothing. Only ovens (an off state at room temperature is
 * part of their description); not thread-safe; owned by its {@link AnalogCheck}.
 */
final class OffLevelCheck implements PluggedCheck.OwnKindCheck {
  static final double LOW_QUANTILE = 0.05;
  static final double SETTLED_FRACTION = 0.1;
  static final int SETTLED_READINGS = 180;
  static final int LEVEL_READINGS = 30;
  static final int SAMPLE_EVERY = 5;
  static final int MIN_SAMPLES = 25;
  static final double SPREADS = 6;
  static final long HELD_SECONDS = 40 * 60;
  static final long MIN_READINGS = 1000;
  /** Training samples kept at most (two weeks of 1-minute readings every 5th reading, several times over). */
  private static final int MAX_SAMPLES = 1 << 15;
  /** Room for the first training samples; doubled as they come. */
  private static final int FIRST_SAMPLES = 1024;

  private final DayClock clock;
  private State learned;

  // training samples: value of every reading sampled, and the settled level with its slot; empty until
  // the first one, so a restored check, which never trains, holds none of them (14 KB an oven)
  private float[] values = new float[0];
  private float[] levels = new float[0];
  private float[] highest = new float[0];
  private short[] slots = new short[0];
  private int samples;
  private long trainingReadings;
  private double smallestStep = Double.POSITIVE_INFINITY;

  private final double[] ring = new double[SETTLED_READINGS];
  private int head = -1;
  private int size;
  private long sinceSample;

  // running state of judging
  private Instant beyondSince;
  private double beyondSign;
  private boolean alerted;

  /**
   * Saved form: per local 10-minute slot the median and robust spread of the settled off level (NaN
   * where the history had too few), the level below which the oven counts as off, the history's
   * smallest step and the readings learned from.
   */
  record State(float[] median, float[] spread, double offBelow, double resolution, long readings)
      implements LearnedState {
    @Override
    public boolean usable() {
      return readings >= MIN_READINGS && median != null && spread != null && median.length == DayClock.SLOTS
          && spread.length == DayClock.SLOTS && Double.isFinite(offBelow) && resolution > 0
          && Double.isFinite(resolution);
    }
  }

  OffLevelCheck(DayClock clock, State learned) {
    this.clock = clock;
    this.learned = learned;
  }

  @Override
  public State state() {
    finishTraining();
    return learned;
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    if (size > 0 && r.training()) {
      double step = Math.abs(r.value() - ring[head]);
      if (step > 0) {
        smallestStep = Math.min(smallestStep, step);
      }
    }
    push(r.value());
    if (r.training()) {
      trainingReadings++;
      if (size == SETTLED_READINGS && ++sinceSample >= SAMPLE_EVERY) {
        sinceSample = 0;
        sample(clock.slotOf(r.at()), r.value());
      }
      return null;
    }
    finishTraining();
    if (learned == null || size < SETTLED_READINGS) {
      return null;
    }
    return judge(r);
  }

  private Finding judge(Reading r) {
    int slot = clock.slotOf(r.at());
    double median = learned.median()[slot];
    double spread = Math.max(learned.spread()[slot], learned.resolution());
    // the newest reading alone shows most working hours: the scan of the last readings only when it is low
    if (!Double.isFinite(median) || r.value() >= learned.offBelow() || highest() >= learned.offBelow()) {
      beyondSince = null;
      alerted = false;
      return null;
    }
    double level = level();
    double z = (level - median) / spread;
    if (Math.abs(z) < SPREADS) {
      beyondSince = null;
      alerted = false;
      return null;
    }
    if (beyondSince == null || Math.signum(z) != beyondSign) {
      beyondSince = r.at();
      beyondSign = Math.signum(z);
      alerted = false;
      return null;
    }
    if (alerted || r.at().getEpochSecond() - beyondSince.getEpochSecond() < HELD_SECONDS) {
      return null;
    }
    alerted = true;
    double score = Math.min(1, 0.75 + 0.25 * (Math.abs(z) - SPREADS) / SPREADS);
    return new Finding(score, AnomalyKind.DRIFT, Double.NaN, Double.NaN, String.format(Locale.ROOT,
        "switched off, its level %.1f over the last %d readings, where off at this time of day it settles at %.1f "
            + "(spread %.2f between days)", level, LEVEL_READINGS, median, spread));
  }

  private void sample(int slot, double value) {
    if (samples == MAX_SAMPLES) {
      return;
    }
    if (samples == values.length) {
      int room = Math.max(FIRST_SAMPLES, samples * 2);
      values = Arrays.copyOf(values, room);
      levels = Arrays.copyOf(levels, room);
      highest = Arrays.copyOf(highest, room);
      slots = Arrays.copyOf(slots, room);
    }
    values[samples] = (float) value;
    levels[samples] = (float) level();
    highest[samples] = (float) highest();
    slots[samples] = (short) slot;
    samples++;
  }

  private void finishTraining() {
    if (trainingReadings == 0) {
      return;
    }
    State s = null;
    if (samples > 0) {
      double[] all = new double[samples];
      for (int i = 0; i < samples; i++) {
        all[i] = values[i];
      }
      Arrays.sort(all);
      double low = quantile(all, LOW_QUANTILE);
      double high = quantile(all, 1 - LOW_QUANTILE);
      double offBelow = low + SETTLED_FRACTION * (high - low);
      float[] median = new float[DayClock.SLOTS];
      float[] spread = new float[DayClock.SLOTS];
      for (int slot = 0; slot < DayClock.SLOTS; slot++) {
        double[] near = settledNear(slot, offBelow);
        if (near.length < MIN_SAMPLES) {
          median[slot] = Float.NaN;
          spread[slot] = Float.NaN;
          continue;
        }
        Arrays.sort(near);
        double m = quantile(near, 0.5);
        double[] dev = new double[near.length];
        for (int i = 0; i < near.length; i++) {
          dev[i] = Math.abs(near[i] - m);
        }
        Arrays.sort(dev);
        median[slot] = (float) m;
        spread[slot] = (float) (1.4826 * quantile(dev, 0.5));
      }
      s = new State(median, spread, offBelow, smallestStep, trainingReadings);
    }
    learned = LearnedState.ifUsable(s);
    trainingReadings = 0;
    samples = 0;
    values = new float[0];
    levels = new float[0];
    highest = new float[0];
    slots = new short[0];
  }

  /** Training samples there is room for now: 0 before training and after it (heap, for tests). */
  int sampleRoom() {
    return values.length;
  }

  /** The settled levels sampled in {@code slot} and its two neighbours. */
  private double[] settledNear(int slot, double offBelow) {
    double[] out = new double[samples];
    int n = 0;
    for (int i = 0; i < samples; i++) {
      int d = Math.floorMod(slots[i] - slot, DayClock.SLOTS);
      if ((d <= 1 || d == DayClock.SLOTS - 1) && highest[i] < offBelow) {
        out[n++] = levels[i];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The median of the newest {@value #LEVEL_READINGS} readings. */
  private double level() {
    double[] last = new double[LEVEL_READINGS];
    for (int k = 0; k < LEVEL_READINGS; k++) {
      last[k] = ring[Math.floorMod(head - k, SETTLED_READINGS)];
    }
    Arrays.sort(last);
    return (last[LEVEL_READINGS / 2 - 1] + last[LEVEL_READINGS / 2]) / 2;
  }

  /** The highest of the newest {@value #SETTLED_READINGS} readings. */
  private double highest() {
    double h = Double.NEGATIVE_INFINITY;
    for (double v : ring) {
      h = Math.max(h, v);
    }
    return h;
  }

  private void push(double value) {
    head = (head + 1) % SETTLED_READINGS;
    ring[head] = value;
    size = Math.min(size + 1, SETTLED_READINGS);
  }
}
