package com.anomalywatcher.generate;

import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.store.SensorRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;

/**
 * Decides which sensors a generator runs, within one named sensor set ({@code --set}). With a
 * seed, the seed's fleet (ids stable for the seed). Without one, the set's registered sensors (so a
 * restarted generator continues the same sensors from their stored state), picked one of each kind
 * first and then round-robin over the kinds, topped up with new ones. The same set and count give
 * the same sensors every time. The fleet is registered in the set either way.
 */
public final class FleetResolver {
  private final SensorRegistry registry;

  public FleetResolver(SensorRegistry registry) {
    this.registry = registry;
  }

  /** {@link #resolve(String, int, OptionalLong, long)} in the default set. */
  public List<SensorSpec> resolve(int count, OptionalLong seed, long freshSeed) {
    return resolve(SensorRegistry.DEFAULT_SET, count, seed, freshSeed);
  }

  /**
   * @param set the sensor set's name
   * @param count how many sensors, >= 1
   * @param seed the run's seed, if the user gave one
   * @param freshSeed seed for the ids of sensors that must be created
   */
  public List<SensorSpec> resolve(String set, int count, OptionalLong seed, long freshSeed) {
    List<SensorSpec> fleet = seed.isPresent() ? Fleet.create(count, seed.getAsLong()) : reuse(set, count, freshSeed);
    registry.register(set, fleet);
    return fleet;
  }

  private List<SensorSpec> reuse(String set, int count, long freshSeed) {
    List<SensorSpec> fleet = pickRoundRobin(registry.load(set), count);
    if (fleet.size() >= count) {
      return fleet;
    }
    // New sensors take the places after the known ones, so kinds and sites keep the round-robin
    // layout (sensor i: kind i % 6, site i / 6).
    Set<String> taken = new HashSet<>();
    registry.load().forEach(s -> taken.add(s.sensorId()));
    long seed = freshSeed;
    while (fleet.size() < count) {
      List<SensorSpec> candidates = Fleet.create(count, seed++);
      for (int i = fleet.size(); i < count && !taken.contains(candidates.get(i).sensorId()); i++) {
        fleet.add(candidates.get(i));
        taken.add(candidates.get(i).sensorId());
      }
    }
    return fleet;
  }

  /**
   * Up to {@code count} of {@code known} (in fleet order): the first sensor of each kind, then the
   * second of each kind, and so on, kinds in {@link SensorKind} order.
   */
  static List<SensorSpec> pickRoundRobin(List<SensorSpec> known, int count) {
    Map<SensorKind, Queue<SensorSpec>> byKind = new EnumMap<>(SensorKind.class);
    for (SensorSpec s : known) {
      byKind.computeIfAbsent(s.kind(), k -> new ArrayDeque<>()).add(s);
    }
    List<SensorSpec> picked = new ArrayList<>(Math.min(count, known.size()));
    while (picked.size() < count && !byKind.isEmpty()) {
      for (SensorKind kind : SensorKind.values()) {
        Queue<SensorSpec> queue = byKind.get(kind);
        if (queue == null || picked.size() >= count) {
          continue;
        }
        picked.add(queue.remove());
        if (queue.isEmpty()) {
          byKind.remove(kind);
        }
      }
    }
    return picked;
  }
}
