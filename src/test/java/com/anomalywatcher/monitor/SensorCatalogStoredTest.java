package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.ingest.Arrival;
import com.anomalywatcher.ingest.Ingestor;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the catalog makes of a sensor whose metadata its readings changed over time, as stored. */
class SensorCatalogStoredTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("catalog-rezone");

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aSensorReZonedByALaterReadingStaysGeneric() {
    try (Ingestor ingestor = Ingestor.open(db.database(), CLOCK)) {
      ingest(ingestor, "08:00", "{\"timezone\":\"UTC\"}");
      ingest(ingestor, "08:01", "{\"watch\":\"generic\"}");
    }
    // A new ingest (a restart) re-zones the sensor: its reading names the time zone only.
    try (Ingestor ingestor = Ingestor.open(db.database(), CLOCK)) {
      ingest(ingestor, "08:02", "{\"timezone\":\"Europe/Berlin\"}");
    }

    List<ReadingStore.SensorRow> rows = new ReadingStore(db.database()).sensors(List.of("oven-rz1"));
    SensorDescription d = new SensorCatalog(Map.of()).describe(rows.get(0)).orElseThrow();

    assertThat(d.generic()).as(rows.get(0).metadataJson()).isTrue();
    assertThat(d.knownCategory()).contains(Category.OVEN);
    assertThat(d.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(db.queryString("SELECT metadata->>'watch' || '|' || (metadata->>'timezone') FROM sensors"
        + " WHERE sensor_id = 'oven-rz1'")).isEqualTo("generic|Europe/Berlin");
  }

  @Test
  void aReadingThatSetsAFlagReplacesItsValue() {
    try (Ingestor ingestor = Ingestor.open(db.database(), CLOCK)) {
      ingest(ingestor, "oven-rz2", "08:00", "{\"watch\":\"generic\",\"timezone\":\"UTC\"}");
      ingest(ingestor, "oven-rz2", "08:01", "{\"watch\":\"domain\"}");
    }

    List<ReadingStore.SensorRow> rows = new ReadingStore(db.database()).sensors(List.of("oven-rz2"));
    SensorDescription d = new SensorCatalog(Map.of()).describe(rows.get(0)).orElseThrow();

    assertThat(d.generic()).as(rows.get(0).metadataJson()).isFalse();
    assertThat(d.zone()).isEqualTo(ZoneId.of("UTC"));
  }

  private static void ingest(Ingestor ingestor, String hhmm, String metadata) {
    ingest(ingestor, "oven-rz1", hhmm, metadata);
  }

  private static void ingest(Ingestor ingestor, String sensorId, String hhmm, String metadata) {
    ingestor.add(Arrival.mqtt("plant/" + sensorId, "{\"timestamp\":\"2026-11-29T" + hhmm + ":00Z\",\"value\":180,"
        + "\"category\":\"oven\",\"unit\":\"°C\",\"metadata\":" + metadata + "}", NOW));
    Ingestor.Committed c = ingestor.commit();
    assertThat(c.readings()).as(c.rejected().toString()).isEqualTo(1);
  }
}
