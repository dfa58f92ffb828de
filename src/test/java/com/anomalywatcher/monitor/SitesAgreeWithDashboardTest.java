package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.DashboardStore.SensorLatest;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorRegistry.Attributes;
import com.anomalywatcher.store.TestDatabase;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor's sites (which fan switch judges a fan) and the dashboard's sites group the sensors of
 * one database alike: registered in a set, published with a set name, reporting a {@code "set"} of
 * their own, naming a site or none, registered by an ingest or only written into {@code sensors_data}.
 */
class SitesAgreeWithDashboardTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("sites-agree");

  @Test
  void theMonitorAndTheDashboardPartTheSensorsIntoTheSameSites() {
    db.execute("""
        INSERT INTO sensors_data ("timestamp", sensor_id, type, category, value, unit, location, sensors_metadata)
        VALUES ('2026-11-30T10:00:00Z', 'switch-r', 'digital', 'fan', 1, 'io', 'restaurant', '{"site": 0}'),
               ('2026-11-30T10:00:00Z', 'fan-r1', 'analog', 'fan', 600, 'rpm', 'restaurant', '{"set": 1200, "site": 0}'),
               ('2026-11-30T10:00:00Z', 'fan-r2', 'analog', 'fan', 600, 'rpm', 'restaurant', '{"set": "Eco Mode", "site": "0"}'),
               ('2026-11-30T10:00:00Z', 'fan-a', 'analog', 'fan', 600, 'rpm', 'restaurant', '{"set": "a", "site": 0}'),
               ('2026-11-30T10:00:00Z', 'switch-a', 'digital', 'fan', 1, 'io', 'restaurant', '{"set": "a", "site": 0}'),
               ('2026-11-30T10:00:00Z', 'fan-b', 'analog', 'fan', 600, 'rpm', 'restaurant', '{"set": "b", "site": 0}'),
               ('2026-11-30T10:00:00Z', 'fan-x', 'analog', 'fan', 600, 'rpm', 'restaurant', '{}'),
               ('2026-11-30T10:00:00Z', 'switch-x', 'digital', 'fan', 1, 'io', 'restaurant', '{"site": ""}'),
               ('2026-11-30T10:00:00Z', 'switch-y', 'digital', 'fan', 1, 'io', 'restaurant', '{"serial": "y"}')""");
    // an ingest registers what it takes in without a set; a generator's sensor is in its set
    new SensorRegistry(db.database()).registerNew(List.of(
        new Attributes("switch-r", "fan", "digital", "io", "restaurant", "{\"site\": 0}"),
        new Attributes("fan-r1", "fan", "analog", "rpm", "restaurant", "{\"set\": 1200, \"site\": 0}"),
        new Attributes("switch-x", "fan", "digital", "io", "restaurant", "{}")));
    db.execute("UPDATE sensors SET sensor_set = 'b' WHERE sensor_id = 'switch-r'");

    List<SensorRow> monitor = new ReadingStore(db.database()).sensors();
    List<SensorLatest> dashboard = new DashboardStore(db.database()).latestPerSensor();

    Set<Set<String>> bySite = parts(monitor, SensorRow::sensorId, Sites::siteOf);
    assertThat(parts(dashboard, SensorLatest::sensorId, s -> s.place().label())).isEqualTo(bySite);
    assertThat(bySite).containsExactlyInAnyOrder(Set.of("fan-r1", "fan-r2"), Set.of("fan-a", "switch-a"),
        Set.of("fan-b", "switch-r"), Set.of("fan-x"), Set.of("switch-x"), Set.of("switch-y"));
  }

  /** The sensors grouped by site, as sets of ids. */
  private static <T> Set<Set<String>> parts(Collection<T> sensors, Function<T, String> id, Function<T, String> site) {
    Map<String, Set<String>> bySite = new TreeMap<>();
    sensors.forEach(s -> bySite.computeIfAbsent(site.apply(s), k -> new TreeSet<>()).add(id.apply(s)));
    return new HashSet<>(bySite.values());
  }
}
