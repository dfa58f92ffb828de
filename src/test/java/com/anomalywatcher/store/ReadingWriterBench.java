package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Ingest benchmark (not a test): writes synthetic minute readings through {@link ReadingWriter} and
 * prints rows/s. Run: {@code java -cp target/classes:target/test-classes:<deps>
 * com.anomalywatcher.store.ReadingWriterBench <jdbc-url of an empty database> <sensors> <days>
 * [writers] [batchRows]}.
 */
public final class ReadingWriterBench {
  private ReadingWriterBench() {}

  public static void main(String[] args) {
    String url = args[0];
    int sensors = Integer.parseInt(args[1]);
    int days = Integer.parseInt(args[2]);
    int writers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int batchRows = args.length > 4 ? Integer.parseInt(args[4]) : ReadingWriter.DEFAULT_BATCH_ROWS;
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<Reading> rows = TestReadings.series(sensors, start, Duration.ofMinutes(1), days * 1440);
    try (Database db = Database.connect(url, writers + 2)) {
      Schema.init(db, Optional.empty(), OptionalInt.empty(), Clock.systemUTC());
      long t0 = System.nanoTime();
      try (ReadingWriter w =
          ReadingWriter.open(db, new ReadingWriter.Options(writers, batchRows, ReadingWriter.Method.AUTO),
              Clock.systemUTC())) {
        w.writeAll(rows);
        w.flush();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d rows (%d sensors x %d days, minute data), %d writers, batch %d: %.2f s, rows/s: %.0f%n",
            w.rowsWritten(), sensors, days, writers, batchRows, seconds, w.rowsWritten() / seconds);
      }
    }
  }
}
