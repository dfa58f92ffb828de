package com.anomalywatcher.detect;

import static com.anomalywatcher.detect.Robust.quantile;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.Arrays;

/**
 * An oven's or heater's level its training history never came near, reached slowly: the blind spot
 * of the checks that judge steps, held shifts and swings against the levels usual at the hour (a
 * decline over hours or days has no step to judge). From training it keeps the range the readings
 * showed (robust: the {@value #LOW_QUANTILE} and 1 − {@value #LOW_QUANTILE} quantiles), a margin
 * beyond it of {@value #RANGE_FRACTION} of that range (at least {@value #NOISE_SIGMAS} times the
 * noise of a step), and how fast the sensor's level usually moves at its fastest (the
 * {@value #FAST_QUANTILE} quantile of the change over {@value #LAG} readings, per second).
 *
 * <p>A reading beyond the margin alerts once readings have stayed beyond it for {@value #HELD_READINGS}
 * readings and at least an hour, if the excursion took at least {@value #SLOW_FACTOR} times as long to
 * get from the shown range to the margin as the sensor's fastest moves would: a setpoint changed by
 * staff, a warm-up or a cleaning cycle gets there at the speed of the controller (and a step the
 * other checks judge does too), a fault that creeps does not. The slowness is judged once per
 * excursion, from the last reading inside the shown range. The expected range it gives is the shown
 * one; a reading back inside it from an excursion this check alerted ends that excursion
 * ({@link #isBackFromAlerted}). A model saved before this check existed has no state for it: the check judges nothing until
 * retrained, as does one trained on fewer than {@value #MIN_READINGS} readings. Not thread-safe;
 * owned by its {@link AnalogCheck}.
 */
final class UnseenLevelCheck implements PluggedCheck.OwnKindCheck {
  static final double LOW_QUANTILE = 0.001;
  static final double RANGE_FRACTION = 0.5;
  static final double NOISE_SIGMAS = 4;
  static final double FAST_QUANTILE = 0.99;
  static final int LAG = 10;
  static final int HELD_READINGS = 5;
  static final long HELD_SECONDS = 3600;
  static final double SLOW_FACTOR = 3;
  static final int MIN_READINGS = 100;
  /** Readings the training samples keep at most (evenly spaced: every reading, then every 2nd, ...). */
  static final int SAMPLE = 8192;

  /** What training learned; null while training, or when it learned too little. */
  private State learned;
  private Training training;

  // running state of judging
  private Instant lastShown;
  /** Whether the current excursion was slow, null until it reached the margin. */
  private Boolean slow;
  private Instant beyondSince;
  private int beyondReadings;
  /** Whether this check alerted since the readings last were inside the shown range. */
  private boolean alerted;

  /**
   * Saved form: the shown range ({@code low}–{@code high}), the margin beyond it, the fastest usual
   * change per second, and the readings it was learned from.
   */
  record State(double low, double high, double margin, double fastPerSecond, long readings)
      implements LearnedState {
    @Override
    public boolean usable() {
      return readings >= MIN_READINGS && margin > 0 && fastPerSecond > 0;
    }
  }

  UnseenLevelCheck(State learned) {
    this.learned = learned;
  }

  @Override
  public State state() {
    finishTraining();
    return learned;
  }

  @Override
  public void restart() {
    if (training != null) {
      training.restart();
    }
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    if (r.training()) {
      if (training == null) {
        training = new Training();
      }
      training.note(r.at(), r.value());
      return null;
    }
    finishTraining();
    if (learned == null) {
      return null;
    }
    return judge(r.at(), r.value(), r);
  }

  private Finding judge(Instant at, double value, Reading r) {
    if (isShown(value)) {
      lastShown = at;
      slow = null;
      alerted = false;
    }
    if (!isUnseen(value)) {
      beyondSince = null;
      beyondReadings = 0;
      return null;
    }
    if (slow == null) {
      double seconds = lastShown == null ? Double.POSITIVE_INFINITY : Millis.between(lastShown, at) / 1000.0;
      slow = seconds >= SLOW_FACTOR * learned.margin() / learned.fastPerSecond();
    }
    if (beyondSince == null) {
      beyondSince = at;
    }
    beyondReadings++;
    if (!slow || beyondReadings < HELD_READINGS || Millis.between(beyondSince, at) < HELD_SECONDS * 1000) {
      return null;
    }
    double limit = value > learned.high() ? learned.high() + learned.margin() : learned.low() - learned.margin();
    double excess = Math.abs(value - limit) / learned.margin();
    alerted = true;
    return new Finding(Math.min(1, 0.75 + 0.25 * excess), AnomalyKind.DRIFT, r.sensor().clamp(learned.low()),
        r.sensor().clamp(learned.high()));
  }

  /** Whether the value lies within the range the training history showed (false before training). */
  boolean isShown(double value) {
    return learned != null && value >= learned.low() && value <= learned.high();
  }

  /**
   * Whether {@code value} is back inside the shown range from an excursion this check alerted (asked
   * before the check judges {@code value}): the end of that excursion, not a step away from it.
   */
  boolean isBackFromAlerted(double value) {
    return alerted && isShown(value);
  }

  /** Whether the value lies beyond the shown range by more than the margin (false before training). */
  private boolean isUnseen(double value) {
    return learned != null
        && (value > learned.high() + learned.margin() || value < learned.low() - learned.margin());
  }

  /** The low end of the shown range, NaN before training. */
  double low() {
    return learned == null ? Double.NaN : learned.low();
  }

  /** The high end of the shown range, NaN before training. */
  double high() {
    return learned == null ? Double.NaN : learned.high();
  }

  private void finishTraining() {
    if (training != null) {
      learned = LearnedState.ifUsable(training.learned());
      training = null;
    }
  }

  /** The training history as samples of its values, steps and changes over {@value #LAG} readings. */
  private static final class Training {
    private final Sample values = new Sample();
    private final Sample steps = new Sample();
    private final Sample rates = new Sample();
    private final double[] recentValues = new double[LAG];
    private final long[] recentMillis = new long[LAG];
    private int recent;
    private long readings;

    void restart() {
      recent = 0;
    }

    void note(Instant at, double value) {
      readings++;
      values.add(value);
      int slot = recent % LAG;
      if (recent > 0) {
        int previous = (recent - 1) % LAG;
        steps.add(Math.abs(value - recentValues[previous]));
      }
      if (recent >= LAG) {
        long millis = at.toEpochMilli() - recentMillis[slot];
        if (millis > 0) {
          rates.add(Math.abs(value - recentValues[slot]) * 1000.0 / millis);
        }
      }
      recentValues[slot] = value;
      recentMillis[slot] = at.toEpochMilli();
      recent++;
    }

    State learned() {
      if (values.size() == 0 || rates.size() == 0) {
        return new State(Double.NaN, Double.NaN, 0, 0, readings);
      }
      double[] v = values.sorted();
      double low = quantile(v, LOW_QUANTILE);
      double high = quantile(v, 1 - LOW_QUANTILE);
      double noise = steps.size() == 0 ? 0 : Robust.noiseFromMedianStep(quantile(steps.sorted(), 0.5));
      double margin = Math.max(NOISE_SIGMAS * noise, RANGE_FRACTION * (high - low));
      return new State(low, high, margin, quantile(rates.sorted(), FAST_QUANTILE), readings);
    }
  }

  /** An evenly spaced sample of at most {@value #SAMPLE} of the values added: each {@code stride}-th one. */
  private static final class Sample {
    private double[] kept = new double[SAMPLE];
    private int size;
    private int stride = 1;
    private long seen;

    void add(double v) {
      if (seen++ % stride != 0) {
        return;
      }
      if (size == SAMPLE) {
        for (int i = 0; i < SAMPLE / 2; i++) {
          kept[i] = kept[2 * i];
        }
        size = SAMPLE / 2;
        stride *= 2;
        if ((seen - 1) % stride != 0) {
          return;
        }
      }
      kept[size++] = v;
    }

    int size() {
      return size;
    }

    double[] sorted() {
      double[] s = Arrays.copyOf(kept, size);
      Arrays.sort(s);
      return s;
    }
  }

}
