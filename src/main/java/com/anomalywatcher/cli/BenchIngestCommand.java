package com.anomalywatcher.cli;

import com.anomalywatcher.ingest.IngestBenchmark;
import com.anomalywatcher.store.Database;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench ingest}: MQTT messages per second through one {@code ingest mqtt} connection. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Measure how many MQTT messages per second one 'ingest mqtt' connection commits into the",
      "database: seeded readings are published at QoS 1 while the ingest's persistent session is",
      "away, then the ingest starts and is timed until the last one is committed and acknowledged.",
      "Checks every reading is stored exactly once, then deletes them (sensors aw-bench-ingest-*).",
      "Without --broker it starts a Mosquitto of its own (needs 'mosquitto' on the PATH)."
    })
final class BenchIngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--broker", paramLabel = "URL",
      description = "Use this broker; it must hold --messages queued messages per client (default: start one).")
  String broker;

  @Option(names = "--messages", defaultValue = "500000", paramLabel = "N", description = "Messages (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--warmup", defaultValue = "200000", paramLabel = "N",
      description = "Messages ingested first, untimed, for the JIT compiler (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--sensors", defaultValue = "100", paramLabel = "N", description = "Sensors among them (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed of the values (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--publishers", defaultValue = "2", paramLabel = "N",
      description = "Publisher connections filling the broker, not timed (default: ${DEFAULT-VALUE}).")
  int publishers;

  @Option(names = "--batch-size", defaultValue = "5000", paramLabel = "N",
      description = "The ingest's messages per commit, as in 'ingest mqtt' (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--max-pending", defaultValue = "20000", paramLabel = "N",
      description = "The ingest's unacknowledged messages at most, as in 'ingest mqtt' (default: ${DEFAULT-VALUE}).")
  int maxPending;

  @Option(names = "--json", description = "Print one JSON line with the results as the last line.")
  boolean json;

  @Override
  public Integer call() throws MqttException, InterruptedException {
    IngestBenchmark.Settings settings;
    try {
      settings = new IngestBenchmark.Settings(broker, messages, warmup, sensors, seed, publishers, batchSize, maxPending);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Database db = dbOptions.openInitialised()) {
      IngestBenchmark.Result r;
      try {
        r = new IngestBenchmark(settings, db, spec.commandLine().getErr()).run();
      } catch (IllegalStateException e) {
        throw new CommandFailure(e.getMessage(), e);
      }
      out.printf(Locale.ROOT, "ingest: %,d messages of %,d sensors from one connection (QoS 1) committed in %.2f s"
          + " = %,.0f messages/s; %,d readings stored, none lost or duplicated%n", r.messages(), r.sensors(),
          r.ingestSeconds(), r.messagesPerSecond(), r.rows());
      out.printf(Locale.ROOT, "(filling the broker beforehand took %.1f s: %,.0f messages/s, not part of the figure)%n",
          r.publishSeconds(), r.messages() / r.publishSeconds());
      if (json) {
        out.printf(Locale.ROOT, "{\"messages\":%d,\"sensors\":%d,\"seconds\":%.3f,\"messages_per_second\":%.0f,"
            + "\"publish_seconds\":%.3f}%n", r.messages(), r.sensors(), r.ingestSeconds(), r.messagesPerSecond(),
            r.publishSeconds());
      }
      out.flush();
    }
    return 0;
  }
}
