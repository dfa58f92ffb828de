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

  /** The README's advice after a failed import (an outage, a crash): run it again. */
  @Test
  void importingAFileAgainStoresNoReadingOrBadLineTwice(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("again.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-01-03T00:00:00Z,a-1,1\nyesterday,a-1,2\n2026-01-03T00:02:00Z,a-1,3\n");

    CsvImport.Result first = importFile(f, clock);
    CsvImport.Result again = importFile(f, Clock.offset(clock, java.time.Duration.ofHours(1)));

    assertThat(first.stored()).isEqualTo(2);
    assertThat(again.rows()).isEqualTo(2);
    assertThat(again.stored()).isZero();
    assertThat(again.badLines()).hasSize(1);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'a-1'")).isEqualTo(2);
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE origin = ?", f + ":3")).isEqualTo(1);
  }

  /** A crash mid-file leaves the rows of its first commits stored; running the import again adds the rest once. */
  @Test
  void importCutOffMidFileThenRunAgainStoresEveryRowOnce(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("cut.csv");
    StringBuilder all = new StringBuilder("timestamp,sensor_id,value\n");
    for (int i = 0; i < 100; i++) {
      all.append(Instant.parse("2026-01-04T00:00:00Z").plusSeconds(60L * i)).append(",c-1,").append(i % 7).append('\n');
      if (i == 40) {
        all.append("2026-01-04T00:40:30Z,c-1,warm\n");
      }
    }
    String text = all.toString();
    Files.writeString(f, text.substring(0, text.indexOf("2026-01-04T01:00:00Z")));
    importFile(f, clock);

    Files.writeString(f, text);
    CsvImport.Result rest = importFile(f, clock);

    assertThat(rest.stored()).isEqualTo(40);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'c-1'")).isEqualTo(100);
    assertThat(db.queryLong("SELECT count(DISTINCT timestamp) FROM sensors_data WHERE sensor_id = 'c-1'")).isEqualTo(100);
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE origin LIKE ?", f + ":%")).isEqualTo(1);
  }

  /** One row per sensor and time: a later row for a stored pair is skipped, whatever its value; the first stays. */
  @Test
  void aSecondRowForASensorAndTimeIsSkippedAndTheFirstValueStays(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("twice.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-01-05T00:00:00Z,t-1,1\n2026-01-05T00:00:00Z,t-1,1\n"
        + "2026-01-05T00:00:00Z,t-1,9\n");

    CsvImport.Result r = importFile(f, clock);

    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.stored()).isEqualTo(1);
    assertThat(db.queryString("SELECT string_agg(value::text, ',') FROM sensors_data WHERE sensor_id = 't-1'")).isEqualTo("1");
  }

  private static CsvImport.Result importFile(Path f, Clock clock) throws Exception {
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      return new CsvImport(options(null, "UTC", true), clock).run(List.of(f), ingestor, b -> { });
    }
  }

  @Test
  void aFileWithoutAUsableHeaderIsRefusedEvenWithSkipBadAndNothingIsWritten(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.csv");
    Files.writeString(good, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,h-1,1\n");
    Path nab = dir.resolve("nab.csv");
    Files.writeString(nab, "timestamp,value\n2013-12-02 21:15:00,73.9\n");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      // It exited 0 with "imported 0 rows ... 1 bad line skipped": a success that stored nothing of the file.
      assertThatThrownBy(() -> new CsvImport(options(null, "UTC", true), clock).run(List.of(good, nab), ingestor, b -> { }))
          .isInstanceOf(CsvImport.BadFile.class)
          .hasMessageContaining(nab + ":1").hasMessageContaining("--sensor-id")
          .hasMessageEndingWith("(nothing was imported)");
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'h-1'")).isZero();
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

  @Test
  void aSensorIdForAFileWithASensorIdColumnIsABadFileEvenWithSkipBad(@TempDir Path dir) throws Exception {
    Path nab = dir.resolve("nab.csv");
    Files.writeString(nab, "timestamp,value\n2013-12-02 21:15:00,73.9\n");
    Path long_ = dir.resolve("long.csv");
    Files.writeString(long_, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,own-1,1\n");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      assertThatThrownBy(() -> new CsvImport(options("wanted-1", "UTC", true), clock).run(List.of(nab, long_), ingestor, b -> { }))
          .isInstanceOf(CsvImport.BadFile.class)
          .hasMessageContaining(long_ + ":1").hasMessageContaining("--sensor-id 'wanted-1'")
          .hasMessageEndingWith("(nothing was imported)");
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id IN ('wanted-1', 'own-1')")).isZero();
  }
}
