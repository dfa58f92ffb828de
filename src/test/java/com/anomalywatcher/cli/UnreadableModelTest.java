package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.monitor.GeneratedHistory;
import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One truncated model file is one sensor's problem: that sensor warms up afresh, {@code status}
 * names the file and the reason, and the rest is watched. Before, {@code monitor} and
 * {@code status} exited 1 for the whole fleet.
 */
class UnreadableModelTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("unreadable-model");
  private static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");

  private final Terminal cli = Terminal.against(db);

  @Test
  void truncatedModelWarmsUpAfreshAndTheRestIsWatched(@TempDir Path models) throws IOException {
    GeneratedHistory history = new GeneratedHistory(31, 6);
    history.write(db.database(), CUT.minus(Duration.ofDays(2)), CUT, 0);
    history.write(db.database(), CUT, CUT.plus(Duration.ofHours(2)), 0.05);
    assertThat(cli.run("train", "--hours", "48", "--until", CUT.toString(), "--models-dir", models.toString()))
        .as(cli.err()).isZero();
    List<Path> files;
    try (var listing = Files.list(models)) {
      files = listing.filter(p -> p.toString().endsWith(".model")).sorted().toList();
    }
    Path broken = files.get(0);
    byte[] bytes = Files.readAllBytes(broken);
    Files.write(broken, Arrays.copyOf(bytes, bytes.length / 2));

    assertThat(cli.run("monitor", "--once", "--models-dir", models.toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("readings of 6 sensors");

    assertThat(cli.run("status", "--models-dir", models.toString())).as(cli.err()).isZero();
    String sensor = broken.getFileName().toString().replace(".model", "");
    assertThat(cli.out().lines().filter(l -> l.startsWith(sensor)).findFirst().orElseThrow())
        .contains("model unreadable: " + broken).contains("(");
    assertThat(cli.out()).contains("6 sensors, 5 models");
  }

  @Test
  void aModelBrokenAfterItsSensorWasScoredCountsAsWarmingUpAsItsLineSays(@TempDir Path models) throws IOException {
    // A database of its own: status counts every stored sensor, and the other test's are scored too.
    try (TestDatabase own = TestDatabase.fresh("unreadable-after-scoring")) {
      GeneratedHistory history = new GeneratedHistory(32, 6);
      history.write(own.database(), CUT.minus(Duration.ofDays(2)), CUT, 0);
      history.write(own.database(), CUT, CUT.plus(Duration.ofHours(2)), 0);
      String dir = models.toString();
      CommandRun train = CommandRun.against(own.jdbcUrl(), "train", "--hours", "48", "--until", CUT.toString(),
          "--models-dir", dir);
      assertThat(train.exitCode()).as(train.err()).isZero();
      CommandRun monitor = CommandRun.against(own.jdbcUrl(), "monitor", "--once", "--models-dir", dir);
      assertThat(monitor.exitCode()).as(monitor.err()).isZero();
      Path broken;
      try (var listing = Files.list(models)) {
        broken = listing.filter(p -> p.toString().endsWith(".model")).sorted().findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(broken);
      Files.write(broken, Arrays.copyOf(bytes, bytes.length / 2));

      CommandRun status = CommandRun.against(own.jdbcUrl(), "status", "--models-dir", dir);

      assertThat(status.exitCode()).as(status.err()).isZero();
      String sensor = broken.getFileName().toString().replace(".model", "");
      assertThat(status.out().lines().filter(l -> l.startsWith(sensor)).findFirst().orElseThrow())
          .contains("warming up, model unreadable: " + broken);
      // It read '0 warming up': the checkpoint of the scoring done while the model was still read.
      assertThat(status.out()).contains("6 sensors, 5 models").contains(", 1 warming up");
    }
  }
}
