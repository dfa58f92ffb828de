package com.anomalywatcher.ingest;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorRegistry.Attributes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A bench, not a test (run by hand, see docs/performance-log.md): SensorBook alone, as
 * Ingestor.commit drives it, on READINGS drafts of SENSORS devices whose metadata carries telemetry that changes with every
 * reading (DeviceMetadata's shape), BATCH drafts a commit. Drafts are built untimed per batch (their
 * metadata parsed, as MessageParser hands it on); the
 * timed part is resolve for each, then learn/describingChanges/learn. No database writes (the
 * registry is read once). Prints this thread's CPU time per reading for each of ROUNDS rounds,
 * each with a new book (the first warms up the JIT).
 *
 * <p>{@code java -cp target/test-classes:target/anomaly-watcher.jar com.anomalywatcher.ingest.SensorBookBench
 * JDBC_URL READINGS SENSORS BATCH ROUNDS}
 */
public final class SensorBookBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int messages = Integer.parseInt(args[1]);
    int sensors = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    var threads = ManagementFactory.getThreadMXBean();
    try (Database db = Database.connect(url)) {
      Schema.init(db, Optional.empty(), OptionalInt.empty(), Clock.fixed(t0, ZoneOffset.UTC));
      for (int round = 0; round < rounds; round++) {
        SensorBook book = new SensorBook(new SensorRegistry(db));
        long cpu = 0;
        int described = 0;
        for (int from = 0; from < messages; from += batch) {
          List<Draft> drafts = new ArrayList<>(batch);
          for (int i = from; i < Math.min(messages, from + batch); i++) {
            int s = i % sensors;
            long minute = i / sensors;
            Instant at = t0.plusSeconds(60 * minute);
            String metadata = String.format(Locale.ROOT,
                "{\"serial\":\"TP350-%08X\",\"site\":%d,\"timezone\":\"Europe/Berlin\",\"firmware\":\"2.4.0\",\"battery\":%.1f,\"rssi\":%d,\"uptime\":%d}",
                s * 2654435761L & 0xFFFFFFFFL, s % 7, 100 - minute * 0.01, -50 - (i % 13), 1_000_000 + minute * 60);
            Arrival a = Arrival.mqtt("aw/0/qb-" + s, "", at);
            // Parsed untimed, as MessageParser parses a message's metadata before the book merges it.
            Metadata parsed = Metadata.of((ObjectNode) JSON.readTree(metadata));
            drafts.add(new Draft(a, "qb-" + s, at, 4.0, "fridge", "analog", "°C", "supermarket", parsed));
          }
          long c0 = threads.getCurrentThreadCpuTime();
          described += commit(book, drafts);
          cpu += threads.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf(Locale.ROOT, "round %d: %,d readings of %,d sensors, batch %,d: %.3f s CPU, %.2f µs/reading, %d registry writes%n",
            round, messages, sensors, batch, cpu / 1e9, cpu / 1e3 / messages, described);
      }
    }
  }

    private static int commit(SensorBook book, List<Draft> drafts) throws InvalidField {
    SensorBook.Batch batch = new SensorBook.Batch();
    for (Draft d : drafts) {
      book.resolve(d, batch);
    }
    book.learn(batch.fresh());
    int n = batch.describingChanges().size();
    book.learn(batch.updated());
    return n;
  }
}
