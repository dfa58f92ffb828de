package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadingFollowerTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("follower");

  private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);

  private static void write(TestDatabase t, List<Reading> rows) {
    try (ReadingWriter w = ReadingWriter.open(t.database(), CLOCK)) {
      w.writeAll(rows);
    }
  }

  private static void insertRaw(Connection c, Reading r) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location)"
            + " VALUES (?, ?, ?, 'analog', 'oven', ?, '°C', 'factory')")) {
      s.setObject(1, r.id());
      s.setObject(2, GroundTruthStore.utc(r.timestamp()));
      s.setString(3, r.sensorId());
      s.setDouble(4, r.value());
      s.executeUpdate();
    }
  }

  @Test
  void showsTheNewestRowsFirstThenOnlyRowsCommittedLater() {
    try (TestDatabase t = TestDatabase.fresh("follow basic")) {
      write(t, TestReadings.series(2, START, Duration.ofMinutes(1), 10));
      ReadingFollower f = new ReadingStore(t.database()).follow(ReadFilter.all(), 3);

      assertThat(f.initial()).extracting(StoredReading::timestamp)
          .containsExactly(START.plusSeconds(540), START.plusSeconds(540), START.plusSeconds(480));
      assertThat(f.poll()).isEmpty();

      write(t, TestReadings.series(2, START.plusSeconds(600), Duration.ofMinutes(1), 2));
      assertThat(f.poll()).extracting(StoredReading::timestamp)
          .containsExactly(START.plusSeconds(600), START.plusSeconds(600), START.plusSeconds(660), START.plusSeconds(660));
      assertThat(f.poll()).isEmpty();
    }
  }

  @Test
  void rowOfATransactionCommittingLateIsShownOnceAfterItCommits() throws SQLException {
    try (TestDatabase t = TestDatabase.fresh("follow late commit")) {
      write(t, TestReadings.series(1, START, Duration.ofMinutes(1), 1));
      ReadingFollower f = new ReadingStore(t.database()).follow(ReadFilter.all(), 10);
      Reading early = TestReadings.reading(5, START.plusSeconds(60), 1);
      Reading late = TestReadings.reading(6, START.plusSeconds(120), 2);
      try (Connection slow = DriverManager.getConnection(t.jdbcUrl());
          Connection fast = DriverManager.getConnection(t.jdbcUrl())) {
        slow.setAutoCommit(false);
        insertRaw(slow, early); // older timestamp, commits last
        insertRaw(fast, late);

        assertThat(f.poll()).extracting(StoredReading::id).containsExactly(late.id());
        slow.commit();
      }
      assertThat(f.poll()).extracting(StoredReading::id).containsExactly(early.id());
      assertThat(f.poll()).isEmpty();
    }
  }

  @Test
  void drainsABigBacklogInPagesWithoutDuplicatesOrGaps() {
    try (TestDatabase t = TestDatabase.fresh("follow backlog")) {
      ReadingFollower f = new ReadingStore(t.database()).follow(ReadFilter.all(), 1);
      List<Reading> rows = TestReadings.series(5, START, Duration.ofMinutes(1), 5_000);
      write(t, rows);

      Set<UUID> seen = new HashSet<>();
      List<StoredReading> batch;
      int polls = 0;
      while (!(batch = f.poll()).isEmpty()) {
        polls++;
        for (StoredReading r : batch) {
          assertThat(seen.add(r.id())).as("duplicate %s", r).isTrue();
        }
      }
      assertThat(seen).hasSize(rows.size());
      assertThat(polls).isEqualTo(3);
    }
  }

  @Test
  void followsTwoParallelWritersExactlyOnce() throws Exception {
    try (TestDatabase t = TestDatabase.fresh("follow parallel")) {
      List<Reading> rows = TestReadings.series(7, START, Duration.ofSeconds(10), 3_000);
      ReadingFollower f = new ReadingStore(t.database()).follow(ReadFilter.all(), 1);
      Thread producer = new Thread(() -> {
        // Small batches on two connections: commits interleave and finish out of timestamp order.
        try (ReadingWriter w = ReadingWriter.open(t.database(), new ReadingWriter.Options(2, 70, ReadingWriter.Method.COPY), CLOCK)) {
          w.writeAll(rows);
        }
      }, "follow-test-producer");
      producer.start();

      Set<UUID> seen = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.size() < rows.size() && System.nanoTime() < deadline) {
        for (StoredReading r : f.poll()) {
          assertThat(seen.add(r.id())).as("duplicate %s", r).isTrue();
        }
      }
      producer.join(Duration.ofSeconds(60).toMillis());
      assertThat(seen).hasSize(rows.size());
      assertThat(f.poll()).isEmpty();
    }
  }

  @Test
  void appliesTheFilterToInitialAndNewRows() {
    try (TestDatabase t = TestDatabase.fresh("follow filter")) {
      write(t, TestReadings.series(3, START, Duration.ofMinutes(1), 5));
      ReadFilter one = new ReadFilter(Optional.of(TestReadings.sensorId(1)), Optional.of(Category.OVEN.dbName()),
          Optional.of(START.plusSeconds(120)));
      ReadingFollower f = new ReadingStore(t.database()).follow(one, 100);
      assertThat(f.initial()).hasSize(3).allMatch(r -> r.sensorId().equals(TestReadings.sensorId(1)));

      write(t, TestReadings.series(3, START.plusSeconds(300), Duration.ofMinutes(1), 2));
      List<StoredReading> next = new ArrayList<>(f.poll());
      assertThat(next).hasSize(2).allMatch(r -> r.sensorId().equals(TestReadings.sensorId(1)));
    }
  }
}
