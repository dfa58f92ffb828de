package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures the user mends by changing an option name that option and its value: {@code serve} on a
 * busy port and {@code train} into a directory no file can go exited 1 with a message naming neither
 * (train only after learning every sensor).
 */
class OptionNamedFailuresTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("option-named-failures");

  @Test
  void serveOnABusyPortNamesThePort() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      CommandRun r = CommandRun.against(db.jdbcUrl(), "serve", "--port", Integer.toString(port));
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.err().lines().findFirst().orElse("")).contains("--port " + port + " is in use on 127.0.0.1");
      assertThat(r.out()).doesNotContain("dashboard at");
    }
  }

  @Test
  void trainIntoADirectoryNoFileCanGoNamesItBeforeTraining() {
    // readings to learn from: the old program learned them all, then failed to save with exit 1
    CommandRun sample =
        CommandRun.against(db.jdbcUrl(), "sample", "--days", "1", "--interval", "10", "--sensors", "2", "--seed", "3");
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    Path nope = Path.of("/proc/nope");
    CommandRun r = CommandRun.against(db.jdbcUrl(), "train", "--models-dir", nope.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElse("")).contains("--models-dir /proc/nope: cannot write there");
    assertThat(r.out()).doesNotContain("trained");
    assertThat(Files.exists(nope)).isFalse();
  }
}
