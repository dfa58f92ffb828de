package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code sample} on a database where {@code db init} never ran (a fresh {@code AW_DATA_DIR}, whose
 * embedded server makes an empty {@code sensor_data}): as the README says ("run db init first"), one
 * line naming the command to run, exit 1, and nothing made. Only {@code demo} and {@code run}, which
 * a first user starts with, create the schema themselves.
 */
class SampleCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.empty("sample-uninitialised");

  @Test
  void anUninitialisedDatabaseIsOneLineSayingToRunDbInit() {
    CommandRun sample = CommandRun.against(db.jdbcUrl(), "sample", "--days", "1", "--sensors", "2", "--seed", "3",
        "--end", "2026-01-02T00:00:00Z");

    assertThat(sample.exitCode()).isEqualTo(1);
    assertThat(sample.err().lines()).singleElement().asString()
        .contains("is not initialised").endsWith("run 'anomaly-watcher db init'");
    assertThat(sample.out()).isEmpty();
    assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).as("tables made").isZero();
  }
}
