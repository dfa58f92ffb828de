package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code continuous --publish} process whose broker never answers, stopped with SIGTERM:
 * it exits 1 saying how many readings it could not send and since when the broker was away, to the
 * second, as its retry line said it (the error printed the instant with its nanoseconds).
 */
class ContinuousUnstoredTest {
  private static final Duration LONG = Duration.ofSeconds(120);

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("continuous-unstored");

  @TempDir Path dir;

  @Test
  void stoppedWhileTheBrokerIsAwaySaysSinceWhenToTheSecond() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    try (AwProcess gen = AwProcess.start(dir, "publish", Map.of("AW_DB_URL", db.jdbcUrl()), "continuous",
        "--publish", "mqtt://127.0.0.1:" + port + "/unstored", "--set", "unstored", "--interval", "1s",
        "--sensors", "2", "--world", "clean", "--anomaly-rate", "0")) {
      gen.awaitOutput("unavailable since", LONG);
      gen.await("2 ticks held", () -> GeneratorStopProcessTest.held(gen.output()) >= 4, LONG, true);
      gen.signal("TERM");

      assertThat(gen.awaitExit(LONG)).as(gen.output()).isEqualTo(1);
      String error = gen.output().lines().filter(l -> l.contains("were not stored")).findFirst().orElseThrow();
      assertThat(error).matches("Error: \\d+ generated readings were not stored: MQTT broker at 127\\.0\\.0\\.1:" + port
          + " unavailable since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
  }
}
