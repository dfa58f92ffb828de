package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEffect;
import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.anomaly.ScaledAnomaly;
import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * When one sensor's anomaly episodes happen and what they do: random ones at the plan's rate, the
 * demo script, or forced ones; at most one at a time. An episode is an active phase plus a
 * settling tail (see {@link AnomalyEffect}); its labelled end covers both. Owned by the simulation
 * thread.
 */
final class EpisodeScheduler {
  private static final int CH_EFFECT = 2;
  private static final int CH_PARAMS = 3;
  private static final int CH_LENGTH = 4;
  private static final int CH_GAP = 5;
  private static final int CH_PHASE = 6;
  static final int MIN_READINGS = 5;
  static final int MAX_READINGS = 30;
  /** Longest settling tail of a random or forced episode, in readings. */
  static final int MAX_TAIL = 8;

  private final SensorSpec spec;
  private final SensorBehaviour model;
  private final long seed;
  private final AnomalyPlan plan;
  private final long intervalMillis;
  private final double settleStep;
  private final List<AnomalyKind> kinds;
  private final boolean realistic;
  private double lastSent = Double.NaN;
  private int cycle;
  private int roundUsed;
  private long plannedStart = Long.MIN_VALUE;
  private long notBefore = Long.MIN_VALUE;
  private Active active;
  private Forced pendingForced;

  /** An episode in progress. */
  private static final class Active {
    AnomalyEpisode episode;
    final AnomalyEffect effect;
    long end;
    int readings;

    Active(AnomalyEpisode episode, AnomalyEffect effect) {
      this.episode = episode;
      this.effect = effect;
      this.end = episode.end().toEpochMilli();
    }
  }

  private record Forced(AnomalyKind kind, long start, long durationMillis) {}

  EpisodeScheduler(SensorSpec spec, SensorBehaviour model, long seed, AnomalyPlan plan) {
    this.spec = spec;
    this.model = model;
    this.seed = seed;
    this.plan = plan;
    this.intervalMillis = plan.intervalMillis();
    double intervalMinutes = intervalMillis / 60_000.0;
    this.settleStep = model.settleStepPerMinute() * Math.max(0.1, Math.min(1.0, intervalMinutes));
    this.kinds = spec.kind().anomalyKinds(plan.world());
    this.realistic = plan.world() == World.REALISTIC;
    // Different sensors of one kind start their kind cycle at different places.
    this.cycle = kinds.isEmpty() ? 0 : (int) Math.floorMod(Noise.bits(seed, CH_PHASE, 1), (long) kinds.size());
  }

  void restore(Map<String, Double> values) {
    cycle = (int) SensorBehaviour.get(values, "cycle", cycle);
    roundUsed = (int) SensorBehaviour.get(values, "round", 0);
  }

  void save(Map<String, Double> out) {
    out.put("cycle", (double) cycle);
    out.put("round", (double) roundUsed);
  }

  /**
   * Decides the episode of the reading at {@code t}: ends a finished one, starts a forced, demo
   * or random one, and returns the value to report given the normal one.
   */
  double value(long t, double normal, double lastSent, long scriptStep, List<AnomalyEpisode> started,
      List<AnomalyEpisode> endedEarly) {
    this.lastSent = lastSent;
    if (active != null && t >= active.end) {
      active = null;
    }
    startForced(t, normal, started, endedEarly);
    if (active == null && !kinds.isEmpty()) {
      if (plan.demo()) {
        startDemo(t, normal, scriptStep, started);
      } else if (plan.isRandom()) {
        startRandom(t, normal, started);
      }
    }
    if (active == null) {
      return normal;
    }
    return active.effect.apply(normal, active.readings++, Noise.uniform(Noise.bits(seed, CH_EFFECT, t)));
  }

  private void startForced(long t, double normal, List<AnomalyEpisode> started, List<AnomalyEpisode> endedEarly) {
    if (pendingForced == null || t < pendingForced.start) {
      return;
    }
    if (active != null) {
      endedEarly.add(withEnd(active.episode, t));
    }
    Forced f = pendingForced;
    pendingForced = null;
    AnomalyEffect effect = draw(f.kind, t, false);
    int activeReadings = (int) Math.max(1, Math.ceil(f.durationMillis / (double) intervalMillis));
    int tail = effect.tailReadings(effect.maxOffset(normal, activeReadings), settleStep, MAX_TAIL);
    begin(effect, f.kind, t, activeReadings, t + Math.max(1, f.durationMillis) + tail * intervalMillis,
        AnomalySource.FORCED, started);
  }

  private void startDemo(long t, double normal, long scriptStep, List<AnomalyEpisode> started) {
    DemoScript script = plan.script();
    int slot = script.slotStartingAt(scriptStep);
    // The script shows the original kinds in both worlds: a 5-reading offline episode is no longer
    // than the realistic world's own dropouts (up to 6 readings), so nothing could tell it; a fan
    // switch, whose only realistic kind is offline, shows nothing, as docs/DEMO.md says.
    List<AnomalyKind> scripted = spec.kind().anomalyKinds(World.CLEAN);
    AnomalyKind kind = slot < 0 ? null : script.kindFor(scripted, slot, scriptStep);
    if (kind != null) {
      int activeReadings = DemoScript.EPISODE_READINGS;
      kind = shownStuckKind(kind, t, activeReadings);
      AnomalyEffect effect = draw(kind, t, true);
      int tail = effect.tailReadings(effect.maxOffset(normal, activeReadings), settleStep, script.maxTail(slot));
      begin(effect, kind, t, activeReadings, t + (activeReadings + tail) * intervalMillis, AnomalySource.DEMO, started);
    }
  }

  /**
   * A lamp on its site's opening hours (a demo that continues a sampled history) is off or on by the
   * schedule, not by the script: a stuck episode shows the state the lamp is not in (stuck_on at
   * night), since a lamp stuck in the state it holds anyway shows nothing. Any other kind as given.
   */
  private AnomalyKind shownStuckKind(AnomalyKind kind, long t, int activeReadings) {
    if (kind != AnomalyKind.STUCK_ON && kind != AnomalyKind.STUCK_OFF) {
      return kind;
    }
    if (model.canStart(kind, t, t + activeReadings * intervalMillis, true)) {
      return kind;
    }
    return kind == AnomalyKind.STUCK_ON ? AnomalyKind.STUCK_OFF : AnomalyKind.STUCK_ON;
  }

  private void startRandom(long t, double normal, List<AnomalyEpisode> started) {
    if (plannedStart == Long.MIN_VALUE) {
      if (realistic) {
        plannedStart = steadyStart(t);
      } else {
        double phase = Noise.uniform(Noise.bits(seed, CH_PHASE, t)) * plan.meanCycleReadings();
        plannedStart = t + (long) (phase * intervalMillis);
      }
    }
    if (t < plannedStart || t < notBefore) {
      return;
    }
    // At high rates a sensor that waited too long for a clearly visible moment takes any moment
    // where the anomaly still shows from its first reading.
    boolean relaxed = t - plannedStart > plan.relaxAfterReadings() * intervalMillis;
    Candidate c = pick(t, normal, relaxed, true);
    if (c == null && (relaxed || realistic)) {
      c = pick(t, normal, true, false);
    }
    if (c == null) {
      if (t - plannedStart > SiteSchedule.DAY) {
        roundUsed = 0; // nothing found a place in a day: start a fresh round
        cycle++;
      }
      return;
    }
    begin(c.effect, kinds.get(c.index), t, c.activeReadings, c.end, AnomalySource.RANDOM, started);
    roundUsed |= 1 << c.index;
    if (roundUsed == (1 << kinds.size()) - 1) {
      roundUsed = 0;
      cycle++;
    }
    int readings = c.activeReadings + c.tail;
    double gap = readings * plan.gapPerReading() * (0.5 + Noise.uniform(Noise.bits(seed, CH_GAP, plannedStart)));
    // The plan keeps its own clock: a start deferred until the sensor could show the anomaly does
    // not stretch the following gaps, so the long-run fraction stays at the rate.
    plannedStart += (long) ((readings + gap) * intervalMillis);
    notBefore = c.end + (long) (plan.minGapReadings() * intervalMillis);
  }

  /**
   * The first planned start of a run in the realistic world, where episode lengths range from
   * minutes to days: the plan is replayed from 60 mean cycles before {@code t} (lengths and gaps
   * only, no readings), so a run starts in the plan's steady state. Starting every sensor with a
   * fresh phase instead would put too many episodes into short runs (the next start after a
   * random moment is, on average, further away than half a mean cycle when cycles vary this much).
   */
  private long steadyStart(long t) {
    double intervalMinutes = intervalMillis / 60_000.0;
    double meanLength = 0;
    for (AnomalyKind k : kinds) {
      meanLength += readings(k, 0.5, intervalMinutes);
    }
    meanLength /= kinds.size();
    double gapPerReading = plan.gapPerReading();
    long ps = t - (long) (60 * meanLength * (1 + gapPerReading) * intervalMillis);
    ps += (long) (Noise.uniform(Noise.bits(seed, CH_PHASE, t)) * meanLength * intervalMillis);
    for (int guard = 0; guard < 1_000_000; guard++) {
      int index = nextInRound();
      double u = Noise.uniform(Noise.bits(seed, CH_LENGTH, ps));
      long length = Math.max(1, Math.round(readings(kinds.get(index), u, intervalMinutes)));
      double gap = length * gapPerReading * (0.5 + Noise.uniform(Noise.bits(seed, CH_GAP, ps)));
      long end = ps + length * intervalMillis;
      long next = ps + (long) ((length + gap) * intervalMillis);
      if (end > t) {
        // t falls inside a replayed episode: start one now if most of it is still to come.
        return end - t > (end - ps) / 2 ? t : next;
      }
      markUsed(index);
      if (next > t) {
        return next;
      }
      ps = next;
    }
    return t;
  }

  /** Active readings of a random episode of {@code kind} at quantile {@code u} of its length range. */
  private double readings(AnomalyKind kind, double u, double intervalMinutes) {
    double[] minutes = ScaledAnomaly.activeMinutes(kind, plan.difficulty());
    if (minutes == null) {
      int min = minReadings(kind);
      return min + u * (MAX_READINGS - min);
    }
    return Math.max(1, (minutes[0] + u * (minutes[1] - minutes[0])) / intervalMinutes);
  }

  private int nextInRound() {
    int n = kinds.size();
    for (int j = 0; j < n; j++) {
      int index = Math.floorMod(cycle + j, n);
      if ((roundUsed & (1 << index)) == 0) {
        return index;
      }
    }
    return Math.floorMod(cycle, n);
  }

  private void markUsed(int index) {
    roundUsed |= 1 << index;
    if (roundUsed == (1 << kinds.size()) - 1) {
      roundUsed = 0;
      cycle++;
    }
  }

  private record Candidate(int index, AnomalyEffect effect, int activeReadings, int tail, long end) {}

  /**
   * The first kind (from the rotating preference) that can start now: every kind once per round
   * so coverage does not depend on chance, unless {@code inRound} is false.
   */
  private Candidate pick(long t, double normal, boolean relaxed, boolean inRound) {
    int n = kinds.size();
    for (int j = 0; j < n; j++) {
      int index = Math.floorMod(cycle + j, n);
      if (inRound && (roundUsed & (1 << index)) != 0) {
        continue;
      }
      AnomalyKind kind = kinds.get(index);
      AnomalyEffect effect = draw(kind, t, false);
      double[] minutes = ScaledAnomaly.activeMinutes(kind, plan.difficulty());
      int activeReadings;
      int tail;
      double u = Noise.uniform(Noise.bits(seed, CH_LENGTH, plannedStart));
      if (minutes == null) {
        tail = effect.tailReadings(effect.maxOffset(normal, MAX_READINGS), settleStep, MAX_TAIL);
        int min = minReadings(kind);
        activeReadings = min + (int) (u * (MAX_READINGS - tail - min + 1));
      } else {
        double intervalMinutes = intervalMillis / 60_000.0;
        activeReadings = (int) Math.max(1, Math.round((minutes[0] + u * (minutes[1] - minutes[0])) / intervalMinutes));
        tail = effect.tailReadings(effect.maxOffset(normal, activeReadings), settleStep, MAX_TAIL);
      }
      long end = t + (activeReadings + tail) * intervalMillis;
      boolean fits = realistic ? model.canStartAnywhere(kind, t, end) : model.canStart(kind, t, end, relaxed);
      if (fits) {
        return new Candidate(index, effect, activeReadings, tail, end);
      }
    }
    return null;
  }

  /**
   * The shortest active phase of a kind, in readings: gradual kinds and stuck lamps last at least
   * 10 readings so they clearly leave the normal band; the rest at least 5. With its settling
   * tail an episode lasts at most 30 readings.
   */
  static int minReadings(AnomalyKind kind) {
    return switch (kind) {
      case DRIFT, SENSOR_DRIFT, STUCK_OFF, STUCK_ON, FROZEN, OFFLINE, ELEMENT_AGEING, BEARING_WEAR -> 10;
      case SPIKE, DROP, OSCILLATION, FLICKER, STALL, VIBRATION, OVERSPEED, POLLUTION_SPIKE, CALIBRATION_ERROR,
          DUST_STORM -> MIN_READINGS;
    };
  }

  private AnomalyEffect draw(AnomalyKind kind, long start, boolean demo) {
    long[] counter = {0};
    // The demo draws from the upper half of each original range (docs/DEMO.md: an oven spike
    // +75 to +100 °C), whatever the --difficulty: its episodes are 5 readings, short and close
    // together, so they should stand out clearly. Sized in noise σ as the realistic world's are,
    // a drift took 1.5-2 hours to leave its 3σ band and so moved 0.02σ in its 5 readings at 5 s,
    // and a spike on a closed site's cold oven was +1.8 °C: labelled episodes the data never showed.
    double floor = demo ? 0.5 : 0.0;
    DoubleSupplier random = () -> floor + (1 - floor) * Noise.uniform(Noise.bits(seed, CH_PARAMS, start * 31 + counter[0]++));
    return AnomalyEffect.draw(kind, spec.kind().category(), spec.kind().min(), spec.kind().max(),
        intervalMillis / 60_000.0, demo ? Difficulty.EASY : plan.difficulty(), model.noiseSigma(), random);
  }

  private void begin(AnomalyEffect effect, AnomalyKind kind, long start, int activeReadings, long end, AnomalySource source,
      List<AnomalyEpisode> started) {
    effect.activeFor(activeReadings);
    effect.startFrom(lastSent);
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

  /**
   * Ends a forced episode: a pending one is dropped; an active one settles back from the next
   * reading on (a few readings at most) and ends then, or at {@code now} if it needs no tail.
   * Returns the episode with its new end, or null when nothing changed.
   */
  AnomalyEpisode clearForced(long now, long lastStep) {
    pendingForced = null;
    if (active == null || active.episode.source() != AnomalySource.FORCED) {
      return null;
    }
    int tail = active.effect.tailReadings(Math.abs(active.effect.lastOffset()), settleStep, MAX_TAIL);
    long end = tail == 0 ? Math.max(now, lastStep + 1) : lastStep + (tail + 1) * intervalMillis;
    if (end >= active.end) {
      return null;
    }
    active.effect.activeFor(active.readings);
    active.end = end;
    active.episode = withEnd(active.episode, end);
    AnomalyEpisode changed = active.episode;
    if (tail == 0) {
      active = null;
    }
    return changed;
  }

  /** Ends any open episode right after the last reading (for shutdown); returns it or null. */
  AnomalyEpisode endOpenEpisode(long lastStep) {
    pendingForced = null;
    if (active == null) {
      return null;
    }
    Active a = active;
    active = null;
    long end = lastStep + intervalMillis;
    return end < a.end ? withEnd(a.episode, end) : null;
  }

  private static AnomalyEpisode withEnd(AnomalyEpisode e, long end) {
    return new AnomalyEpisode(e.sensorId(), e.category(), e.kind(), e.start(), Instant.ofEpochMilli(end), e.parameters(), e.source());
  }
}
