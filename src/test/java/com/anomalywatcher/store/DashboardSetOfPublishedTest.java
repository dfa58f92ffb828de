package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.anomalywatcher.store.DashboardStore.SensorLatest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generator's readings taken in over MQTT into another database: its sensors are registered there
 * as other programs' (no set), and each reading's metadata names the set it was published from
 * ({@code continuous --publish}). The dashboard names their set from it, so two sets' restaurant 0
 * are two sites there too; a registered set comes first.
 */
class DashboardSetOfPublishedTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("dashboard-set-of-published");

  @Test
  void aSensorWithoutARegisteredSetIsInTheSetItsMetadataNames() {
    db.execute("""
        INSERT INTO sensors_data ("timestamp", sensor_id, type, category, value, unit, location, sensors_metadata)
        VALUES ('2026-11-30T10:00:00Z', 'fan-restaurant-00000a', 'analog', 'fan', 600, 'rpm', 'restaurant',
                '{"set": "a", "site": 0}'),
               ('2026-11-30T10:00:00Z', 'fan-restaurant-00000b', 'analog', 'fan', 610, 'rpm', 'restaurant',
                '{"set": "b", "site": 0}'),
               ('2026-11-30T10:00:00Z', 'fan-restaurant-00000c', 'analog', 'fan', 620, 'rpm', 'restaurant',
                '{"site": 0}')""");
    DashboardStore store = new DashboardStore(db.database());

    assertThat(store.latestPerSensor()).extracting(SensorLatest::sensorId, SensorLatest::sensorSet, SensorLatest::site)
        .containsExactly(
            tuple("fan-restaurant-00000a", "a", "0"),
            tuple("fan-restaurant-00000b", "b", "0"),
            tuple("fan-restaurant-00000c", null, "0"));
    assertThat(store.latestOf("fan-restaurant-00000b")).get().extracting(SensorLatest::sensorSet).isEqualTo("b");
  }
}
