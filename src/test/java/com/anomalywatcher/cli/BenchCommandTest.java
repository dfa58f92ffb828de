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
  void reportsSpeedAndModelSizeAsJsonLastLine() throws Exception {
    int code = run("bench", "--points", "2000", "--warmup", "0", "--train", "600", "--json");

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("points_per_second").asLong()).isPositive();
    assertThat(json.get("model_bytes").asInt()).isGreaterThan(json.get("model_bytes_gzip").asInt());
    assertThat(out.toString()).contains("settings:").contains("readings/s");
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
