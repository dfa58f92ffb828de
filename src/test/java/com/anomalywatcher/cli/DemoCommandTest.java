package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import org.junit.jupiter.api.Test;

/** {@code demo}: the README promises the anomalies it injected, so a first run shows at least one. */
class DemoCommandTest {
  @Test
  void aFirstDemoForcesOneAnomalyAndSaysSoALaterOneDoesNot() {
    try (TestDatabase own = TestDatabase.fresh("demo-forced")) {
      CommandRun first = CommandRun.against(own.jdbcUrl(), "demo");
      CommandRun again = CommandRun.against(own.jdbcUrl(), "demo");

      assertThat(first.exitCode()).as(first.err()).isZero();
      String listed = first.out().substring(first.out().indexOf("== 4."));
      assertThat(listed).doesNotStartWith("== 4. injected anomalies in the last 6 h (0)")
          .containsPattern("oven-\\S+ +oven +spike .*\\(forced\\)")
          .contains("A first demo forces one spike on oven-").contains("at the anomaly rate 0.02 the random ones can miss 6 h of 6 sensors");
      assertThat(own.queryLong("SELECT count(*) FROM anomaly_events WHERE source = 'forced'")).isEqualTo(1);
      assertThat(own.queryString("SELECT kind || ' ' || (end_time - start_time >= interval '10 minutes')"
          + " FROM anomaly_events WHERE source = 'forced'")).isEqualTo("spike true");

      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).doesNotContain("A first demo forces");
      assertThat(own.queryLong("SELECT count(*) FROM anomaly_events WHERE source = 'forced'")).isEqualTo(1);
    }
  }

  @Test
  void aDemoAskedForNoAnomaliesForcesNone() {
    try (TestDatabase own = TestDatabase.fresh("demo-rate-zero")) {
      CommandRun demo = CommandRun.against(own.jdbcUrl(), "demo", "--hours", "2", "--anomaly-rate", "0");

      assertThat(demo.exitCode()).as(demo.err()).isZero();
      assertThat(demo.out()).contains("== 4. injected anomalies in the last 2 h (0)").doesNotContain("forces");
      assertThat(own.queryLong("SELECT count(*) FROM anomaly_events")).isZero();
    }
  }
}
