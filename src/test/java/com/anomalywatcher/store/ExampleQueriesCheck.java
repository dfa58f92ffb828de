package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Location;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shared by the plain PostgreSQL and the TimescaleDB tests: writes a few hours of readings ending
 * now, then runs both example files and checks that they answer, and answer the same.
 */
final class ExampleQueriesCheck {
  private ExampleQueriesCheck() {}

  /** Two hours of minute readings up to {@code now}: an oven that overheats, a fan, a toggling lamp. */
  static List<Reading> recentReadings(Instant now) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES);
    List<Reading> rows = new ArrayList<>();
    for (int m = 120; m >= 1; m--) {
      Instant t = end.minus(Duration.ofMinutes(m));
      rows.add(row("oven-factory-0000a1", t, SensorType.ANALOG, Category.OVEN, m < 10 ? 320 : 200, "°C"));
      rows.add(row("fan-factory-0000a2", t, SensorType.ANALOG, Category.FAN, 600 + m % 7, "rpm"));
      rows.add(row("lamp-factory-0000a3", t, SensorType.DIGITAL, Category.LAMP, (m / 5) % 2, "io"));
    }
    return rows;
  }

  private static Reading row(String id, Instant t, SensorType type, Category c, double v, String unit) {
    UUID uuid = UUID.nameUUIDFromBytes((id + t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new Reading(uuid, t, id, type, c, v, unit, Location.FACTORY, "{\"firmware\": \"1.0\"}");
  }

  static void writeRecent(Database db, Instant now, ReadingWriter.Method method) {
    try (ReadingWriter w =
        ReadingWriter.open(db, new ReadingWriter.Options(1, 1_000, method), Clock.fixed(now, ZoneOffset.UTC))) {
      w.writeAll(recentReadings(now));
    }
  }

  /** Runs both files on the URL; asserts every query answers and both files agree. */
  static void runBothFiles(String jdbcUrl) throws SQLException {
    Map<String, String> bucket = ExampleQueries.load(ExampleQueries.TIMESCALEDB);
    Map<String, String> dateBin = ExampleQueries.load(ExampleQueries.POSTGRES);
    assertThat(bucket.keySet()).containsExactly(
        "latest-readings", "hourly-oven-average", "hot-ovens", "fan-rpm-15min", "digital-state-changes");
    assertThat(dateBin.keySet()).containsExactlyElementsOf(bucket.keySet());
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      for (String name : bucket.keySet()) {
        List<String> a = rows(c, bucket.get(name));
        List<String> b = rows(c, dateBin.get(name));
        assertThat(a).as(name).isNotEmpty().isEqualTo(b);
      }
      assertThat(rows(c, bucket.get("hot-ovens"))).hasSize(9);
      assertThat(rows(c, bucket.get("latest-readings"))).hasSize(10);
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
