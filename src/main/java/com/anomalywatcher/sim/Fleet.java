package com.anomalywatcher.sim;

import com.anomalywatcher.model.Location;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the simulated fleet for {@code --sensors N}: sensor {@code i} is of kind
 * {@code SensorKind.values()[i % 6]} on site {@code i / 6} at location
 * {@code Location.values()[(i / 6) % 4]}. Ids are {@code <prefix>-<location>-<6 hex>}; the hex part
 * depends only on the seed and the index (and on the earlier ids, to stay unique), so the first
 * {@code n} sensors are the same whatever the fleet size.
 */
public final class Fleet {
  private Fleet() {}

  /** The first {@code count} sensors for the seed; {@code count >= 1}. */
  public static List<SensorSpec> create(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("sensor count must be >= 1, got " + count);
    }
    SensorKind[] kinds = SensorKind.values();
    Location[] locations = Location.values();
    List<SensorSpec> fleet = new ArrayList<>(count);
    Set<String> suffixes = new HashSet<>();
    for (int i = 0; i < count; i++) {
      SensorKind kind = kinds[i % kinds.length];
      int site = i / kinds.length;
      Location location = locations[site % locations.length];
      String suffix;
      int attempt = 0;
      do {
        long bits = Noise.mix(Noise.mix(seed ^ 0xF1EE7L) + i * 0x100000001B3L + attempt++);
        suffix = String.format(Locale.ROOT, "%06x", bits & 0xFFFFFF);
      } while (!suffixes.add(suffix));
      fleet.add(new SensorSpec(kind.prefix() + "-" + location.dbName() + "-" + suffix, kind, location, site));
    }
    return List.copyOf(fleet);
  }
}
