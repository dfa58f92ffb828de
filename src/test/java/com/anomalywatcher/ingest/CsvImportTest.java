package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CsvImportTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("csv-import");

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

  private static CsvImport.Options options(String sensorId, String zone, boolean skipBad) {
    return new CsvImport.Options(sensorId, null, null, "°C", "plant-3", ZoneId.of(zone), skipBad);
  }

  @Test
  void importsNabLayoutUnderTheGivenIdInTheGivenZone(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nab.csv");
    Files.writeString(f, "timestamp,value\n2013-12-02 21:15:00,73.9\n2013-12-02 21:20:00,74.0\n2013-12-02 21:20:00,74.0\n");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      CsvImport.Result r = new CsvImport(options("press-1", "Europe/Berlin", false), clock).run(List.of(f), ingestor, b -> { });
      assertThat(r.rows()).isEqualTo(3);
      assertThat(r.stored()).isEqualTo(2);
      assertThat(r.newSensors()).isEqualTo(1);
    }
    assertThat(db.queryString("SELECT min(timestamp)::text FROM sensors_data WHERE sensor_id = 'press-1'"))
        .isEqualTo("2013-12-02 20:15:00+00");
    assertThat(db.queryString("SELECT category || '|' || unit || '|' || location || '|' || (metadata->>'timezone') "
        + "FROM sensors WHERE sensor_id = 'press-1'")).isEqualTo("unknown|°C|plant-3|Europe/Berlin");
  }

  @Test
  void badLineWritesNothingAndNamesFileLineAndWhy(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.csv");
    Files.writeString(good, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,g-1,1\n");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "timestamp,sensor_id,value,category\n2026-01-01T00:00:00Z,b-1,1,tank\n2026-01-01T00:01:00Z,b-1,NaN,tank\n");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      assertThatThrownBy(() -> new CsvImport(options(null, "UTC", false), clock).run(List.of(good, bad), ingestor, b -> { }))
          .isInstanceOf(CsvImport.BadFile.class)
          .hasMessageContaining(bad + ":3").hasMessageContaining("not a finite number");
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id IN ('g-1', 'b-1')")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM sensors WHERE sensor_id IN ('g-1', 'b-1')")).isZero();
  }

  @Test
  void skipBadStoresGoodRowsAndRecordsEveryBadLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mixed.csv");
    Files.writeString(f, "timestamp,sensor_id,value,category\n2026-01-02T00:00:00Z,m-1,1,tank\n"
        + "yesterday,m-1,2,tank\n2026-01-02T00:02:00Z,m-1,,tank\n2026-01-02T00:03:00Z,m-1\n2026-01-02T00:04:00Z,m-1,4,tank\n");
    CsvImport.Result r;
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      r = new CsvImport(options(null, "UTC", true), clock).run(List.of(f), ingestor, b -> { });
    }
    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.badLines()).extracting(CsvImport.BadLine::line).containsExactly(3L, 4L, 5L);
    assertThat(r.badLines()).extracting(CsvImport.BadLine::reason)
        .containsExactly("unparsable timestamp 'yesterday'", "no value", "expected 4 columns, got 2");
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE source = 'csv' AND origin LIKE ?", "%mixed.csv:%"))
        .isEqualTo(3);
    assertThat(db.queryString("SELECT category FROM sensors WHERE sensor_id = 'm-1'")).isEqualTo("tank");
  }

  @Test
  void nabLayoutWithoutSensorIdIsABadFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nab.csv");
    Files.writeString(f, "timestamp,value\n2013-12-02 21:15:00,73.9\n");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      assertThatThrownBy(() -> new CsvImport(options(null, "UTC", false), clock).run(List.of(f), ingestor, b -> { }))
          .hasMessageContaining(":1").hasMessageContaining("--sensor-id");
    }
  }
}
