package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The normal behaviour of one sensor: a small state machine advanced once per reading. Created
 * by the factory in its {@link SensorKind} constant; owned by the simulation thread.
 */
abstract class SensorBehaviour {

  /** What a model is built from. */
  record Context(SensorSpec spec, long seed, SiteSchedule site) {}

  /** Creates the model of one sensor; each {@link SensorKind} constant holds one. */
  @FunctionalInterface
  interface Factory {
    SensorBehaviour create(Context context);
  }

  final SensorSpec spec;
  final long seed;
  final SiteSchedule site;
  /** Realistic world: benign events, heavy-tailed noise, local schedules. */
  final boolean realistic;
  /** Benign events that started since the last step; drained by the sensor after each step. */
  final List<BenignEvent> startedBenign = new ArrayList<>(2);
  /** Time of the previous step (epoch millis), {@code Long.MIN_VALUE} before the first. */
  long previousStep = Long.MIN_VALUE;

  SensorBehaviour(Context context) {
    this.spec = context.spec();
    this.seed = context.seed();
    this.site = context.site();
    this.realistic = context.site().isRealistic();
  }

  /**
   * The spread of normal readings around the local level in the current state (the noise σ of the
   * sensor there), in its unit: anomalies are sized in multiples of it ({@code --difficulty}) and
   * glitches too. Called right after {@link #advance}.
   */
  abstract double noiseSigma();

  /**
   * Whether a random anomaly of {@code kind} may start at {@code start} in the realistic world,
   * where anomalies start anywhere (ramps, schedule edges, equipment off, benign events). True
   * unless the anomaly could not differ from normal at all (see the lamp).
   */
  boolean canStartAnywhere(AnomalyKind kind, long start, long end) {
    return true;
  }

  /**
   * Labels a benign event once, at the first step at or after its start: when it started after
   * the previous step, or (first step of a run) when it is still going on.
   */
  void benign(BenignKind kind, long start, long end, long t, Map<String, Double> parameters) {
    if (isFresh(start, end, t)) {
      startedBenign.add(new BenignEvent(spec.sensorId(), spec.kind().category(), kind, Instant.ofEpochMilli(start),
          Instant.ofEpochMilli(end), parameters, AnomalySource.RANDOM));
    }
  }

  /** Whether an event from {@code start} to {@code end} is to be labelled at step {@code t}. */
  boolean isFresh(long start, long end, long t) {
    if (start > t || end <= start) {
      return false;
    }
    return previousStep == Long.MIN_VALUE ? end > t : start > previousStep;
  }

  /**
   * Noise innovation: standard normal in the clean world; in the realistic world heavy-tailed (a
   * scale mixture: 4 % of innovations 3× wider), as real sensor noise is.
   */
  double innovation(long bits) {
    double g = Noise.gauss(bits);
    if (realistic && (Noise.mix(bits) & 0xFF) < 10) {
      return 3 * g;
    }
    return g;
  }

  /** Puts the model in the state it would have after running normally up to {@code t}. */
  abstract void start(long t);

  /**
   * Advances the state to {@code t} (epoch millis), {@code dtMinutes} after the previous reading
   * (0 right after {@link #start}), and returns the normal value at {@code t}, inside the range.
   */
  abstract double advance(long t, double dtMinutes);

  /**
   * Whether a random anomaly of {@code kind} may run from {@code start} to {@code end} so that it
   * is clearly visible (e.g. stuck_off only while the lamp would be on, away from switch times).
   * {@code relaxed} (high rates only): it is enough that it shows from its first reading. Called
   * right after {@link #advance} at {@code start}.
   */
  abstract boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed);

  /**
   * The largest change per minute this sensor shows in normal steady operation: an anomaly's
   * settling tail ends once its deviation is this small, so leaving an episode is never a jump.
   */
  abstract double settleStepPerMinute();

  /** Writes the continuation state (not the anomaly in progress) into {@code out}. */
  abstract void save(Map<String, Double> out);

  /** Restores what {@link #save} wrote; {@code lastValue} is the last stored reading. */
  abstract void restore(Map<String, Double> in, double lastValue);

  /** Demo mode tells the model where the script is (see {@link DemoScript}); most ignore it. */
  void demoStep(long scriptStep, DemoScript script) {}

  static double get(Map<String, Double> in, String key, double fallback) {
    Double v = in.get(key);
    return v == null || !Double.isFinite(v) ? fallback : v;
  }

  static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }

  static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  /** Ornstein-Uhlenbeck step: mean-reverting noise with exact discretisation for any dt. */
  static double ou(double x, double dtMinutes, double tauMinutes, double sigma, double gauss) {
    if (dtMinutes <= 0) {
      return x;
    }
    double a = Math.exp(-dtMinutes / tauMinutes);
    return x * a + sigma * Math.sqrt(1.0 - a * a) * gauss;
  }
}
