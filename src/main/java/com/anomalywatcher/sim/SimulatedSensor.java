package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One sensor inside a {@link Simulation}: its behaviour model, its metadata, and its anomaly
 * schedule ({@link EpisodeScheduler}). Owned by the simulation thread.
 *
 * <p>Realistic world (not in demo mode), on top of the model's own benign events: dropouts (each
 * sensor loses 0.3-1.2 % of its readings, 65 % as single readings and the rest in runs of 2-6) and
 * glitches (analog sensors, one reading in 2,500 on average: an outlier of 6σ/U^(2/3) capped at
 * 60σ, σ the sensor's noise in its state), both labelled in {@code benign_events}.
 */
final class SimulatedSensor {
  private static final int CH_ID = 1;
  private static final int CH_DROP = 7;
  private static final int CH_GLITCH = 8;
  private static final double GLITCH_PROBABILITY = 1 / 2500.0;
  private static final double MEAN_DROP_RUN = 0.65 + 0.35 * 4;

  final SensorSpec spec;
  private final SensorBehaviour model;
  private final DeviceMetadata metadata;
  private final EpisodeScheduler episodes;
  private final long seed;
  private final long masterSeed;
  private final int position;
  private final AnomalyPlan plan;
  private long lastStep = Long.MIN_VALUE;
  private double lastValue;
  private boolean modelReady;
  private final boolean imperfect;
  private final boolean alwaysOpen;
  private final double dropStartProbability;
  private int dropRemaining;

  SimulatedSensor(SensorSpec spec, long masterSeed, int position, AnomalyPlan plan, SiteSchedule site) {
    this.spec = spec;
    this.masterSeed = masterSeed;
    this.seed = Noise.sensorSeed(masterSeed, spec.sensorId());
    this.position = position;
    this.plan = plan;
    this.model = spec.kind().newModel(new SensorBehaviour.Context(spec, seed, site));
    this.metadata = new DeviceMetadata(spec, seed, site.isRealistic() ? site.zone().getId() : null);
    this.episodes = new EpisodeScheduler(spec, model, seed, plan);
    this.imperfect = site.isRealistic() && !plan.demo();
    this.alwaysOpen = site.isAlwaysOpen();
    double dropFraction = 0.003 + 0.009 * Noise.uniform(Noise.bits(seed, CH_DROP, -1));
    this.dropStartProbability = dropFraction / MEAN_DROP_RUN;
  }

  void restore(SensorState state, Map<String, Double> values) {
    model.restore(values, state.value());
    episodes.restore(values);
    dropRemaining = (int) SensorBehaviour.get(values, "dropRemaining", 0);
    model.previousStep = state.timestamp().toEpochMilli();
    lastStep = state.timestamp().toEpochMilli();
    lastValue = state.value();
    modelReady = true;
  }

  boolean hasState() {
    return lastStep != Long.MIN_VALUE;
  }

  /** Whether this sensor already stepped (or was restored) at or after {@code t}, epoch millis. */
  boolean hasStepAtOrAfter(long t) {
    return hasState() && lastStep >= t;
  }

  Instant lastStep() {
    return Instant.ofEpochMilli(lastStep);
  }

  double lastValue() {
    return lastValue;
  }

  void save(Map<String, Double> out) {
    model.save(out);
    episodes.save(out);
    if (imperfect) {
      out.put("dropRemaining", (double) dropRemaining);
    }
    // Two exact halves: a JSON double holds 53 bits, a seed 64.
    out.put(SEED_HIGH, (double) (masterSeed >>> 32));
    out.put(SEED_LOW, (double) (masterSeed & 0xFFFFFFFFL));
    if (alwaysOpen) {
      out.put(ALWAYS_OPEN, 1.0);
    }
  }

  private static final String ALWAYS_OPEN = "always_open";

  /**
   * Whether a saved state was made by demo mode with its site open around the clock; false for a
   * state made on the site's opening hours (sample, continuous, run) and for states saved before
   * this was kept.
   */
  static boolean wasAlwaysOpen(Map<String, Double> values) {
    return values.getOrDefault(ALWAYS_OPEN, 0.0) == 1.0;
  }

  private static final String SEED_HIGH = "seed_high";
  private static final String SEED_LOW = "seed_low";

  /** The master seed a saved state was made with; empty for states saved before it was kept. */
  static java.util.OptionalLong storedSeed(Map<String, Double> values) {
    Double high = values.get(SEED_HIGH);
    Double low = values.get(SEED_LOW);
    return high == null || low == null ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of((high.longValue() << 32) | (low.longValue() & 0xFFFFFFFFL));
  }

  /**
   * Produces the reading at {@code t}, or null when none is sent (offline, dropout), adding started
   * and ended-early episodes and started benign events to the lists.
   */
  Reading step(Instant instant, long t, long simulationStep, List<AnomalyEpisode> started, List<AnomalyEpisode> endedEarly,
      List<BenignEvent> benign) {
    double dtMinutes = 0;
    if (!modelReady) {
      model.start(t);
      modelReady = true;
    } else {
      if (t <= lastStep) {
        throw new IllegalArgumentException(
            "step time must be after the previous step of " + spec.sensorId() + ": " + instant + " <= " + Instant.ofEpochMilli(lastStep));
      }
      dtMinutes = (t - lastStep) / 60_000.0;
    }
    long scriptStep = plan.demo() ? plan.script().scriptStep(simulationStep, position) : -1;
    if (plan.demo()) {
      model.demoStep(scriptStep, plan.script());
    }
    double normal = model.advance(t, dtMinutes);
    if (!model.startedBenign.isEmpty()) {
      benign.addAll(model.startedBenign);
      model.startedBenign.clear();
    }
    double value = episodes.value(t, normal, hasState() ? lastValue : Double.NaN, scriptStep, started, endedEarly);
    if (value != normal && !Double.isNaN(value) && spec.kind().type() != SensorType.DIGITAL) {
      // A fault is read by the same sensor: at its resolution, like every other reading it sends.
      value = atResolution(value);
    }
    model.previousStep = t;
    lastStep = t;
    if (imperfect) {
      // A run of lost readings goes on through an offline episode (it is lost time either way).
      if (isDropped(t, benign, !Double.isNaN(value))) {
        value = Double.NaN;
      } else if (!Double.isNaN(value) && spec.kind().type() != SensorType.DIGITAL) {
        value = glitch(t, value, benign);
      }
    }
    if (Double.isNaN(value)) {
      return null;
    }
    lastValue = value;
    return new Reading(readingId(t), instant, spec.sensorId(), spec.kind().type(), spec.kind().category(), value,
        spec.kind().unit(), spec.location(), metadata.json(t));
  }

  /** Whether the reading at t is lost; labels each run of lost readings when it starts. */
  private boolean isDropped(long t, List<BenignEvent> benign, boolean mayStart) {
    if (dropRemaining > 0) {
      dropRemaining--;
      return true;
    }
    if (!mayStart) {
      return false;
    }
    long bits = Noise.bits(seed, CH_DROP, t);
    if (Noise.uniform(bits) >= dropStartProbability) {
      return false;
    }
    int run = Noise.uniform(Noise.mix(bits)) < 0.65 ? 1 : 2 + (int) (Noise.uniform(Noise.mix(bits + 1)) * 5);
    dropRemaining = run - 1;
    benign.add(event(BenignKind.DROPOUT, t, t + run * plan.intervalMillis(), Map.of("readings", (double) run)));
    return true;
  }

  /** The value with a rare heavy-tailed outlier added; labels it. */
  private double glitch(long t, double value, List<BenignEvent> benign) {
    long bits = Noise.bits(seed, CH_GLITCH, t);
    if (Noise.uniform(bits) >= GLITCH_PROBABILITY) {
      return value;
    }
    double sigma = Math.max(model.noiseSigma(), 0.1);
    double u = Math.max(1e-6, Noise.uniform(Noise.mix(bits)));
    double sigmas = Math.min(60, 6 / Math.pow(u, 2.0 / 3.0));
    double sign = Noise.uniform(Noise.mix(bits + 1)) < 0.5 ? -1 : 1;
    double glitched = Math.max(spec.kind().min(), Math.min(spec.kind().max(), value + sign * sigmas * sigma));
    glitched = atResolution(glitched);
    benign.add(event(BenignKind.GLITCH, t, t + plan.intervalMillis(),
        Map.of("sigmas", Math.round(sigmas * 10) / 10.0, "offset", Math.round((glitched - value) * 10) / 10.0)));
    return glitched;
  }

  /** An analog value as the sensor reports it: a fan in whole rpm, the others to 0.1. */
  private double atResolution(double value) {
    return spec.kind().category() == Category.FAN ? Math.round(value) : Math.round(value * 10.0) / 10.0;
  }

  private BenignEvent event(BenignKind kind, long start, long end, Map<String, Double> parameters) {
    return new BenignEvent(spec.sensorId(), spec.kind().category(), kind, Instant.ofEpochMilli(start),
        Instant.ofEpochMilli(end), parameters, AnomalySource.RANDOM);
  }

  /**
   * A deterministic UUID in the version 7 layout: the timestamp's epoch millis in the top 48 bits,
   * then 74 bits from the sensor's seed. Time-ordered ids keep the primary key index append-mostly,
   * which roughly doubles ingest speed compared with random ids.
   */
  private UUID readingId(long t) {
    long bits = Noise.bits(seed, CH_ID, t);
    long msb = (t << 16) | 0x7000L | (bits & 0x0FFFL);
    long lsb = (Noise.mix(bits ^ seed) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  void force(AnomalyKind kind, Instant start, long durationMillis) {
    episodes.force(kind, start, durationMillis);
  }

  /** Ends a forced episode (pending or active); returns the changed one or null. */
  AnomalyEpisode clearForced(long now) {
    return episodes.clearForced(now, lastStep);
  }

  /** Ends any open episode right after the last reading (for shutdown); returns it or null. */
  AnomalyEpisode endOpenEpisode() {
    return episodes.endOpenEpisode(lastStep);
  }
}
