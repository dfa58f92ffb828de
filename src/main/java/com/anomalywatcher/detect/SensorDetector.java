package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The product detector of one sensor: the domain checks of its category ({@link AnalogCheck},
 * {@link DigitalCheck}) for the sensors the watcher knows; for a generic sensor, where no domain
 * check can judge, the {@link GenericCheck} combined with the streaming Random Cut Forest core
 * ({@link StreamingDetector}), graded against the highest forest score it produced on normal
 * readings (calibrated without labels on the training history, or on its first
 * {@value #CORE_CALIBRATION} readings when it started cold). Known analog sensors carry no forest:
 * measured on the realistic world (D1, seed 1234, 60 sensors) it changed no detection (recall 0.685
 * either way, precision 0.740 with it, 0.744 without) while it was 99 % of a model's bytes and of
 * the training time (docs/performance-log.md).
 *
 * <p>A restored (trained) detector keeps its domain profile as trained, so a restarted monitor
 * judges exactly like one that kept running; the forest keeps learning. A detector without a
 * trained model warms up online and learns its profile from the readings it judges normal: it scores 0 ({@link Detection#ready()}
 * false) until it has learned {@value #WARMUP_READINGS} readings. Not thread-safe: one owning
 * thread feeds it readings in time order.
 */
public final class SensorDetector {
  /** Readings a cold detector learns before it scores. */
  public static final int WARMUP_READINGS = 12;
  /** Forest readings (after its own warm-up) that calibrate its normal maximum. */
  static final int CORE_CALIBRATION = 1000;

  private final SensorDescription sensor;
  private final AnalogCheck analog;
  private final DigitalCheck digital;
  /** The domain check of a generic sensor (instead of analog/digital), null otherwise. */
  private final GenericCheck generic;
  private final StreamingDetector core;
  private double coreNormalMax;
  private long coreCalibrationPoints;
  private long seen;
  /** Lowest and highest value learned as normal: what the sensor has shown (bounds expected ranges). */
  private double shownMin;
  private double shownMax;
  /** Restored from a trained model: its domain profile stays as trained (retrain to update it). */
  private final boolean trained;
  /** How long the sensor's silences normally last (the monitor's offline limit). */
  private final GapProfile gaps;
  /** The last reading {@link #observe}d with the end-of-pass verdict on it, null when none; never saved. */
  private transient PassEnd passEnd;

  /**
   * The verdict the end of a {@code monitor --once} pass gives a sensor's last reading scored
   * ({@link #atPassEnd()}).
   */
  public record PassEnd(Instant at, double value, Detection detection) {}

  private SensorDetector(SensorDescription sensor, AnalogCheck analog, DigitalCheck digital, GenericCheck generic,
      StreamingDetector core, double coreNormalMax, long coreCalibrationPoints, long seen, double shownMin,
      double shownMax, boolean trained, GapProfile gaps) {
    this.gaps = gaps;
    this.shownMin = shownMin;
    this.shownMax = shownMax;
    this.trained = trained;
    this.generic = generic;
    this.sensor = sensor;
    this.analog = analog;
    this.digital = digital;
    this.core = core;
    this.coreNormalMax = coreNormalMax;
    this.coreCalibrationPoints = coreCalibrationPoints;
    this.seen = seen;
  }

  /** A cold detector for the described sensor (seeded from the sensor id: reproducible). */
  public static SensorDetector fresh(SensorDescription sensor, String sensorId) {
    Objects.requireNonNull(sensor, "sensor");
    boolean isDigital = sensor.isDigital();
    if (sensor.generic()) {
      StreamingDetector core = isDigital ? null
          : new StreamingDetector(StreamingDetectorSettings.defaults(), sensorId.hashCode() * 0x9E3779B97F4A7C15L);
      return new SensorDetector(sensor, null, null, new GenericCheck(sensor), core, 0, 0, 0,
          Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false, new GapProfile());
    }
    return new SensorDetector(sensor, isDigital ? null : new AnalogCheck(sensor), isDigital ? new DigitalCheck(sensor) : null,
        null, null, 0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false, new GapProfile());
  }

  /** Restores a saved model. */
  public static SensorDetector restore(SensorModel model) {
    SensorDetectorState s = model.state();
    SensorDescription sensor = s.sensor();
    return new SensorDetector(sensor,
        s.analog() == null ? null : AnalogCheck.restore(sensor, s.analog()),
        s.digital() == null ? null : DigitalCheck.restore(sensor, s.digital()),
        s.generic() == null ? null : GenericCheck.restore(sensor, s.generic()),
        s.core() == null ? null : StreamingDetector.restore(s.core()),
        s.coreNormalMax(), s.coreCalibrationPoints(), s.seen(), s.shownMin(), s.shownMax(), true,
        // a model saved before gap profiles learns its gaps from the live readings
        s.gaps() == null ? new GapProfile() : GapProfile.restore(s.gaps()));
  }

  /** The saved form of what this detector learned. */
  public SensorDetectorState state() {
    return new SensorDetectorState(sensor, seen, analog == null ? null : analog.state(),
        digital == null ? null : digital.state(), generic == null ? null : generic.state(),
        core == null ? null : core.state(), coreNormalMax, coreCalibrationPoints, shownMin, shownMax, gaps.state());
  }

  /** The parameters that shape the scores, for the model's metadata. */
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("warmupReadings", WARMUP_READINGS);
    p.put("toleranceSlotMinutes", 10);
    p.put("fullScoreRatio", AnalogCheck.FULL_SCORE_RATIO);
    p.put("maxHoldReadings", AnalogCheck.MAX_HOLD_READINGS);
    if (core != null) {
      p.put("core", core.settings());
      p.put("coreNormalMax", coreNormalMax);
    }
    return p;
  }

  /** The sensor this detector judges. */
  public SensorDescription sensor() {
    return sensor;
  }

  /** How long this sensor's silences normally last: how many missing readings mean offline. */
  public GapProfile gaps() {
    return gaps;
  }

  /** Whether the detector was restored from a trained model (its profiles stay as trained). */
  public boolean isTrained() {
    return trained;
  }

  /** Whether the detector has learned enough to score. */
  public boolean isReady() {
    return seen >= WARMUP_READINGS;
  }

  /** Readings learned so far (training plus live). */
  public long seen() {
    return seen;
  }

  /** Readings a restarted cold detector replays to be ready again. */
  public int warmupReadings() {
    return 4 * WARMUP_READINGS;
  }

  /**
   * Scores the reading against what the detector learned, then learns it.
   *
   * @param fanSwitch the state of the fan switch on the same site (fan speed sensors), or null
   */
  public Detection observe(Instant at, double value, SwitchState fanSwitch) {
    Detection d = step(at, value, fanSwitch, false);
    Detection end = analog == null ? null : analog.atPassEnd();
    passEnd = end == null ? null : new PassEnd(at, value, new Detection(end.score(), end.kind(),
        bounded(end.expectedLow()), bounded(end.expectedHigh()), true));
    return d;
  }

  /** Learns a reading without scoring it (replay of context after a restart). */
  public void learn(Instant at, double value, SwitchState fanSwitch) {
    step(at, value, fanSwitch, false);
    passEnd = null;
  }

  /** Learns a training reading: the history is taken as normal, every reading shapes the profile. */
  public void train(Instant at, double value, SwitchState fanSwitch) {
    step(at, value, fanSwitch, true);
    passEnd = null;
  }

  /**
   * What the end of a {@code monitor --once} pass makes of the last reading this detector
   * {@link #observe}d, when that reading waits for a confirming one the pass does not bring: an
   * analog onset far larger than the sensor's history shows at that time of day, at full score
   * (see {@code AnalogCheck.atPassEnd}); null otherwise. Asking changes nothing: the detector
   * continues with its next reading exactly as if never asked.
   */
  public PassEnd atPassEnd() {
    return passEnd;
  }

  private Detection step(Instant at, double value, SwitchState fanSwitch, boolean training) {
    boolean ready = isReady();
    Detection domain = generic != null ? generic.observe(at, value, training, ready)
        : analog != null
        ? analog.observe(at, value, fanSwitch, training, ready, !trained, gaps)
        : digital.observe(at, value, training, ready, !trained);
    double coreScore = core == null ? 0 : coreGraded(core.process(value), training, domain.score() >= 0.5);
    seen++;
    if (training || !trained || gaps.gaps() < GapProfile.MIN_GAPS) {
      gaps.note(at);
    }
    Detection d = !ready || training || coreScore <= domain.score() ? domain
        : new Detection(coreScore, domain.kind(), domain.expectedLow(), domain.expectedHigh(), true,
            domain.returnedFrom(), domain.detail(), domain.swing());
    double low = bounded(d.expectedLow());
    Detection out = d == Detection.WARMING_UP ? d
        // a score below the alert level may still reach a user's lower threshold: it needs a kind
        : new Detection(d.score(), d.score() > 0 && d.kind() == null ? guessFromCore(value, low) : d.kind(),
            low, bounded(d.expectedHigh()), d.ready(), d.returnedFrom(), d.detail(), bounded(d.swing()));
    if (training || d.score() < 0.5) {
      shownMin = Math.min(shownMin, value);
      shownMax = Math.max(shownMax, value);
    }
    return out;
  }

  /** A swing kept inside the sensor's physical range, its usual step inside the span of what it has shown. */
  private Swing bounded(Swing s) {
    if (s == null) {
      return null;
    }
    double shown = shownMax - shownMin;
    return s.within(sensor.physicalMin(), sensor.physicalMax(), shown >= 0 ? shown : Double.POSITIVE_INFINITY);
  }

  /**
   * An end of an expected range moved inside what the sensor can show: its physical range and the
   * values it has shown as normal. Moving both ends this way never turns a range inside out.
   */
  private double bounded(double end) {
    if (!Double.isFinite(end)) {
      return end;
    }
    double lo = Math.max(sensor.physicalMin(), shownMin);
    double hi = Math.min(sensor.physicalMax(), shownMax);
    if (lo > hi) {
      lo = sensor.physicalMin();
      hi = sensor.physicalMax();
    }
    return Math.max(lo, Math.min(hi, end));
  }

  /**
   * The forest's score for a generic sensor, graded over [0, 1] and monotone in the forest's own
   * score: up to its normal maximum it maps to [0, 0.5], beyond it to (0.5, 1]. A sensor nobody
   * modelled has no domain check sharp enough to replace the forest's ranking.
   */
  private double coreGraded(StreamingDetectorScore s, boolean training, boolean domainAnomalous) {
    if (s.warmingUp()) {
      return 0;
    }
    if (training || (coreCalibrationPoints < CORE_CALIBRATION && !domainAnomalous)) {
      coreNormalMax = Math.max(coreNormalMax, s.score());
      coreCalibrationPoints++;
    }
    if (training) {
      return 0;
    }
    double normalMax = Math.max(coreNormalMax, 1e-6);
    if (normalMax >= 0.999) {
      return 0.5 * s.score();
    }
    return s.score() <= normalMax ? 0.5 * s.score() / normalMax
        : 0.5 + 0.5 * (s.score() - normalMax) / (1 - normalMax);
  }

  /**
   * The kind of a reading only the forest found anomalous. For a generic sensor the forest says
   * nothing of a direction, but a value below the expected range the alert shows went down: calling
   * it a spike contradicted the alert's own numbers (NAB's speed_t4013, 2015-09-17 08:15: "11,
   * expected 23–75 — spike").
   */
  private AnomalyKind guessFromCore(double value, double expectedLow) {
    if (sensor.category() == null) {
      return value < expectedLow ? AnomalyKind.DROP : AnomalyKind.SPIKE;
    }
    return switch (sensor.category()) {
      case OVEN, HEATER, FAN -> AnomalyKind.SPIKE;
      case PM -> AnomalyKind.POLLUTION_SPIKE;
      case LAMP -> AnomalyKind.FLICKER;
    };
  }
}
