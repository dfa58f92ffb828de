package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bench fleet} end to end on a small fleet, and its refusals. */
class FleetBenchCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("bench-fleet");
  @RegisterExtension static final TestDatabase other = TestDatabase.fresh("bench-fleet-used");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(TestDatabase target, String... args) {
    String[] full = Arrays.copyOf(args, args.length + 2);
    full[args.length] = "--db-url";
    full[args.length + 1] = target.jdbcUrl();
    return Main.run(full, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void samplesTrainsMonitorsAndReportsEveryFigureAsJson() throws Exception {
    int code = run(db, "bench", "fleet", "--sensors", "12", "--days", "1", "--live-minutes", "0", "--json");

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("models").asInt()).isEqualTo(12);
    // the realistic world drops a few readings; every stored one is trained on or monitored once
    long sampled = json.get("sample_readings").asLong();
    assertThat(sampled).isBetween(12 * 1440 * 9L / 10, 12 * 1440L);
    assertThat(json.get("monitor_readings").asLong()).isBetween(12 * 360 * 9L / 10, 12 * 360L);
    assertThat(json.get("train_readings").asLong() + json.get("monitor_readings").asLong()).isEqualTo(sampled);
    assertThat(json.get("train_readings_per_s").asLong()).isPositive();
    assertThat(json.get("cold_start_seconds").asDouble()).isPositive();
    assertThat(json.get("max_rss_mb").asLong()).isPositive();
    JsonNode kinds = json.get("by_kind");
    assertThat(kinds.fieldNames()).toIterable().contains("oven (analog)", "lamp (digital)", "fan (digital)");
    for (JsonNode kind : kinds) {
      assertThat(kind.get("disk_bytes").asLong()).isPositive();
      assertThat(kind.get("heap_bytes").asLong()).isNotNegative();
    }
    assertThat(out.toString()).contains("readings/s").contains("heap B/model").contains("max RSS");
  }

  @Test
  void refusesADatabaseThatHoldsReadings() {
    assertThat(run(other, "sample", "--days", "1", "--sensors", "2", "--interval", "60", "--seed", "3")).as(err.toString()).isZero();

    assertThat(run(other, "bench", "fleet", "--sensors", "12", "--live-minutes", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("bench fleet needs an empty database");
  }

  @Test
  void rejectsTooManyDays() {
    assertThat(run(db, "bench", "fleet", "--days", "31")).isEqualTo(2);
    assertThat(err.toString()).contains("--days").contains("31");
  }
}
