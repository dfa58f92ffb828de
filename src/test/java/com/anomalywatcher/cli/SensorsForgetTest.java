package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code sensors forget} on a set a generator drives: refused in words about the set, nothing removed. */
class SensorsForgetTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("sensors-forget");

  private static CommandRun run(String... args) {
    return CommandRun.against(db.jdbcUrl(), args);
  }

  @Test
  void refusesASetARunningGeneratorDrivesNamingTheSetAndRemovesNothing() {
    CommandRun sample = run("sample", "--days", "1", "--interval", "60", "--sensors", "3", "--seed", "31", "--set", "busy",
        "--end", "2026-01-02T00:00:00Z", "--world", "clean");
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    String heater = db.queryString("SELECT sensor_id FROM sensors WHERE sensor_set = 'busy' AND sensor_id LIKE 'heater-%'");

    CommandRun refused;
    try (SensorLease generator = SensorLease.acquire(db.database(), List.of(heater))) {
      refused = run("sensors", "forget", "busy", "--yes");
    }

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
    assertThat(refused.err().strip()).doesNotContain("\n")
        .contains("set 'busy' is being generated now").contains(heater).contains("nothing removed")
        .doesNotContain("another process");
    assertThat(db.queryLong("SELECT count(*) FROM sensors WHERE sensor_set = 'busy'")).isEqualTo(3);
    assertThat(run("sensors", "forget", "busy", "--yes").exitCode()).isZero();
  }
}
