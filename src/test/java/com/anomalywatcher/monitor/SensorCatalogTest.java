package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorCatalogTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
  private static final SensorDescription OVEN =
      new SensorDescription(Category.OVEN, SensorType.ANALOG, "°C", 0, 350, null);

  private static SensorRow row(String id, String category, String unit, String metadata) {
    return new SensorRow(id, "analog", category, unit, "restaurant", metadata, null, T);
  }

  @Test
  void takesTheRegisteredRangeAndTheTimeZoneFromTheMetadata() {
    SensorCatalog catalog = new SensorCatalog(Map.of("oven-restaurant-000001", OVEN));
    SensorDescription d = catalog.describe(
        row("oven-restaurant-000001", "oven", "°C", "{\"site\":1,\"timezone\":\"Europe/Paris\"}")).orElseThrow();
    assertThat(d.physicalMax()).isEqualTo(350);
    assertThat(d.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void describesAnUnregisteredSensorFromItsReadings() {
    SensorDescription d = new SensorCatalog(Map.of())
        .describe(row("oven-x", "heater", "°C", "{\"timezone\":\"Not/AZone\"}")).orElseThrow();
    assertThat(d.category()).isEqualTo(Category.HEATER);
    assertThat(d.physicalMin()).isEqualTo(-273.15);
    assertThat(d.zone()).isNull();
  }

  @Test
  void watchesACategoryWithoutDomainDetectorWithTheGenericDetector() {
    SensorDescription d = new SensorCatalog(Map.of()).describe(row("boiler-1", "boiler", "bar", "{}")).orElseThrow();
    assertThat(d.generic()).isTrue();
    assertThat(d.knownCategory()).isEmpty();
    assertThat(d.unit()).isEqualTo("bar");
  }

  @Test
  void watchesAKnownCategoryGenericallyWhenItsMetadataAsks() {
    SensorDescription d = new SensorCatalog(Map.of())
        .describe(row("oven-x", "oven", "°C", "{\"watch\": \"generic\"}")).orElseThrow();
    assertThat(d.generic()).isTrue();
    assertThat(d.knownCategory()).contains(Category.OVEN);
  }

  @Test
  void readsTheGenericFlagInAnyCase() {
    // The value was compared ignoring case, but a shortcut looked for a lower-case "generic" first.
    SensorDescription d = new SensorCatalog(Map.of())
        .describe(row("oven-y", "oven", "°C", "{\"watch\": \"Generic\"}")).orElseThrow();
    assertThat(d.generic()).isTrue();
    assertThat(new SensorCatalog(Map.of()).describe(row("oven-z", "oven", "°C", "{\"site\": \"generic store\"}"))
        .orElseThrow().generic()).isFalse();
  }
}
