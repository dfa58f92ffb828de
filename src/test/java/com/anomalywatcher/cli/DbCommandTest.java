package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.empty("db command");

  @Test
  void initPrintsPlainPostgresModeAndIsIdempotent() {
    CommandRun first = CommandRun.of("db", "init", "--db-url", db.jdbcUrl());
    CommandRun second = CommandRun.of("db", "init", "--db-url", db.jdbcUrl(), "--retention-days", "14");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("plain PostgreSQL mode").containsPattern("\\(\\d+ migrations? applied now\\)").doesNotContain("(0 migrations");
    assertThat(second.out()).contains("0 migrations applied").contains("Retention: 14 days");
    assertThat(CommandRun.of("db", "init", "--db-url", db.jdbcUrl(), "--mode", "timescaledb").out())
        .contains("--mode timescaledb not applied").contains("plain PostgreSQL mode");
    assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void rejectsNegativeRetentionWithOneLineAndExit2() {
    CommandRun r = CommandRun.of("db", "init", "--db-url", db.jdbcUrl(), "--retention-days", "-1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Error: --retention-days must be >= 0").contains("got -1");
  }

  @Test
  void rejectsAMalformedUrlWithExit2() {
    CommandRun r = CommandRun.of("db", "init", "--db-url", "mysql://root:secret@db/x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--db-url").doesNotContain("secret");
  }

  @Test
  void unreachableDatabaseIsOneLineExit1WithMaskedPassword() {
    CommandRun r = CommandRun.of("db", "init", "--db-url", "postgresql://postgres:secret@127.0.0.1:1/nothing");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("Error: database at 127.0.0.1:1 is not reachable: ").doesNotContain("secret")
        .doesNotContainPattern("\\w(Exception|Error)\\b");
  }

  @Test
  void driverErrorTextNeverShowsThePassword() {
    CommandRun jdbc = CommandRun.of("db", "init", "--db-url", "jdbc:postgresql://postgres:Zsecret@127.0.0.1:5/qa_b");
    CommandRun libpq = CommandRun.of("db", "init", "--db-url", "postgresql://postgres:p@w0rd@127.0.0.1:1/qa_b");
    assertThat(jdbc.exitCode()).isNotZero();
    assertThat(jdbc.err()).doesNotContain("Zsecret");
    assertThat(libpq.exitCode()).isNotZero();
    assertThat(libpq.err()).doesNotContain("w0rd");
  }

  @Test
  void aDataDirThatCannotBeMadeSaysWhyNotJustItsPath(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    String port = Integer.toString(freePort());

    CommandRun underProc = CommandRun.of("read", "--data-dir", "/proc/aw-no-such-data-dir", "--db-port", port);
    CommandRun underFile = CommandRun.of("read", "--data-dir", file.resolve("data").toString(), "--db-port", port);

    assertThat(underProc.exitCode()).isEqualTo(1);
    assertThat(underProc.err().strip()).isEqualTo("Error: cannot start the embedded database in /proc/aw-no-such-data-dir:"
        + " /proc/aw-no-such-data-dir: no such file or directory (or none can be made there)");
    assertThat(underFile.exitCode()).isEqualTo(1);
    assertThat(underFile.err()).contains("Not a directory");
  }

  /** AW_DB_PORT fills --db-port's default, so a bad value must name both: the user may never have typed the option. */
  @Test
  void aPortThatIsNoNumberIsRefusedNamingTheOptionTheVariableAndTheValue(@TempDir Path dir) {
    CommandRun r = CommandRun.of("read", "--data-dir", dir.toString(), "--db-port", "abc");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElseThrow())
        .isEqualTo("Error: --db-port (or env AW_DB_PORT) must be a port number 1..65535, got 'abc'");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void startAndStopRefuseAnExternalUrl() {
    CommandRun r = CommandRun.of("db", "stop", "--db-url", db.jdbcUrl());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("embedded PostgreSQL only");
  }

  @Test
  void embeddedServerOutlivesTheCommandUntilDbStop(@TempDir Path dir) throws IOException {
    String port = Integer.toString(freePort());
    String[] where = {"--data-dir", dir.toString(), "--db-port", port};

    assertThat(CommandRun.of(concat(new String[] {"db", "status"}, where)).out()).contains("stopped");
    CommandRun init = CommandRun.of(concat(new String[] {"db", "init"}, where));
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains(":" + port + "/sensor_data");
    // zonky's own lock is released at once, so this JVM could start the server again after a stop.
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
            dir.resolve("pg/epg-lock"), java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = ch.tryLock()) {
      assertThat(lock).isNotNull();
    }
    try {
      CommandRun status = CommandRun.of(concat(new String[] {"db", "status"}, where));
      assertThat(status.out()).contains("running (pid").contains("plain PostgreSQL mode");
      assertThat(CommandRun.of(concat(new String[] {"db", "start"}, where)).out()).contains("already running");
    } finally {
      CommandRun stop = CommandRun.of(concat(new String[] {"db", "stop"}, where));
      assertThat(stop.out()).contains("stopped");
    }
    assertThat(CommandRun.of(concat(new String[] {"db", "status"}, where)).out()).contains("stopped");
    assertThat(CommandRun.of(concat(new String[] {"db", "stop"}, where)).out()).contains("not running");

    // A postmaster.pid left by a crash (its process gone) does not block the next start.
    Files.writeString(dir.resolve("pg/postmaster.pid"), "2147483000\n" + dir.resolve("pg") + "\n");
    try {
      CommandRun start = CommandRun.of(concat(new String[] {"db", "start"}, where));
      assertThat(start.exitCode()).as(start.err()).isZero();
      assertThat(start.out()).contains("started");
    } finally {
      CommandRun.of(concat(new String[] {"db", "stop"}, where));
    }
  }

  /** Another checkout's embedded server on our port: status said "any command starts it", then the next command failed. */
  @Test
  void statusSaysWhenAnotherServerHoldsThePortAndHowToProceed(@TempDir Path dir) {
    String otherServersPort = Integer.toString(TestDatabase.server().getPort());
    String[] where = {"--data-dir", dir.toString(), "--db-port", otherServersPort};

    CommandRun status = CommandRun.of(concat(new String[] {"db", "status"}, where));
    CommandRun next = CommandRun.of(concat(new String[] {"db", "start"}, where));

    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out()).contains("stopped").contains("port " + otherServersPort + " is used by another server")
        .contains("not the one of " + dir).contains("--db-port").doesNotContain("any command starts it");
    assertThat(next.exitCode()).isEqualTo(1);
    assertThat(next.err()).contains("port " + otherServersPort + " is used by another server");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
