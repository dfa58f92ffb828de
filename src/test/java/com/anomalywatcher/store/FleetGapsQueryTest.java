package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ReadingStore#fleetGaps} walks the reading instants through the time index; its answers must
 * be those of the plain computation on the stored readings (every distinct instant in the window,
 * each with the one before it, the newest {@code limit} of those further apart than the span, oldest
 * first), in plain PostgreSQL mode (day partitions) and on TimescaleDB (a hypertable, its chunks
 * compressed or not), and it must read the index, not every reading in the window.
 */
class FleetGapsQueryTest {
  /** Midnight UTC, four days ago: the readings stay younger than TimescaleDB's compression policy. */
  private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(4));
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Nested
  class PlainPostgreSql extends Contract {
    @RegisterExtension static final TestDatabase plain = TestDatabase.fresh("fleet gaps query");

    @Override
    Database database() {
      return plain.database();
    }
  }

  @Nested
  @Tag("timescaledb")
  class TimescaleDb extends Contract {
    private static String url;
    private static Database db;

    @BeforeAll
    static void hypertable() {
      url = TimescaleServer.freshDatabase("fleet-gaps-query"); // skips, or fails when required, without a server
      db = Database.connect(url);
      Schema.init(db, Optional.of(StorageMode.TIMESCALEDB), OptionalInt.empty(), Clock.systemUTC());
    }

    @AfterAll
    static void dropHypertable() {
      if (db != null) {
        db.close();
        TimescaleServer.drop(url);
      }
    }

    @Override
    Database database() {
      return db;
    }

    @Test
    void compressedChunksGiveTheSameGaps() throws SQLException {
      List<Reading> rows = randomFleet(new Random(5), 12, Duration.ofDays(2));
      write(rows);
      execute("SELECT compress_chunk(c) FROM show_chunks('sensors_data') c");
      assertThat(count("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'sensors_data'"
          + " AND is_compressed")).isPositive();

      Instant upTo = BASE.plus(Duration.ofDays(2));
      assertSameAsStraightforward(BASE, upTo, MINUTE.toMillis(), 64, "compressed");
      assertSameAsStraightforward(BASE.plus(Duration.ofHours(20)), BASE.plus(Duration.ofHours(28)), 0, 5, "compressed");
    }
  }

  /** The checks, run on each storage mode's database. */
  abstract static class Contract {
    abstract Database database();

    @BeforeEach
    void emptyTable() throws SQLException {
      execute("TRUNCATE sensors_data");
    }

    @Test
    void noReadingsNoGaps() throws SQLException {
      assertThat(gaps(BASE, BASE.plus(Duration.ofDays(1)), 0, 64)).isEmpty();
      assertSameAsStraightforward(BASE, BASE.plus(Duration.ofDays(1)), 0, 64, "empty");
    }

    @Test
    void oneInstantNoGaps() throws SQLException {
      Instant t = BASE.plus(Duration.ofHours(3));
      write(List.of(TestReadings.reading(1, t, 1), TestReadings.reading(2, t, 2), TestReadings.reading(3, t, 3)));

      assertThat(gaps(BASE, BASE.plus(Duration.ofDays(1)), 0, 64)).isEmpty();
      assertThat(gaps(t, t, 0, 64)).isEmpty();
      assertSameAsStraightforward(BASE, BASE.plus(Duration.ofDays(1)), 0, 64, "one instant");
    }

    @Test
    void gapsAtBothEdgesOfTheWindowCountAndReadingsOutsideItDoNot() throws SQLException {
      Instant from = BASE.plus(Duration.ofHours(10));
      Instant upTo = from.plus(Duration.ofHours(2));
      List<Instant> instants = new ArrayList<>();
      instants.add(from.minus(Duration.ofMinutes(90)));  // before the window: its pause to `from` is not the window's
      instants.add(from);                                   // the window's first instant, then a pause of 30 min
      for (Instant t = from.plus(Duration.ofMinutes(30)); t.isBefore(upTo.minus(Duration.ofMinutes(45))); t = t.plus(MINUTE)) {
        instants.add(t);
      }
      instants.add(upTo);                                   // after a pause of 46 min, the window's last instant
      instants.add(upTo.plus(Duration.ofMinutes(90)));     // after the window
      write(fleetAt(instants, 3));

      List<ReadingStore.Gap> gaps = gaps(from, upTo, MINUTE.toMillis(), 64);

      assertThat(gaps).containsExactly(
          new ReadingStore.Gap(from, from.plus(Duration.ofMinutes(30))),
          new ReadingStore.Gap(upTo.minus(Duration.ofMinutes(46)), upTo));
      assertSameAsStraightforward(from, upTo, MINUTE.toMillis(), 64, "edges");
      // A window ending inside the last pause, or starting inside the first, sees neither of them.
      assertThat(gaps(from.plus(MINUTE), upTo.minus(MINUTE), MINUTE.toMillis(), 64)).isEmpty();
    }

    @Test
    void keepsTheNewestLimitOldestFirst() throws SQLException {
      List<Instant> instants = new ArrayList<>();
      for (int pause = 0; pause < 10; pause++) {  // ten stretches of 5 readings, each followed by a pause of 10 + pause min
        Instant start = BASE.plus(Duration.ofHours(pause));
        for (int i = 0; i < 5; i++) {
          instants.add(start.plus(MINUTE.multipliedBy(i)));
        }
      }
      write(fleetAt(instants, 4));
      Instant upTo = BASE.plus(Duration.ofHours(10));

      List<ReadingStore.Gap> gaps = gaps(BASE, upTo, MINUTE.toMillis(), 3);

      assertThat(gaps).containsExactly(
          new ReadingStore.Gap(BASE.plus(Duration.ofHours(6)).plus(MINUTE.multipliedBy(4)), BASE.plus(Duration.ofHours(7))),
          new ReadingStore.Gap(BASE.plus(Duration.ofHours(7)).plus(MINUTE.multipliedBy(4)), BASE.plus(Duration.ofHours(8))),
          new ReadingStore.Gap(BASE.plus(Duration.ofHours(8)).plus(MINUTE.multipliedBy(4)), BASE.plus(Duration.ofHours(9))));
      assertSameAsStraightforward(BASE, upTo, MINUTE.toMillis(), 3, "limit 3");
      assertSameAsStraightforward(BASE, upTo, MINUTE.toMillis(), 1, "limit 1");
      assertSameAsStraightforward(BASE, upTo, MINUTE.toMillis(), 64, "limit 64");
    }

    @Test
    void aStretchExactlyAsLongAsTheSpanIsNoGap() throws SQLException {
      Instant a = BASE.plus(Duration.ofHours(1));
      Instant b = a.plusSeconds(300);
      Instant c = b.plusSeconds(300).plusMillis(1);
      write(fleetAt(List.of(a, b, c), 2));

      assertThat(gaps(BASE, c, 300_000, 64)).containsExactly(new ReadingStore.Gap(b, c));
      assertSameAsStraightforward(BASE, c, 300_000, 64, "span");
      assertSameAsStraightforward(BASE, c, 299_999, 64, "span - 1 ms");
    }

    @Test
    void aPauseOverMidnightAndOverAWholeMissingDayIsFound() throws SQLException {
      Instant midnight = BASE.plus(Duration.ofDays(1));
      List<Instant> instants = new ArrayList<>();
      for (Instant t = midnight.minus(Duration.ofMinutes(30)); !t.isAfter(midnight.minus(Duration.ofMinutes(10))); t = t.plus(MINUTE)) {
        instants.add(t);
      }
      Instant back = midnight.plus(Duration.ofMinutes(20));
      instants.add(back);
      Instant afterADay = midnight.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)); // nothing on the day between
      instants.add(afterADay);
      write(fleetAt(instants, 3));

      List<ReadingStore.Gap> gaps = gaps(BASE, afterADay, MINUTE.toMillis(), 64);

      assertThat(gaps).containsExactly(
          new ReadingStore.Gap(midnight.minus(Duration.ofMinutes(10)), back), new ReadingStore.Gap(back, afterADay));
      assertSameAsStraightforward(BASE, afterADay, MINUTE.toMillis(), 64, "midnight");
    }

    @Test
    void randomFleetsGiveTheGapsOfTheStraightforwardComputation() throws SQLException {
      for (long seed : new long[] {11, 12, 13}) {
        Random random = new Random(seed);
        execute("TRUNCATE sensors_data");
        write(randomFleet(random, 15, Duration.ofDays(3)));

        for (int i = 0; i < 40; i++) {
          Instant from = BASE.plusSeconds(random.nextInt(3 * 86_400));
          Instant upTo = from.plusSeconds(random.nextInt(2 * 86_400));
          long span = List.of(0L, 1_000L, 30_000L, 60_000L, 600_000L).get(random.nextInt(5));
          int limit = 1 + random.nextInt(70);
          assertSameAsStraightforward(from, upTo, span, limit, "seed " + seed + ", window " + i);
        }
      }
    }

    @Test
    void walksTheTimeIndexInsteadOfReadingEveryRow() throws SQLException {
      int sensors = 100;
      int instants = 2 * 144;  // two days every 10 minutes
      write(TestReadings.series(sensors, BASE, Duration.ofMinutes(10), instants));
      execute("ANALYZE sensors_data");
      Instant last = BASE.plus(Duration.ofMinutes(10).multipliedBy(instants - 1));

      QueryPlan plan = QueryPlan.explain(database(), ReadingStore.FLEET_GAPS, Timestamp.from(BASE), Timestamp.from(last),
          Timestamp.from(last), MINUTE.toMillis(), 64);

      assertThat(plan.returned()).isEqualTo(64);  // every step is longer than a minute: the limit
      assertThat(plan.nodeTypes()).as(plan.text()).doesNotContain("Seq Scan");
      // one probe per instant, each reading the next instant's first row, not its 100 readings (the
      // DISTINCT query before read all 28,800 in plain mode; TimescaleDB's SkipScan walked it already)
      assertThat(plan.rowsExamined()).as(plan.text()).isLessThanOrEqualTo(2L * instants);
    }

    /** Compares the store's answer with the plain computation on every stored reading. */
    void assertSameAsStraightforward(Instant from, Instant upTo, long span, int limit, String what) throws SQLException {
      assertThat(gaps(from, upTo, span, limit))
          .as("%s: [%s, %s], longer than %d ms, limit %d", what, from, upTo, span, limit)
          .isEqualTo(straightforward(storedInstants(), from, upTo, span, limit));
    }

    List<ReadingStore.Gap> gaps(Instant from, Instant upTo, long span, int limit) {
      return new ReadingStore(database()).fleetGaps(from, upTo, span, limit);
    }

    void write(List<Reading> rows) {
      try (ReadingWriter w = ReadingWriter.open(database(), new ReadingWriter.Options(1, 5_000, ReadingWriter.Method.COPY),
          Clock.systemUTC())) {
        w.writeAll(rows);
      }
    }

    void execute(String sql) throws SQLException {
      try (Connection c = database().connection(); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    long count(String sql) throws SQLException {
      try (Connection c = database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private List<Instant> storedInstants() throws SQLException {
      List<Instant> out = new ArrayList<>();
      try (Connection c = database().connection();
          PreparedStatement s = c.prepareStatement("SELECT timestamp FROM sensors_data");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getTimestamp(1).toInstant());
        }
      }
      return out;
    }
  }

  /** The gaps by definition, from every stored reading instant: no index, no SQL. */
  static List<ReadingStore.Gap> straightforward(List<Instant> stored, Instant from, Instant upTo, long span, int limit) {
    TreeSet<Instant> inWindow = new TreeSet<>();
    for (Instant t : stored) {
      if (!t.isBefore(from) && !t.isAfter(upTo)) {
        inWindow.add(t);
      }
    }
    List<ReadingStore.Gap> gaps = new ArrayList<>();
    Instant previous = null;
    for (Instant t : inWindow) {
      if (previous != null && Duration.between(previous, t).compareTo(Duration.ofMillis(span)) > 0) {
        gaps.add(new ReadingStore.Gap(previous, t));
      }
      previous = t;
    }
    return List.copyOf(gaps.subList(Math.max(0, gaps.size() - limit), gaps.size()));
  }

  /** Every one of {@code sensors} sensors reports at each instant. */
  static List<Reading> fleetAt(List<Instant> instants, int sensors) {
    List<Reading> rows = new ArrayList<>();
    for (Instant t : instants) {
      for (int s = 0; s < sensors; s++) {
        rows.add(TestReadings.reading(s, t, s));
      }
    }
    return rows;
  }

  /**
   * Sensors of 30 s to 10 min with jitter of whole seconds, missing readings, and pauses of the whole
   * fleet (some shorter than a sensor's interval, some of hours, one over midnight) over
   * {@code length} from {@link #BASE}.
   */
  static List<Reading> randomFleet(Random random, int sensors, Duration length) {
    List<Instant[]> pauses = new ArrayList<>();
    pauses.add(new Instant[] {BASE.plus(Duration.ofHours(23).plusMinutes(50)), BASE.plus(Duration.ofHours(24).plusMinutes(25))});
    for (int p = 0; p < 12; p++) {
      Instant start = BASE.plusSeconds(random.nextInt((int) length.toSeconds()));
      pauses.add(new Instant[] {start, start.plusSeconds(20 + random.nextInt(3 * 3_600))});
    }
    List<Reading> rows = new ArrayList<>();
    Instant end = BASE.plus(length);
    for (int s = 0; s < sensors; s++) {
      long interval = List.of(30L, 60L, 120L, 300L, 600L).get(random.nextInt(5));
      for (Instant t = BASE.plusSeconds(random.nextInt((int) interval)); t.isBefore(end); t = t.plusSeconds(interval)) {
        Instant at = t.plusSeconds(random.nextInt(5));
        if (random.nextInt(50) != 0 && !paused(pauses, at)) {
          rows.add(TestReadings.reading(s, at, s));
        }
      }
    }
    return rows;
  }

  private static boolean paused(List<Instant[]> pauses, Instant t) {
    for (Instant[] p : pauses) {
      if (!t.isBefore(p[0]) && t.isBefore(p[1])) {
        return true;
      }
    }
    return false;
  }
}
