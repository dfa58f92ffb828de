package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IngestorTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("ingestor");

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void storesReadingsOfUnknownSensorsRegistersThemAndIsIdempotent() {
    String first = "{\"sensor_id\":\"fridge-i1\",\"timestamp\":\"2026-11-29T08:00:00Z\",\"value\":4.2,"
        + "\"category\":\"Fridge\",\"unit\":\"°C\",\"location\":\"store-12\",\"metadata\":{\"watch\":\"generic\"}}";
    String later = "{\"sensor_id\":\"fridge-i1\",\"timestamp\":\"2026-11-29T08:01:00Z\",\"value\":4.3}";
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("plant/x", first, NOW));
      ingestor.add(Arrival.mqtt("plant/x", later, NOW));
      ingestor.add(Arrival.mqtt("plant/boiler-7", "{\"value\":70,\"timestamp\":1796032800000}", NOW));
      ingestor.add(Arrival.mqtt("plant/x", "not json", NOW));
      Ingestor.Committed c = ingestor.commit();
      assertThat(c.readings()).isEqualTo(3);
      assertThat(c.stored()).isEqualTo(3);
      assertThat(c.newSensors()).isEqualTo(2);
      assertThat(c.rejected()).hasSize(1);

      ingestor.add(Arrival.mqtt("plant/x", later, NOW));
      Ingestor.Committed again = ingestor.commit();
      assertThat(again.readings()).isEqualTo(1);
      assertThat(again.stored()).isZero();
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(3);
    assertThat(db.queryString("SELECT category || '|' || unit || '|' || location || '|' || type FROM sensors_data "
        + "WHERE sensor_id = 'fridge-i1' AND timestamp = '2026-11-29T08:01:00Z'")).isEqualTo("fridge|°C|store-12|analog");
    assertThat(db.queryString("SELECT sensors_metadata->>'watch' FROM sensors_data WHERE sensor_id = 'fridge-i1' "
        + "AND timestamp = '2026-11-29T08:01:00Z'")).isEqualTo("generic");
    assertThat(db.queryString("SELECT category || '|' || type || '|' || unit || '|' || location || '|' "
        + "|| coalesce(kind, 'none') FROM sensors WHERE sensor_id = 'boiler-7'")).isEqualTo("unknown|analog||unknown|none");
    assertThat(db.queryString("SELECT reason FROM ingest_rejects")).startsWith("not JSON");
  }

  @Test
  void readingsMergeTheirMetadataAndOnlyDescribingKeysAreWrittenToTheRegistry() {
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("t/meter-m1", "{\"timestamp\":\"2026-11-29T08:00:00Z\",\"value\":1,"
          + "\"metadata\":{\"watch\":\"generic\",\"uptime\":1}}", NOW));
      ingestor.commit();
      // Telemetry with every reading: stored with the reading, not written to sensors each time.
      ingestor.add(Arrival.mqtt("t/meter-m1", "{\"timestamp\":\"2026-11-29T08:01:00Z\",\"value\":2,"
          + "\"metadata\":{\"uptime\":61}}", NOW));
      ingestor.commit();
      assertThat(db.queryString("SELECT metadata::text FROM sensors WHERE sensor_id = 'meter-m1'"))
          .isEqualTo("{\"watch\": \"generic\", \"uptime\": 1}");
      ingestor.add(Arrival.mqtt("t/meter-m1", "{\"timestamp\":\"2026-11-29T08:02:00Z\",\"value\":3,"
          + "\"metadata\":{\"uptime\":121,\"timezone\":\"Asia/Tokyo\"}}", NOW));
      ingestor.commit();
    }
    assertThat(db.queryString("SELECT sensors_metadata->>'watch' || '|' || (sensors_metadata->>'uptime') FROM sensors_data"
        + " WHERE sensor_id = 'meter-m1' AND timestamp = '2026-11-29T08:01:00Z'")).isEqualTo("generic|61");
    assertThat(db.queryString("SELECT metadata::text FROM sensors WHERE sensor_id = 'meter-m1'"))
        .isEqualTo("{\"watch\": \"generic\", \"uptime\": 121, \"timezone\": \"Asia/Tokyo\"}");
  }

  @Test
  void aBatchOfTelemetryIsWrittenToTheRegistryOnlyWhenOneOfItsReadingsChangesADescribingKey() {
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("t/meter-b1", "{\"timestamp\":\"2026-11-29T08:00:00Z\",\"value\":1,"
          + "\"metadata\":{\"site\":\"s1\",\"uptime\":1}}", NOW));
      ingestor.commit();
      for (int minute = 1; minute <= 3; minute++) {
        ingestor.add(Arrival.mqtt("t/meter-b1", "{\"timestamp\":\"2026-11-29T08:0" + minute + ":00Z\",\"value\":1,"
            + "\"metadata\":{\"uptime\":" + (1 + 60 * minute) + "}}", NOW));
      }
      ingestor.commit();
      String afterTelemetry = db.queryString("SELECT metadata::text FROM sensors WHERE sensor_id = 'meter-b1'");

      ingestor.add(Arrival.mqtt("t/meter-b1", "{\"timestamp\":\"2026-11-29T08:04:00Z\",\"value\":1,"
          + "\"metadata\":{\"uptime\":241}}", NOW));
      ingestor.add(Arrival.mqtt("t/meter-b1", "{\"timestamp\":\"2026-11-29T08:05:00Z\",\"value\":1,"
          + "\"metadata\":{\"uptime\":301,\"timezone\":\"Asia/Tokyo\"}}", NOW));
      ingestor.add(Arrival.mqtt("t/meter-b1", "{\"timestamp\":\"2026-11-29T08:06:00Z\",\"value\":1,"
          + "\"metadata\":{\"uptime\":361}}", NOW));
      ingestor.commit();

      assertThat(afterTelemetry).isEqualTo("{\"site\": \"s1\", \"uptime\": 1}");
    }
    assertThat(db.queryString("SELECT metadata::text FROM sensors WHERE sensor_id = 'meter-b1'"))
        .isEqualTo("{\"site\": \"s1\", \"uptime\": 361, \"timezone\": \"Asia/Tokyo\"}");
    assertThat(db.queryString("SELECT string_agg(sensors_metadata->>'uptime' || coalesce('@' || (sensors_metadata->>'timezone'), ''),"
        + " ',' ORDER BY timestamp) FROM sensors_data WHERE sensor_id = 'meter-b1'"))
        .isEqualTo("1,61,121,181,241,301@Asia/Tokyo,361@Asia/Tokyo");
  }

  @Test
  void rejectsUnknownTypeOfNewSensor() {
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("t/counter-1", "{\"value\":3,\"type\":\"counter\",\"timestamp\":\"2026-11-28T00:00:00Z\"}", NOW));
      Ingestor.Committed c = ingestor.commit();
      assertThat(c.readings()).isZero();
      assertThat(c.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("type must be analog"));
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors WHERE sensor_id = 'counter-1'")).isZero();
  }
}
