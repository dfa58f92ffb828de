package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in {@code import csv}, sent to a real process: it exited 130 without a word, so the user
 * did not know what was stored or that running the same import again continues. It now commits the
 * rows read so far, says how many on one line and exits 130; the rerun stores the rest, none twice.
 */
class ImportInterruptProcessTest {
  /** Rows of the file: many commits of {@code CsvImport.COMMIT_ROWS}, so the signal lands mid-import. */
  private static final int ROWS = 2_000_000;

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("import-interrupt");
  @TempDir Path dir;

  @Test
  void saysWhatWasCommittedAndARerunContinuesWithoutDuplicates() throws Exception {
    Path csv = dir.resolve("readings.csv");
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("timestamp,sensor_id,value\n");
      for (int i = 0; i < ROWS; i++) {
        w.write(start.plusSeconds(i).toString() + ",probe-" + (i % 4) + "," + (i % 97) + "\n");
      }
    }
    long committed;
    try (AwProcess p = AwProcess.start(dir, "import", Map.of(), "import", "csv", csv.toString(),
        "--db-url", db.jdbcUrl())) {
      p.await("a first commit", () -> TestDatabase.queryLong(db.database(), "SELECT count(*) FROM sensors_data") > 0,
          Duration.ofSeconds(300), true);
      p.signal("INT");
      assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.output()).isEqualTo(130);
      Matcher m = Pattern.compile("interrupted: committed ([\\d,]+) rows \\(([\\d,]+) new\\) before the stop; run the"
          + " same import again to continue \\(rows already stored are skipped\\)").matcher(p.output());
      assertThat(m.find()).as(p.output()).isTrue();
      committed = Long.parseLong(m.group(2).replace(",", ""));
    }
    assertThat(committed).isPositive().isLessThan(ROWS);
    assertThat(TestDatabase.queryLong(db.database(), "SELECT count(*) FROM sensors_data")).isEqualTo(committed);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"import", "csv", csv.toString(), "--db-url", db.jdbcUrl()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains(String.format(java.util.Locale.ROOT, "(%,d new)", ROWS - committed));
    assertThat(TestDatabase.queryLong(db.database(), "SELECT count(*) FROM sensors_data")).isEqualTo(ROWS);
  }
}
