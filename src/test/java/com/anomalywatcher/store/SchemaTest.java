package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.empty("schema");

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-10T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void initChoosesPlainPostgresWithoutTimescaleAndIsIdempotent() {
    SchemaInit first = Schema.init(db.database(), Optional.empty(), OptionalInt.empty(), CLOCK);
    SchemaInit second = Schema.init(db.database(), Optional.empty(), OptionalInt.empty(), CLOCK);

    assertThat(first.mode()).isEqualTo(StorageMode.POSTGRES);
    assertThat(first.migrationsApplied()).isGreaterThanOrEqualTo(1);
    assertThat(second.migrationsApplied()).isZero();
    assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
    assertThat(Schema.mode(db.database())).isEqualTo(StorageMode.POSTGRES);
    assertThat(db.queryString("SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = 'sensors_data'::regclass"))
        .isEqualTo("r");
  }

  @Test
  void aSchemaMissingAMigrationIsNotCurrent() {
    try (TestDatabase t = TestDatabase.fresh("not current")) {
      assertThat(Schema.requireCurrent(t.database())).isEqualTo(StorageMode.POSTGRES);
      t.execute("DELETE FROM flyway_schema_history WHERE installed_rank = (SELECT max(installed_rank) FROM flyway_schema_history)");
      assertThatThrownBy(() -> Schema.requireCurrent(t.database()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("misses schema migration")
          .hasMessageContaining("db init");
    }
  }

  @Test
  void aSchemaIsKnownCurrentWithoutFlywayOnlyWhenEveryCarriedMigrationSucceeded() {
    try (TestDatabase t = TestDatabase.fresh("applies all")) {
      assertThat(Schema.appliesAll(t.database())).isTrue();
      t.execute("UPDATE flyway_schema_history SET success = false WHERE version = '4'");
      assertThat(Schema.appliesAll(t.database())).isFalse();
      t.execute("DELETE FROM flyway_schema_history WHERE version = '4'");
      assertThat(Schema.appliesAll(t.database())).isFalse();
      t.execute("DROP TABLE flyway_schema_history");
      assertThat(Schema.appliesAll(t.database())).isFalse();
    }
  }

  @Test
  void aMigrationWhoseLatestHistoryRowDeletesItIsNotApplied() {
    try (TestDatabase t = TestDatabase.fresh("applies all delete")) {
      // the marker 'flyway repair' writes for a migration it removed, after its successful row
      t.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
          + " checksum, installed_by, execution_time, success)"
          + " SELECT max(installed_rank) + 1, '4', 'removed', 'DELETE', 'removed', NULL, 'test', 0, true"
          + " FROM flyway_schema_history");
      assertThat(Schema.appliesAll(t.database())).isFalse();
    }
  }

  @Test
  void dbInitAppliesAnEarlierMigrationAddedAfterALaterOne() {
    try (TestDatabase t = TestDatabase.fresh("out of order")) {
      t.execute("DELETE FROM flyway_schema_history WHERE version = '4'");
      assertThatThrownBy(() -> Schema.requireCurrent(t.database())).hasMessageContaining("db init");

      SchemaInit init = Schema.init(t.database(), Optional.empty(), OptionalInt.empty(), CLOCK);

      assertThat(init.migrationsApplied()).isEqualTo(1);
      assertThat(Schema.requireCurrent(t.database())).isEqualTo(StorageMode.POSTGRES);
    }
  }

  @Test
  void modeOfAnEmptyDatabaseTellsToRunDbInit() {
    try (TestDatabase empty = TestDatabase.empty("no schema")) {
      assertThatThrownBy(() -> Schema.mode(empty.database()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("db init");
    }
  }

  @Test
  void retentionDropsWholeDaysOlderThanThePeriod() {
    try (TestDatabase t = TestDatabase.fresh("retention")) {
      t.execute("SELECT aw_ensure_partitions('2026-01-01', '2026-01-10')");
      SchemaInit init = Schema.init(t.database(), Optional.empty(), OptionalInt.of(3), CLOCK);

      assertThat(init.retentionDays()).hasValue(3);
      // Keep 3 days back from 2026-01-10T12:00: days ending on or before 2026-01-07 go.
      assertThat(init.partitionsDropped()).isEqualTo(6);
      assertThat(t.queryLong("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sensors_data'::regclass"
              + " AND inhrelid <> 'sensors_data_default'::regclass"))
          .isEqualTo(4);
      assertThat(Schema.init(t.database(), Optional.empty(), OptionalInt.of(0), CLOCK).retentionDays()).isEmpty();
    }
  }

  @Test
  void timeBucketMatchesTimescaleAlignmentInPlainMode() {
    try (TestDatabase t = TestDatabase.fresh("time bucket")) {
      assertThat(t.queryString("SELECT time_bucket('1 hour', TIMESTAMPTZ '2026-01-01 10:42:00+00') AT TIME ZONE 'UTC'"))
          .isEqualTo("2026-01-01 10:00:00");
      assertThat(t.queryString("SELECT time_bucket('7 days', TIMESTAMPTZ '2026-01-01 10:42:00+00') AT TIME ZONE 'UTC'"))
          .isEqualTo("2025-12-29 00:00:00");
    }
  }
}
