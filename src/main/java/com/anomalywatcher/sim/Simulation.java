package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.model.Reading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Simulates a fleet of sensors, one reading per sensor per {@link #step}, with labelled anomaly
 * episodes: random at the configured rate, the scripted demo ({@link DemoScript}) or forced. Pure
 * Java: no database, no wall clock (only the timestamps given). Every random number derives from
 * the master seed, the sensor id and the timestamp, so the same seed and timestamps give the same
 * readings, UUIDs included, whatever the fleet size or how the fleet is split across threads.
 *
 * <p>Clean world: time of day is UTC for every location (opening hours: restaurant 10-23,
 * supermarket 7-21, factory 6-22, warehouse 5-17, each edge moved by up to ±15/±20 min from day to
 * day). Realistic world: each site in its time zone with weekly hours and holidays, benign events,
 * missing readings and anomalies sized by difficulty ({@link World}, docs/WORLD.md).
 *
 * <p>Not thread-safe: one owning thread calls every method. To use several cores, give each
 * thread its own Simulation over a part of the fleet.
 */
public final class Simulation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Double>> STATE_TYPE = new TypeReference<>() {};

  private final SimulationSettings settings;
  private final List<SimulatedSensor> sensors;
  private final Map<String, SimulatedSensor> byId = new HashMap<>();
  private long steps;

  /**
   * @param fleet the sensors to simulate (e.g. from {@link Fleet#create})
   * @param restored last stored state per sensor id (may be empty); those sensors continue from it
   * @throws IllegalArgumentException on duplicate sensor ids or an unreadable state
   */
  public Simulation(List<SensorSpec> fleet, SimulationSettings settings, Map<String, SensorState> restored) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(restored, "restored");
    AnomalyPlan plan = AnomalyPlan.of(settings);
    Map<String, Map<String, Double>> stored = new HashMap<>();
    Set<String> scheduledSites = new HashSet<>();
    for (SensorSpec spec : fleet) {
      SensorState state = restored.get(spec.sensorId());
      if (state != null) {
        Map<String, Double> values = parseState(state);
        stored.put(spec.sensorId(), values);
        if (!SimulatedSensor.wasAlwaysOpen(values)) {
          scheduledSites.add(siteKey(spec, seedOf(values, settings)));
        }
      }
    }
    Map<String, SiteSchedule> sites = new HashMap<>();
    List<SimulatedSensor> list = new ArrayList<>(fleet.size());
    for (int i = 0; i < fleet.size(); i++) {
      SensorSpec spec = fleet.get(i);
      SensorState state = restored.get(spec.sensorId());
      Map<String, Double> values = stored.get(spec.sensorId());
      long seed = seedOf(values, settings);
      // Demo mode keeps a site open around the clock, but not a site that continues a history made on
      // its opening hours (sample, then run --demo-anomalies): its lamps would switch on and its
      // ovens heat up at the first live reading of a closed night, which no injected anomaly explains.
      SiteSchedule site = sites.computeIfAbsent(siteKey(spec, seed),
          s -> new SiteSchedule(Noise.siteSeed(seed, spec.site()), spec.location(),
              settings.demo() && !scheduledSites.contains(s), settings.zoneOfSite(spec.site()), settings.isRealistic()));
      SimulatedSensor sensor = new SimulatedSensor(spec, seed, i, plan, site);
      if (state != null) {
        sensor.restore(state, values);
      }
      if (byId.put(spec.sensorId(), sensor) != null) {
        throw new IllegalArgumentException("duplicate sensor id " + spec.sensorId());
      }
      list.add(sensor);
    }
    this.sensors = List.copyOf(list);
  }

  /**
   * The master seed of a sensor: a restored one keeps the seed it was made with, so its drawn
   * background, setpoints and schedule stay the same whatever seed (or none) the new run has.
   */
  private static long seedOf(Map<String, Double> stored, SimulationSettings settings) {
    return stored == null ? settings.seed() : SimulatedSensor.storedSeed(stored).orElse(settings.seed());
  }

  private static String siteKey(SensorSpec spec, long seed) {
    return spec.site() + "@" + seed;
  }

  private static Map<String, Double> parseState(SensorState state) {
    try {
      Map<String, Double> map = JSON.readValue(state.stateJson(), STATE_TYPE);
      return map == null ? Map.of() : map;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable state of " + state.sensorId() + ": " + state.stateJson(), e);
    }
  }

  /** The settings this simulation runs with. */
  public SimulationSettings settings() {
    return settings;
  }

  /**
   * One reading per sensor at {@code t} (in fleet order; a sensor that is offline or drops the
   * reading has none), plus the episodes and benign events that start now and the episodes cut
   * short now. {@code t} must be after the previous step (or restored timestamp) of
   * every sensor; steps are normally {@code interval} apart.
   */
  public Tick step(Instant t) {
    return step(t, false);
  }

  /**
   * As {@link #step}, but only the sensors whose last step (produced or restored) is before
   * {@code t}; the others already have a reading at or after {@code t} and produce nothing now. Lets
   * one run continue each sensor from its own newest reading while new sensors start earlier.
   */
  public Tick stepPending(Instant t) {
    return step(t, true);
  }

  private Tick step(Instant t, boolean onlyPending) {
    long millis = t.toEpochMilli();
    List<Reading> readings = new ArrayList<>(sensors.size());
    List<AnomalyEpisode> started = new ArrayList<>(2);
    List<AnomalyEpisode> endedEarly = new ArrayList<>(0);
    List<BenignEvent> benign = new ArrayList<>(0);
    for (SimulatedSensor sensor : sensors) {
      if (onlyPending && sensor.hasStepAtOrAfter(millis)) {
        continue;
      }
      Reading r = sensor.step(t, millis, steps, started, endedEarly, benign);
      if (r != null) {
        readings.add(r);
      }
    }
    steps++;
    return new Tick(readings, started, endedEarly, benign);
  }

  /**
   * Forces an anomaly of {@code kind} on a sensor: it starts at the first step at or after
   * {@code start} and lasts {@code duration}, source {@code forced}. It replaces a pending forced
   * one and, when it starts, cuts short any episode in progress (reported in
   * {@link Tick#endedEarly()}). It applies whether or not the sensor is in a state where it shows.
   *
   * @throws IllegalArgumentException for an unknown sensor, a non-positive duration, or a kind
   *     that does not apply to the sensor's kind (the message names both)
   */
  public void force(String sensorId, AnomalyKind kind, Instant start, Duration duration) {
    SimulatedSensor sensor = byId.get(sensorId);
    if (sensor == null) {
      throw new IllegalArgumentException("unknown sensor '" + sensorId + "'");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, got " + duration);
    }
    sensor.force(kind, start, duration.toMillis());
  }

  /**
   * Ends every forced episode now (pending ones are dropped) and returns the ones that had started,
   * with their new end: {@code now}, or just after the last reading if {@code now} is not later.
   */
  public List<AnomalyEpisode> clearForced(Instant now) {
    List<AnomalyEpisode> ended = new ArrayList<>();
    for (SimulatedSensor sensor : sensors) {
      AnomalyEpisode e = sensor.clearForced(now.toEpochMilli());
      if (e != null) {
        ended.add(e);
      }
    }
    return ended;
  }

  /**
   * For shutdown: ends every open episode (any source) one interval after the sensor's last
   * reading, so a later restart does not inherit the label; returns those whose end moved
   * earlier (upsert them). The simulation may go on afterwards; new episodes start as planned.
   */
  public List<AnomalyEpisode> endOpenEpisodes() {
    List<AnomalyEpisode> ended = new ArrayList<>();
    for (SimulatedSensor sensor : sensors) {
      AnomalyEpisode e = sensor.endOpenEpisode();
      if (e != null) {
        ended.add(e);
      }
    }
    return ended;
  }

  /**
   * The continuation state of every sensor that has produced or restored a reading: last
   * timestamp and value, and the model state as JSON. An anomaly in progress is not included.
   */
  public List<SensorState> states() {
    List<SensorState> states = new ArrayList<>(sensors.size());
    for (SimulatedSensor sensor : sensors) {
      if (sensor.hasState()) {
        Map<String, Double> values = new TreeMap<>();
        sensor.save(values);
        states.add(new SensorState(sensor.spec.sensorId(), sensor.lastStep(), sensor.lastValue(), toJson(values)));
      }
    }
    return states;
  }

  private static String toJson(Map<String, Double> values) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Double> e : values.entrySet()) {
      sb.append(sb.length() == 1 ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
    }
    return sb.append('}').toString();
  }
}
