package com.anomalywatcher.generate;

import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.store.SensorRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides which sensors a generator runs. With a seed, the seed's fleet (ids stable for the seed).
 * Without one, the sensors already registered (so a restarted generator continues the same
 * sensors from their stored state), topped up with new ones. The fleet is registered either way.
 */
public final class FleetResolver {
  private final SensorRegistry registry;

  public FleetResolver(SensorRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param count how many sensors, >= 1
   * @param seed the run's seed, if the user gave one
   * @param freshSeed seed for the ids of sensors that must be created
   */
  public List<SensorSpec> resolve(int count, OptionalLong seed, long freshSeed) {
    List<SensorSpec> fleet = seed.isPresent() ? Fleet.create(count, seed.getAsLong()) : reuse(count, freshSeed);
    registry.register(fleet);
    return fleet;
  }

  private List<SensorSpec> reuse(int count, long freshSeed) {
    List<SensorSpec> known = registry.load();
    if (known.size() >= count) {
      return List.copyOf(known.subList(0, count));
    }
    // New sensors take the places after the known ones, so kinds and sites keep the round-robin
    // layout (sensor i: kind i % 6, site i / 6).
    Set<String> taken = new HashSet<>();
    known.forEach(s -> taken.add(s.sensorId()));
    List<SensorSpec> fleet = new ArrayList<>(known);
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
}
