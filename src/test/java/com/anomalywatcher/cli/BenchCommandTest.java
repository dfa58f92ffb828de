package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void reportsCoreAndEverySensorKindAsJsonLastLine() throws Exception {
    int code = run("bench", "--points", "2000", "--warmup", "0", "--train", "600", "--sensor-points", "300", "--json");

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("points_per_second").asLong()).isPositive();
    assertThat(json.get("model_bytes").asInt()).isGreaterThan(json.get("model_bytes_gzip").asInt());
    JsonNode kinds = json.get("sensor_kinds");
    assertThat(kinds.fieldNames()).toIterable().containsExactly("oven", "heater", "lamp", "fanswitch", "fan", "pm");
    for (JsonNode kind : kinds) {
      assertThat(kind.get("sensor_id").asText()).isNotBlank();
      assertThat(kind.get("points_per_second").asLong()).isPositive();
      assertThat(kind.get("points_per_cpu_second").asLong()).isPositive();
      // garbage per reading, which the GC's threads pay for and the CPU rate does not count
      assertThat(kind.get("allocated_bytes_per_point").asLong()).isNotNegative();
      assertThat(kind.get("model_bytes").asLong()).isGreaterThan(kind.get("model_bytes_gzip").asLong()).isPositive();
    }
    // an analog model carries its time-of-day profiles, a digital one only its schedule
    assertThat(kinds.get("oven").get("model_bytes").asLong()).isGreaterThan(kinds.get("lamp").get("model_bytes").asLong());
    assertThat(out.toString()).contains("settings:").contains("readings/s").contains("production detector");
    // For people: no Java record, sizes in kB/MB rather than raw byte counts.
    assertThat(out.toString()).doesNotContain("Settings[").doesNotContainPattern("\\d bytes").containsPattern("\\d kB");
    // Generation speeds grouped like every other count (they were '   2503211 readings/s').
    assertThat(out.toString()).containsPattern("(?m)^  realistic +\\d{1,3}(,\\d{3})+ readings/s CPU +\\d{1,3}(,\\d{3})+/s wall");
  }

  @Test
  void rejectsNonPositiveSensorPoints() {
    assertThat(run("bench", "--sensor-points", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--sensor-points must be >= 1, got -1");
    assertThat(out.toString()).doesNotContain("readings/s");
  }

  @Test
  void rejectsNonPositivePoints() {
    assertThat(run("bench", "--points", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--points must be >= 1, got 0");
  }

  @Test
  void syntheticSensorIsTheSameForTheSameSeed() {
    assertThat(BenchCommand.syntheticSensor(100, 5)).containsExactly(BenchCommand.syntheticSensor(100, 5));
  }
}
