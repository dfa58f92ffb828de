package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.model.Location;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's command examples, in order, against the test database: each must exit 0 and
 * none may write 0 rows. Long-running ones run with a short {@code --duration}; the few that need
 * what a test cannot give (the embedded server's start/stop, a dataset, a webhook, a sink to forget, Ctrl-C) are
 * skipped and listed in {@link #skipped}.
 */
class ReadmeExamplesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("readme-examples");
  private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path tmp;

  /** The README's command lines, continuation lines joined and comments removed, in order. */
  static List<String> examples(String readme) {
    List<String> commands = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      String block = m.group(1).replace("\\\n", " ");
      for (String line : block.split("\n")) {
        String command = line.replaceAll("\\s+#\\s.*$", "").strip();
        if (command.startsWith("./anomaly-watcher ")) {
          commands.add(command);
        }
      }
    }
    return commands;
  }

  /** Why an example cannot run here, or null when it can. */
  static String skipped(String command) {
    if (command.contains("[")) {
      return "a synopsis with optional parts";
    }
    if (command.matches(".* db (start|stop|status)\\b.*")) {
      return "controls the embedded server, not the test database";
    }
    if (command.contains("--forget-sink")) {
      return "needs an alert sink of that name";
    }
    if (command.contains("evaluate nab") || command.contains(" bench")) {
      return "benchmark (dataset or minutes of work)";
    }
    if (command.contains("--loop") || (command.contains(" monitor ") && !command.contains("--once")
        && !command.contains("--duration")) || command.matches("\\./anomaly-watcher (ingest|serve)\\b.*")) {
      return "runs until Ctrl-C";
    }
    for (String word : command.split("\\s+")) {
      if (word.matches("[^-][^=]*\\.(csv|json|jsonl|txt)") && !command.contains("> " + word)
          && !Files.exists(Path.of(word))) {
        return "needs the file " + word;
      }
    }
    return null;
  }

  /** Shell-like words: double or single quotes group, {@code > file} redirections are dropped. */
  static List<String> words(String command, String cut) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command.replace("\"$cut\"", cut));
    boolean redirect = false;
    while (m.find()) {
      String w = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (w.equals(">")) {
        redirect = true;
      } else if (redirect) {
        redirect = false;
      } else {
        words.add(w);
      }
    }
    return words.subList(1, words.size());
  }

  @Test
  void everyQuickReadmeExampleRunsAndWritesWhatItSays() throws IOException {
    List<String> commands = examples(Files.readString(Path.of("README.md")));
    assertThat(commands).hasSizeGreaterThan(20);
    String cut = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES).toString();
    List<String> ran = new ArrayList<>();
    try (SensorLease generator = exampleSensorsBeingGenerated()) {
      for (String command : commands) {
        if (skipped(command) != null) {
          continue;
        }
        List<String> args = new ArrayList<>(words(command, cut));
        shorten(args);
        if (!args.contains("--version") && !args.contains("--help")) {
          args.addAll(List.of("--db-url", db.jdbcUrl()));
        }
        if (List.of("train", "status", "monitor", "run").contains(args.get(0))) {
          args.addAll(List.of("--models-dir", tmp.resolve("models").toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // A hung example fails the test instead of the build.
        int code = assertTimeoutPreemptively(Duration.ofMinutes(3),
            () -> Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true)),
            command);
        assertThat(code).as("%s%n%s%s", command, out, err).isZero();
        assertThat(out.toString()).as(command).doesNotContain("rows written: 0");
        ran.add(command);
      }
    }
    assertThat(ran).anyMatch(c -> c.contains("sample")).anyMatch(c -> c.contains("anomaly force"))
        .anyMatch(c -> c.contains("monitor --once")).anyMatch(c -> c.contains("evaluate"));
  }

  /**
   * Examples that run for minutes or hours run for a second here; a week of 1-minute history is two
   * days (training and scoring a week take a minute on a loaded machine, and prove nothing more).
   */
  private static void shorten(List<String> args) {
    int days = args.indexOf("--days");
    if (args.get(0).equals("sample") && days >= 0 && args.get(days + 1).equals("7")
        && args.get(args.indexOf("--interval") + 1).equals("1")) {
      args.set(days + 1, "2");
    }
    int i = args.indexOf("--duration");
    if (i >= 0 && List.of("continuous", "run", "monitor").contains(args.get(0))) {
      args.set(i + 1, "1s");
    } else if (i < 0 && args.get(0).equals("run")) {
      args.addAll(List.of("--duration", "1s"));
    }
  }

  /** The README's example ids, registered and leased as if a generator drove them, so 'anomaly force' applies. */
  private static SensorLease exampleSensorsBeingGenerated() {
    List<SensorSpec> examples = new ArrayList<>();
    for (String id : List.of("oven-restaurant-3fa2c1", "fan-factory-def456", "pm-supermarket-a1b2c3")) {
      examples.add(new SensorSpec(id, SensorKind.ofSensorId(id), Location.parse(id.split("-")[1]), 0));
    }
    new SensorRegistry(db.database()).register("readme-examples", examples);
    return SensorLease.acquire(db.database(), examples.stream().map(SensorSpec::sensorId).toList());
  }
}
