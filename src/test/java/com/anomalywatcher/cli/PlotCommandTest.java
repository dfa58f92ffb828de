package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.monitor.GeneratedHistory;
import com.anomalywatcher.store.TestDatabase;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code plot} and {@code evaluate --report} write their pictures; bad input writes nothing. */
class PlotCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("plot");
  @TempDir Path tmp;

  static final Instant END = Instant.parse("2026-03-02T00:00:00Z");
  static String oven;

  @BeforeAll
  static void history() {
    GeneratedHistory h = new GeneratedHistory(21, 6);
    h.write(db.database(), END.minus(Duration.ofDays(2)), END.minus(Duration.ofDays(1)), 0);
    h.write(db.database(), END.minus(Duration.ofDays(1)), END, 0.05);
    oven = db.queryString("SELECT sensor_id FROM sensors_data WHERE sensor_id LIKE 'oven-%' LIMIT 1");
  }

  private final Terminal cli = Terminal.against(db);

  @Test
  void writesAPngOfTheSensorWithItsEpisodes() throws IOException {
    Path png = tmp.resolve("oven.png");

    int code = cli.run("plot", "--sensor", oven, "--since", END.minus(Duration.ofDays(2)).toString(), "--until", END.toString(),
        "--out", png.toString());

    assertThat(code).as(cli.err()).isZero();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(500);
    assertThat(cli.out()).contains("wrote " + png, oven);
    // Benign events counted apart from anomaly episodes (they were all called episodes).
    String range = "start_time < '" + END + "' AND end_time > '" + END.minus(Duration.ofDays(2)) + "'";
    long episodes = Long.parseLong(db.queryString("SELECT count(*) FROM anomaly_events WHERE sensor_id = '" + oven
        + "' AND " + range));
    long benign = Long.parseLong(db.queryString("SELECT count(*) FROM benign_events WHERE sensor_id = '" + oven
        + "' AND " + range));
    assertThat(cli.out())
        .contains(Human.count(episodes, "anomaly episode") + ", " + Human.count(benign, "benign event") + ",");
  }

  @Test
  void theDefaultRangeIsShownInWholeSeconds() {
    // Without --until the range ends now; it was printed (and drawn as the title) to the nanosecond.
    int code = cli.run("plot", "--sensor", oven, "--out", tmp.resolve("now.png").toString());

    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).containsPattern("from \\S+:\\d\\dZ to \\S+:\\d\\dZ,").doesNotContainPattern("\\d\\.\\d+Z");
  }

  @Test
  void writesAnSvg() throws IOException {
    Path svg = tmp.resolve("oven.svg");

    int code = cli.run("plot", "--sensor", oven, "--until", END.toString(), "--out", svg.toString());

    assertThat(code).as(cli.err()).isZero();
    assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg", "</svg");
  }

  @ParameterizedTest
  @CsvSource({
    "--out, x.gif, --out",
    "--sensor, no-such-sensor, --sensor",
    "--since, 2026-03-03T00:00:00Z, --until",
    "--width, 10, --width",
  })
  void refusesBadInputWithExitCode2AndWritesNothing(String option, String value, String named) throws IOException {
    Path png = tmp.resolve("bad.png");
    String[] args = {"plot", "--sensor", oven, "--until", END.toString(), "--out", png.toString(), option, value};
    if (option.equals("--out")) {
      args[6] = tmp.resolve(value).toString();
    }

    int code = cli.run(args);

    assertThat(code).isEqualTo(2);
    assertThat(cli.err().lines().findFirst().orElse("")).contains(named);
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void evaluateReportIsOneSelfContainedPageWithItsCharts() throws IOException {
    db.execute("INSERT INTO alerts (sensor_id, category, location, opened_at, last_anomalous_at, peak_score, peak_at,"
        + " kind, value, unit, explanation) SELECT sensor_id, category, 'restaurant', start_time, start_time, 1, start_time,"
        + " kind, 300, '°C', 'test alert' FROM anomaly_events ORDER BY start_time LIMIT 3 ON CONFLICT DO NOTHING");
    Path html = tmp.resolve("evaluation.html");

    int code = cli.run("evaluate", "--since", END.minus(Duration.ofDays(1)).toString(), "--until", END.toString(),
        "--report", html.toString());

    assertThat(code).as(cli.err()).isZero();
    String page = Files.readString(html);
    assertThat(page.split("<img class=\"chart\" alt=\"[^\"]*\" src=\"data:image/png;base64,", -1)).hasSize(4);
    assertThat(page).doesNotContain("<script", "http://", "https://");
  }

  @Test
  void evaluateRefusesAReportThatIsNotHtml() {
    int code = cli.run("evaluate", "--report", tmp.resolve("x.txt").toString());

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("--report", "x.txt");
  }

}
