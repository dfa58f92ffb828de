package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.StoppableDatabase;
import com.anomalywatcher.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test: the database is stopped for 20 of 40 one-second ticks of {@code continuous} (in
 * simulated time; the server really stops and starts). The generator holds the readings, says so
 * once, writes them all when the database is back, and ends normally: every second of every sensor
 * stored exactly once. The old generator exited with an error at the first failed write.
 */
class GeneratorOutageTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void ridesOutAnOutageAndStoresEverySecondOnce(@TempDir Path dir) throws Exception {
    try (StoppableDatabase server = new StoppableDatabase(dir);
        Database db = Database.connect(server.jdbcUrl())) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db)).resolve(6, OptionalLong.of(9), 9);
      List<String> said = new ArrayList<>();
      List<Long> pendingAtTick = new ArrayList<>();
      Sleeper sleeper = (deadline, stop) -> {
        long tick = Duration.between(T0, deadline).toSeconds();
        if (tick == 5 && deadline.isAfter(clock.instant())) {
          server.stop();
        } else if (tick == 25 && deadline.isAfter(clock.instant())) {
          server.start();
        }
        clock.set(deadline.isAfter(clock.instant()) ? deadline : clock.instant());
      };
      DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), said::add, sleeper::sleepUntil);
      ContinuousGenerator generator = new ContinuousGenerator(db, new ContinuousGenerator.Settings(fleet,
          new SimulationSettings(9, Duration.ofSeconds(1), 0.0, false), Optional.of(Duration.ofSeconds(40))),
          clock, sleeper, retry);
      ContinuousGenerator.Summary summary =
          generator.run(() -> false, (tick, forced, cleared) -> pendingAtTick.add(generator.pendingReadings()));

      assertThat(summary.ticks()).isEqualTo(40);
      assertThat(summary.readings()).isEqualTo(240);
      assertThat(summary.dropped()).isZero();
      assertThat(summary.unstored()).isZero();
      assertThat(said).hasSize(2);
      assertThat(said.get(0)).isEqualTo("database unavailable since 12:00:05, retrying");
      assertThat(said.get(1)).startsWith("database available again at 12:00:");
      assertThat(pendingAtTick.get(4)).isZero();
      assertThat(pendingAtTick.get(10)).isEqualTo(6L * 6);
      // When the backlog goes out after the restart depends on the backoff and the real server: by the end it has.
      assertThat(query(server, "SELECT count(*) || '|' || count(DISTINCT (sensor_id, timestamp)) || '|'"
          + " || count(DISTINCT timestamp) || '|' || min(timestamp) FROM sensors_data"))
          .isEqualTo("240|240|40|2026-03-02 12:00:00+00");
    }
  }

  private static String query(StoppableDatabase server, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
