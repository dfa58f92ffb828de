package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Reading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One sensor inside a {@link Simulation}: its behaviour model, its metadata, and its anomaly
 * schedule ({@link EpisodeScheduler}). Owned by the simulation thread.
 */
final class SimulatedSensor {
  private static final int CH_ID = 1;

  final SensorSpec spec;
  private final SensorModel model;
  private final DeviceMetadata metadata;
  private final EpisodeScheduler episodes;
  private final long seed;
  private final long masterSeed;
  private final int position;
  private final AnomalyPlan plan;
  private long lastStep = Long.MIN_VALUE;
  private double lastValue;
  private boolean modelReady;

  SimulatedSensor(SensorSpec spec, long masterSeed, int position, AnomalyPlan plan, SiteSchedule site) {
    this.spec = spec;
    this.masterSeed = masterSeed;
    this.seed = Noise.sensorSeed(masterSeed, spec.sensorId());
    this.position = position;
    this.plan = plan;
    this.model = spec.kind().newModel(new SensorModel.Context(spec, seed, site));
    this.metadata = new DeviceMetadata(spec, seed);
    this.episodes = new EpisodeScheduler(spec, model, seed, plan);
  }

  void restore(SensorState state, Map<String, Double> values) {
    model.restore(values, state.value());
    episodes.restore(values);
    lastStep = state.timestamp().toEpochMilli();
    lastValue = state.value();
    modelReady = true;
  }

  boolean hasState() {
    return lastStep != Long.MIN_VALUE;
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
    // Two exact halves: a JSON double holds 53 bits, a seed 64.
    out.put(SEED_HIGH, (double) (masterSeed >>> 32));
    out.put(SEED_LOW, (double) (masterSeed & 0xFFFFFFFFL));
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

  /** Produces the reading at {@code t}, adding started and ended-early episodes to the lists. */
  Reading step(Instant instant, long t, long simulationStep, List<AnomalyEpisode> started, List<AnomalyEpisode> endedEarly) {
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
    double value = episodes.value(t, normal, scriptStep, started, endedEarly);
    lastStep = t;
    lastValue = value;
    return new Reading(readingId(t), instant, spec.sensorId(), spec.kind().type(), spec.kind().category(), value,
        spec.kind().unit(), spec.location(), metadata.json(t));
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
