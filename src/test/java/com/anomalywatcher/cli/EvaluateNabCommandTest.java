package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateNabCommandTest {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path data;
  private Path labels;

  @BeforeEach
  void smallCorpus() throws IOException {
    data = tmp.resolve("data");
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    Random random = new Random(3);
    StringBuilder csv = new StringBuilder("timestamp,value\r\n");
    for (int i = 0; i < 600; i++) {
      double v = i == 450 ? 90 : 10 + random.nextGaussian();
      csv.append(start.plusMinutes(5L * i).format(TS)).append(',').append(v).append("\r\n");
    }
    Files.createDirectories(data.resolve("plant"));
    Files.writeString(data.resolve("plant/oven.csv"), csv.toString().strip());
    labels = tmp.resolve("windows.json");
    Files.writeString(labels, "{\"plant/oven.csv\": [[\"" + start.plusMinutes(5L * 430).format(TS)
        + ".000000\", \"" + start.plusMinutes(5L * 470).format(TS) + ".000000\"]]}");
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new EvaluateNabCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(CliErrors::onUsageError);
    cli.setExecutionExceptionHandler(CliErrors::onFailure);
    return cli.execute(args);
  }

  @Test
  void printsThreeScoresAsLastJsonLineAndWritesResultsLayout() throws IOException {
    Path results = tmp.resolve("results");
    int code = run("--data", data.toString(), "--labels", labels.toString(), "--seeds", "1", "--json", "--out", results.toString());

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("standard").asDouble()).isGreaterThan(90); // the one spike is found at once
    assertThat(json.has("reward_low_FP")).isTrue();
    assertThat(json.has("reward_low_FN")).isTrue();
    assertThat(Files.readAllLines(results.resolve("plant/oven.csv"))).hasSize(601).first().isEqualTo("timestamp,value,anomaly_score");
  }

  @Test
  void rejectsMissingDataDirectory() {
    int code = run("--data", tmp.resolve("nope").toString(), "--labels", labels.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--data").contains("nope").contains("https://github.com/numenta/NAB");
    assertThat(err.toString().strip().lines()).hasSize(2); // the error and the pointer to --help
  }

  @Test
  void rejectsMissingLabelsFile() {
    int code = run("--data", data.toString(), "--labels", tmp.resolve("missing.json").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--labels").contains("missing.json").contains("https://github.com/numenta/NAB");
  }

  @Test
  void rejectsNonPositiveSeeds() {
    assertThat(run("--data", data.toString(), "--labels", labels.toString(), "--seeds", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--seeds must be >= 1, got 0");
  }

  @Test
  void failsOnUnreadableCsvNamingTheFile() throws IOException {
    Files.writeString(data.resolve("plant/bad.csv"), "timestamp,value\n2024-01-01 00:00:00,abc\n");
    int code = run("--data", data.toString(), "--labels", labels.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--data").contains("bad.csv").contains("abc");
    assertThat(err.toString().strip().split("\n")).hasSize(1);
  }

  @Test
  void failsOnLabelsThatAreNotJsonNamingTheOption() throws IOException {
    Files.writeString(labels, "not json");
    int code = run("--data", data.toString(), "--labels", labels.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--labels").contains("not valid JSON");
    assertThat(err.toString().strip().split("\n")).hasSize(1);
  }

  @Test
  void failsWhenLabelsMissAFileOfTheCorpus() throws IOException {
    Files.writeString(labels, "{}");
    int code = run("--data", data.toString(), "--labels", labels.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("plant/oven.csv");
  }

  @Test
  void failsWhenAWindowIsNotOnRowsOfTheFile() throws IOException {
    Files.writeString(labels, "{\"plant/oven.csv\": [[\"1999-01-01 00:00:00.000000\", \"1999-01-02 00:00:00.000000\"]]}");
    int code = run("--data", data.toString(), "--labels", labels.toString(), "--seeds", "1");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("1999-01-01 00:00:00");
  }
}
