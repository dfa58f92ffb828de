package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plain mode at size depends on the plans, not on timings: the newest rows and a short time range
 * must be read through an index that orders by time, touching about as many rows as they return,
 * whatever the table holds. Checked with EXPLAIN ANALYZE on a small table, without statistics (the
 * machine's server runs without autovacuum, as a user's may) and after ANALYZE.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadingQueryPlanTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("reading plans");

  private static final int SENSORS = 200;
  private static final int DAYS = 2;
  private static final Duration STEP = Duration.ofMinutes(10);
  private static final int STEPS_PER_DAY = 144;
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(DAYS));

  @BeforeAll
  static void twoDaysOfTwoHundredSensors() {
    Clock clock = Clock.fixed(END, ZoneOffset.UTC);
    try (ReadingWriter w = ReadingWriter.open(db.database(), new ReadingWriter.Options(2, 5_000, ReadingWriter.Method.COPY), clock)) {
      w.writeAll(TestReadings.series(SENSORS, START, STEP, DAYS * STEPS_PER_DAY));
    }
  }

  @Test
  @Order(1)
  void withoutStatisticsEveryReadTouchesAboutWhatItReturns() throws SQLException {
    checkPlans("without statistics");
  }

  @Test
  @Order(2)
  void afterAnalyzeEveryReadTouchesAboutWhatItReturns() throws SQLException {
    db.execute("ANALYZE sensors_data");
    checkPlans("after ANALYZE");
  }

  private static void checkPlans(String state) throws SQLException {
    newestRowsReadTheTimeIndexBackwards(state);
    newestRowsOfOneSensorSinceTReadOnlyThatSensor(state);
    theMonitorsCycleReadsItsRangeNotItsPartition(state);
    theFleetsPausesWalkTheInstantsNotTheRows(state);
  }

  private static void newestRowsReadTheTimeIndexBackwards(String state) throws SQLException {
    QueryPlan plan = explain(ReadingStore.latestSql(ReadFilter.all()), 100);
    assertThat(plan.returned()).isEqualTo(100);
    assertThat(plan.nodeTypes()).as(state).doesNotContain("Seq Scan", "Sort");
    // Ordered append: the newest partition alone; merge append: a row more from each other one.
    assertThat(plan.rowsExamined()).as("%s: %s", state, plan.text()).isLessThanOrEqualTo(100 + SENSORS + partitions());
    assertThat(plan.maxLoops()).as("%s: %s", state, plan.text()).isEqualTo(1);
  }

  private static void newestRowsOfOneSensorSinceTReadOnlyThatSensor(String state) throws SQLException {
    Instant since = END.minus(Duration.ofDays(1));
    ReadFilter filter = new ReadFilter(Optional.of(TestReadings.sensorId(7)), Optional.of(Category.OVEN.dbName()), Optional.of(since));
    QueryPlan plan = explain(ReadingStore.latestSql(filter), TestReadings.sensorId(7), Category.OVEN.dbName(),
        Timestamp.from(since), 50);
    assertThat(plan.returned()).isEqualTo(50);
    assertThat(plan.nodeTypes()).as(state).doesNotContain("Seq Scan");
    // At most that sensor's rows since T, not other sensors' rows, and one probe per partition, not
    // one per sensor in the table.
    assertThat(plan.rowsExamined()).as("%s: %s", state, plan.text()).isLessThanOrEqualTo(STEPS_PER_DAY);
    assertThat(plan.maxLoops()).as("%s: %s", state, plan.text()).isEqualTo(1);
  }

  private static void theMonitorsCycleReadsItsRangeNotItsPartition(String state) throws SQLException {
    Instant upTo = END.minus(Duration.ofHours(30));  // inside the first day, not at its edge
    QueryPlan plan = explain(ReadingStore.ALL_RANGE, Timestamp.from(upTo.minus(STEP.multipliedBy(2))), Timestamp.from(upTo));
    assertThat(plan.returned()).isEqualTo(2 * SENSORS);
    assertThat(plan.nodeTypes()).as(state).doesNotContain("Seq Scan");
    assertThat(plan.rowsExamined()).as("%s: %s", state, plan.text()).isLessThanOrEqualTo(2 * SENSORS);
  }

  private static void theFleetsPausesWalkTheInstantsNotTheRows(String state) throws SQLException {
    // Both days, across the partitions' edge: 288 instants of 200 readings each, no pause among them.
    Instant last = END.minus(STEP);
    long instants = DAYS * STEPS_PER_DAY;
    QueryPlan plan = explain(ReadingStore.FLEET_GAPS, Timestamp.from(START), Timestamp.from(last), Timestamp.from(last),
        STEP.toMillis(), 64);
    assertThat(plan.returned()).isZero();
    assertThat(plan.nodeTypes()).as(state).doesNotContain("Seq Scan");
    // One index probe per instant, each reading the next instant's first row, not its 200 rows.
    assertThat(plan.rowsExamined()).as("%s: %s", state, plan.text()).isLessThanOrEqualTo(2 * instants);
  }

  private static long partitions() {
    return db.queryLong("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sensors_data'::regclass");
  }

  private static QueryPlan explain(String sql, Object... params) throws SQLException {
    return QueryPlan.explain(db.database(), sql, params);
  }
}
