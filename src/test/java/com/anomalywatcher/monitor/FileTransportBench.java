package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * A bench, not a test (run by hand, see docs/performance-log.md): the alerts file sink alone,
 * {@code EVENTS} distinct events (a monitor's payload, ~400 bytes a line) sent one by one to a new
 * file in {@code DIR}, for each of {@code ROUNDS} rounds (the first warms up the JIT). Prints each
 * round's events per second of wall time and this thread's CPU time per event. Each line is synced
 * (as delivered), so on a disk the sync dominates; on tmpfs ({@code /dev/shm}) the rest shows.
 *
 * <p>{@code java -cp target/test-classes:target/anomaly-watcher.jar
 * com.anomalywatcher.monitor.FileTransportBench DIR EVENTS ROUNDS}
 */
public final class FileTransportBench {
  private static final String PAYLOAD = "{\"event\":\"opened\",\"sensor_id\":\"fridge-%d\",\"category\":\"fridge\","
      + "\"location\":\"supermarket-12\",\"opened_at\":\"2026-12-04T18:30:21Z\",\"kind\":\"level_shift\","
      + "\"severity\":1,\"value\":9.4,\"expected_low\":2.1,\"expected_high\":5.3,\"unit\":\"°C\","
      + "\"peak_score\":0.91,\"explanation\":\"9.4 °C, above its usual 2.1-5.3 °C for this time of day"
      + " (event %d)\"}";

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int events = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    var threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      Path file = dir.resolve("bench-alerts-" + round + ".jsonl");
      Files.deleteIfExists(file);
      FileTransport transport = new FileTransport(file);
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        transport.send(new OutboxStore.Pending(i, transport.sinkName(), i + "-1", "opened", "fridge-" + (i % 60),
            String.format(Locale.ROOT, PAYLOAD, i % 60, i), Instant.EPOCH, 0, null, null));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / events;
      System.out.printf(Locale.ROOT, "round %d: %d events in %.3f s = %.0f events/s, cpu %.1f us/event, %d bytes%n",
          round, events, seconds, events / seconds, cpuMicros, Files.size(file));
      Files.delete(file);
    }
  }
}
