package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEffect;
import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalyKind;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.Reading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * One sensor inside a {@link Simulation}: its behaviour model, its metadata, and its anomaly
 * schedule (random, demo or forced; at most one episode at a time). Owned by the simulation
 * thread.
 */
final class SimulatedSensor {
  private static final int CH_ID = 1;
  private static final int CH_EFFECT = 2;
  private static final int CH_PARAMS = 3;
  private static final int CH_LENGTH = 4;
  private static final int CH_GAP = 5;
  private static final int CH_PHASE = 6;
  static final int MIN_READINGS = 5;
  static final int MAX_READINGS = 30;

  final SensorSpec spec;
  private final SensorModel model;
  private final DeviceMetadata metadata;
  private final long seed;
  private final int position;
  private final AnomalyPlan plan;
  private final long intervalMillis;
  private final List<AnomalyKind> kinds;
  private long lastStep = Long.MIN_VALUE;
  private double lastValue;
  private boolean modelReady;
  private int cycle;
  private int roundUsed;
  private long plannedStart = Long.MIN_VALUE;
  private long notBefore = Long.MIN_VALUE;
  private Active active;
  private Forced pendingForced;

  /** An episode in progress. */
  private static final class Active {
    final AnomalyEpisode episode;
    final AnomalyEffect effect;
    final long end;
    int readings;

    Active(AnomalyEpisode episode, AnomalyEffect effect) {
      this.episode = episode;
      this.effect = effect;
      this.end = episode.end().toEpochMilli();
    }
  }

  private record Forced(AnomalyKind kind, long start, long durationMillis) {}

  SimulatedSensor(SensorSpec spec, long masterSeed, int position, AnomalyPlan plan, SiteSchedule site) {
    this.spec = spec;
    this.seed = Noise.sensorSeed(masterSeed, spec.sensorId());
    this.position = position;
    this.plan = plan;
    this.intervalMillis = plan.intervalMillis();
    this.model = spec.kind().newModel(new SensorModel.Context(spec, seed, site));
    this.metadata = new DeviceMetadata(spec, seed);
    this.kinds = spec.kind().anomalyKinds();
    // Different sensors of one kind start their kind cycle at different places.
    this.cycle = kinds.isEmpty() ? 0 : (int) Math.floorMod(Noise.bits(seed, CH_PHASE, 1), (long) kinds.size());
  }

  void restore(SensorState state, Map<String, Double> values) {
    model.restore(values, state.value());
    cycle = (int) SensorModel.get(values, "cycle", cycle);
    roundUsed = (int) SensorModel.get(values, "round", 0);
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
    out.put("cycle", (double) cycle);
    out.put("round", (double) roundUsed);
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
    if (active != null && t >= active.end) {
      active = null;
    }
    startForced(t, started, endedEarly);
    if (active == null && !kinds.isEmpty()) {
      if (plan.demo()) {
        startDemo(t, scriptStep, started);
      } else if (plan.isRandom()) {
        startRandom(t, started);
      }
    }
    double value = normal;
    if (active != null) {
      value = active.effect.apply(normal, active.readings++, Noise.uniform(Noise.bits(seed, CH_EFFECT, t)));
    }
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

  private void startForced(long t, List<AnomalyEpisode> started, List<AnomalyEpisode> endedEarly) {
    if (pendingForced == null || t < pendingForced.start) {
      return;
    }
    if (active != null) {
      endedEarly.add(withEnd(active.episode, t));
    }
    Forced f = pendingForced;
    pendingForced = null;
    begin(f.kind, t, t + Math.max(1, f.durationMillis), AnomalySource.FORCED, started);
  }

  private void startDemo(long t, long scriptStep, List<AnomalyEpisode> started) {
    int slot = plan.script().slotStartingAt(scriptStep);
    AnomalyKind kind = slot < 0 ? null : plan.script().kindFor(kinds, slot, scriptStep);
    if (kind != null) {
      begin(kind, t, t + DemoScript.EPISODE_READINGS * intervalMillis, AnomalySource.DEMO, started);
    }
  }

  private void startRandom(long t, List<AnomalyEpisode> started) {
    if (plannedStart == Long.MIN_VALUE) {
      double phase = Noise.uniform(Noise.bits(seed, CH_PHASE, t)) * plan.meanCycleReadings();
      plannedStart = t + (long) (phase * intervalMillis);
    }
    if (t < plannedStart || t < notBefore) {
      return;
    }
    // Rounds: every kind of the sensor once per round, so coverage does not depend on chance; within
    // a round the first kind (from a rotating preference) that can show right now goes first.
    int n = kinds.size();
    int readings = 0;
    long end = 0;
    int chosen = -1;
    for (int j = 0; j < n && chosen < 0; j++) {
      int index = Math.floorMod(cycle + j, n);
      if ((roundUsed & (1 << index)) == 0) {
        int min = minReadings(kinds.get(index));
        readings = min + (int) (Noise.uniform(Noise.bits(seed, CH_LENGTH, plannedStart)) * (MAX_READINGS - min + 1));
        end = t + readings * intervalMillis;
        chosen = model.canStart(kinds.get(index), t, end) ? index : -1;
      }
    }
    if (chosen < 0) {
      if (t - plannedStart > SiteSchedule.DAY) {
        roundUsed = 0; // nothing found a place in a day: start a fresh round
        cycle++;
      }
      return;
    }
    begin(kinds.get(chosen), t, end, AnomalySource.RANDOM, started);
    roundUsed |= 1 << chosen;
    if (roundUsed == (1 << n) - 1) {
      roundUsed = 0;
      cycle++;
    }
    double gap = readings * plan.gapPerReading() * (0.5 + Noise.uniform(Noise.bits(seed, CH_GAP, plannedStart)));
    // The plan keeps its own clock: a start deferred until the sensor could show the anomaly does
    // not stretch the following gaps, so the long-run fraction stays at the rate.
    plannedStart += (long) ((readings + gap) * intervalMillis);
    notBefore = end + (long) (plan.minGapReadings() * intervalMillis);
  }

  /**
   * The shortest episode of a kind, in readings: gradual kinds and stuck lamps last at least 10
   * readings so they clearly leave the normal band; the rest at least 5. All last at most 30.
   */
  static int minReadings(AnomalyKind kind) {
    return switch (kind) {
      case DRIFT, SENSOR_DRIFT, STUCK_OFF, STUCK_ON -> 10;
      case SPIKE, DROP, OSCILLATION, FLICKER, STALL, VIBRATION, OVERSPEED, POLLUTION_SPIKE, CALIBRATION_ERROR,
          DUST_STORM -> MIN_READINGS;
    };
  }

  private void begin(AnomalyKind kind, long start, long end, AnomalySource source, List<AnomalyEpisode> started) {
    long[] counter = {0};
    // The demo draws from the upper half of each range: its episodes are short and close
    // together, so they should stand out clearly.
    double floor = source == AnomalySource.DEMO ? 0.5 : 0.0;
    DoubleSupplier random = () -> floor + (1 - floor) * Noise.uniform(Noise.bits(seed, CH_PARAMS, start * 31 + counter[0]++));
    AnomalyEffect effect = AnomalyEffect.draw(kind, spec.kind().category(), spec.kind().min(), spec.kind().max(), random);
    AnomalyEpisode episode = new AnomalyEpisode(spec.sensorId(), spec.kind().category(), kind,
        Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), effect.parameters(), source);
    active = new Active(episode, effect);
    started.add(episode);
  }

  void force(AnomalyKind kind, Instant start, long durationMillis) {
    if (!spec.kind().accepts(kind)) {
      throw new IllegalArgumentException("anomaly kind " + kind.dbName() + " does not apply to sensor " + spec.sensorId()
          + " (" + spec.kind().prefix() + "; kinds: " + names(kinds) + ")");
    }
    pendingForced = new Forced(kind, start.toEpochMilli(), durationMillis);
  }

  private static String names(List<AnomalyKind> kinds) {
    if (kinds.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (AnomalyKind k : kinds) {
      sb.append(sb.length() == 0 ? "" : ", ").append(k.dbName());
    }
    return sb.toString();
  }

  /** Ends a forced episode (pending or active) at {@code now}; returns the ended one or null. */
  AnomalyEpisode clearForced(long now) {
    pendingForced = null;
    if (active == null || active.episode.source() != AnomalySource.FORCED) {
      return null;
    }
    return cut(Math.max(now, lastStep + 1));
  }

  /** Ends any open episode right after the last reading (for shutdown); returns it or null. */
  AnomalyEpisode endOpenEpisode() {
    pendingForced = null;
    if (active == null) {
      return null;
    }
    return cut(lastStep + intervalMillis);
  }

  private AnomalyEpisode cut(long end) {
    Active a = active;
    active = null;
    return end < a.end ? withEnd(a.episode, end) : null;
  }

  private static AnomalyEpisode withEnd(AnomalyEpisode e, long end) {
    return new AnomalyEpisode(e.sensorId(), e.category(), e.kind(), e.start(), Instant.ofEpochMilli(end), e.parameters(), e.source());
  }
}
