package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.ingest.Arrival;
import com.anomalywatcher.ingest.Ingestor;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} says what each model learned from, not only the window it was trained over. */
class StatusCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("status");
  @TempDir Path tmp;

  private final Terminal cli = Terminal.against(db);

  @Test
  void historyOfAModelIsTheSpanOfItsReadingsNotItsTrainingWindow() throws Exception {
    Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
    StringBuilder csv = new StringBuilder("timestamp,sensor_id,value\n");
    csv.append(t0.plusSeconds(3600)).append(",status-one,20.5\n");
    for (int i = 0; i < 3 * 1440; i++) {
      csv.append(t0.plusSeconds(60L * i)).append(",status-three-days,").append(20 + i % 5).append('\n');
    }
    Path f = tmp.resolve("readings.csv");
    Files.writeString(f, csv);
    Path models = tmp.resolve("models");
    assertThat(cli.run("import", "csv", f.toString())).as(cli.err()).isZero();
    assertThat(cli.run("train", "--hours", "168", "--until", t0.plusSeconds(7 * 86400).toString(),
        "--models-dir", models.toString())).as(cli.err()).isZero();

    assertThat(cli.run("status", "--models-dir", models.toString())).as(cli.err()).isZero();

    // Trained over 7 days, learned from one reading: its history was shown as "7.0 d".
    assertThat(cli.out().lines().filter(l -> l.startsWith("status-one")).findFirst().orElseThrow())
        .contains("1 reading").contains("0 s (day types need 14 d)").doesNotContain("7.0 d");
    // Readings a minute apart over 3 days count as 3 days, not 3 days less a minute.
    assertThat(cli.out().lines().filter(l -> l.startsWith("status-three-days")).findFirst().orElseThrow())
        .contains("4,320 readings").contains("3.0 d (day types need 14 d)").doesNotContain("7.0 d");
    // Training again would learn the same three days: the advice is to wait, not to retrain now.
    assertThat(cli.out())
        .contains("The database holds less than 14 days of their readings: train --hours 336 once it does");
  }

  @Test
  void jsonSaysTheUnitOfTheHistoryInTheFieldName() throws Exception {
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    StringBuilder csv = new StringBuilder("timestamp,sensor_id,value\n");
    for (int i = 0; i < 36 * 60; i++) {
      csv.append(t0.plusSeconds(60L * i)).append(",status-json,").append(20 + i % 5).append('\n');
    }
    Path f = tmp.resolve("json.csv");
    Files.writeString(f, csv);
    Path models = tmp.resolve("json-models");
    assertThat(cli.run("import", "csv", f.toString())).as(cli.err()).isZero();
    assertThat(cli.run("train", "--hours", "168", "--until", t0.plusSeconds(7 * 86400).toString(),
        "--models-dir", models.toString())).as(cli.err()).isZero();

    assertThat(cli.run("status", "--format", "json", "--models-dir", models.toString())).as(cli.err()).isZero();

    com.fasterxml.jackson.databind.JsonNode row = null;
    for (com.fasterxml.jackson.databind.JsonNode r : new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.out())) {
      if (r.get("sensor_id").asText().equals("status-json")) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    // 36 hours of readings a minute apart: 1.5 days, 129,600 s; "history" stays as scripts read it.
    assertThat(row.get("history_seconds").asLong()).isEqualTo(129_600);
    assertThat(row.get("history_days").asDouble()).isEqualTo(1.5);
    assertThat(row.get("history").asDouble()).isEqualTo(1.5);
    // The table shows neither: it says "1.5 d" in the history column.
    assertThat(cli.run("status", "--models-dir", models.toString())).isZero();
    assertThat(cli.out()).doesNotContain("history_seconds").doesNotContain("129600");
  }

  @Test
  void statusAndTrainAgreeOnTheDetectorOfASensorReZonedByMetadata() throws Exception {
    Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
    // An oven its owner asked to have watched generically ("Generic": the flag's value in any case),
    // then re-zoned by the readings of a restarted ingest that name only the time zone.
    try (Ingestor ingestor = Ingestor.open(db.database(), Clock.fixed(t0.plusSeconds(86_400), ZoneOffset.UTC))) {
      ovenReading(ingestor, t0, "{\"watch\":\"Generic\",\"timezone\":\"UTC\"}");
    }
    try (Ingestor ingestor = Ingestor.open(db.database(), Clock.fixed(t0.plusSeconds(86_400), ZoneOffset.UTC))) {
      for (int minute = 1; minute < 120; minute++) {
        ovenReading(ingestor, t0.plusSeconds(60L * minute), "{\"timezone\":\"Asia/Tokyo\"}");
      }
    }
    Path models = tmp.resolve("rezoned-models");
    assertThat(cli.run("train", "--hours", "48", "--until", t0.plusSeconds(86_400).toString(),
        "--models-dir", models.toString())).as(cli.err()).isZero();

    assertThat(cli.run("status", "--models-dir", models.toString())).as(cli.err()).isZero();

    SensorDescription trained = ModelRepository.at(models).load("oven-rezoned").orElseThrow().state().sensor();
    assertThat(trained.generic()).isTrue();
    assertThat(trained.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(cli.out().lines().filter(l -> l.startsWith("oven-rezoned")).findFirst().orElseThrow())
        .contains("generic analog").doesNotContain("oven checks");
  }

  private static void ovenReading(Ingestor ingestor, Instant at, String metadata) {
    ingestor.add(Arrival.mqtt("plant/oven-rezoned", "{\"timestamp\":\"" + at + "\",\"value\":180,"
        + "\"category\":\"oven\",\"unit\":\"°C\",\"metadata\":" + metadata + "}", at));
    Ingestor.Committed c = ingestor.commit();
    assertThat(c.readings()).as(c.rejected().toString()).isEqualTo(1);
  }

  @Test
  void advisesRetrainingOnlyWhereTwoWeeksAreStored() {
    assertThat(StatusCommand.shortHistoryAdvice(3, 3)).isEqualTo("The database holds 14 days of their readings: train --hours 336");
    assertThat(StatusCommand.shortHistoryAdvice(3, 0)).startsWith("The database holds less than 14 days");
    assertThat(StatusCommand.shortHistoryAdvice(3, 1)).startsWith("1 of them can learn 14 days now").contains("for the other 2");
  }
}
