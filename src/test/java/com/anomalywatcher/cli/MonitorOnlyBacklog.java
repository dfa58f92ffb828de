package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A day of six sensors' readings every 10 minutes (864) stored by {@code sample}, and a
 * {@code run --monitor-only} of 2 s, shorter than its 1-hour monitor interval, over them: the
 * fixture of the tests of what {@code run} does with what is stored when it starts.
 */
final class MonitorOnlyBacklog {
  private MonitorOnlyBacklog() {}

  /**
   * Stores the day ending at {@code end} in the clean world with {@code seed}, {@code more} options
   * added; asserts that {@code sample} succeeded.
   */
  static CommandRun sample(TestDatabase db, int seed, String end, String... more) {
    String[] args = {"sample", "--days", "1", "--interval", "10", "--sensors", "6", "--seed", Integer.toString(seed),
        "--end", end, "--world", "clean"};
    CommandRun sample = CommandRun.against(db.jdbcUrl(), Stream.concat(Arrays.stream(args), Arrays.stream(more))
        .toArray(String[]::new));
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    return sample;
  }

  /** Runs {@code run --monitor-only} with its models in {@code models}; asserts that it succeeded. */
  static CommandRun run(TestDatabase db, Path models) {
    CommandRun run = CommandRun.against(db.jdbcUrl(), "run", "--monitor-only", "--monitor-interval", "1h",
        "--duration", "2s", "--models-dir", models.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  /** The lines the run printed for its monitor's cycles ({@code monitor: scored ...}). */
  static Stream<String> cycles(CommandRun run) {
    return run.out().lines().filter(l -> l.startsWith("monitor: scored"));
  }
}
