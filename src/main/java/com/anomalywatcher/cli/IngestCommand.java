package com.anomalywatcher.cli;

import com.anomalywatcher.ingest.MqttIngest;
import com.anomalywatcher.ingest.MqttSettings;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest}: readings of real sensors from outside. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Take in readings of real sensors (any id, any category).",
    subcommands = {IngestCommand.Mqtt.class})
final class IngestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code ingest mqtt}: subscribe and store until Ctrl-C or SIGTERM. */
  @Command(
      name = "mqtt",
      mixinStandardHelpOptions = true,
      description = {
        "Subscribe to an MQTT broker and store every reading that arrives, until Ctrl-C or SIGTERM",
        "(which commit what is held and exit 0). A message is a JSON object or an array of them:",
        "  {\"sensor_id\": \"fridge-12\", \"timestamp\": \"2026-11-30T10:00:00Z\" | 1796032800000, \"value\": 4.2,",
        "   \"category\": \"fridge\", \"type\": \"analog\", \"unit\": \"°C\", \"location\": \"supermarket\",",
        "   \"metadata\": {\"site\": \"store-12\"}}",
        "sensor_id defaults to the topic's last level, timestamp to the time of receipt. The sensor",
        "fields count only on a sensor's first reading; left out they are category unknown, type",
        "analog, unit empty, location unknown. Bad messages go to the table ingest_rejects.",
        "QoS 1 runs in a persistent session: messages are acknowledged only once committed, so",
        "nothing published while the ingest or the database is down is lost, and a message the",
        "broker redelivers (its acknowledgement lost) is stored once, also without a timestamp.",
        "The password is read from the environment variable AW_MQTT_PASSWORD only."
      })
  static final class Mqtt implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;
    @Mixin MetricsOption metrics;

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "Broker, e.g. tcp://127.0.0.1:1883.")
    String broker;

    @Option(names = "--topic", required = true, paramLabel = "FILTER", description = "Topic filter, e.g. 'plant7/#'.")
    String topic;

    @Option(names = "--client-id", paramLabel = "ID",
        description = "MQTT client id; the same id resumes the broker's session (default: anomaly-watcher-ingest-"
            + "<topic>-<hash of the database URL, password masked>, so ingests of other topics or databases on one broker keep"
            + " sessions of their own).")
    String clientId;

    @Option(names = "--qos", paramLabel = "0|1", defaultValue = "1", description = "Subscription QoS (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--username", paramLabel = "U", description = "User name; the password comes from AW_MQTT_PASSWORD.")
    String username;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "5000", description = "Messages per commit (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-ms", paramLabel = "DURATION", defaultValue = "200", converter = DurationConverter.Millis.class,
        description = "Longest a message waits for its commit, e.g. 200ms or 1s; a bare number is milliseconds (default: ${DEFAULT-VALUE} ms).")
    Duration batchWait;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "20000",
        description = "Messages held unacknowledged at most, e.g. while the database is down; 1..21845, a third of"
            + " MQTT's packet ids, so a redelivery is told from a new message (default: ${DEFAULT-VALUE}).")
    int maxPending;

    @Override
    public Integer call() throws MqttException {
      settings(clientId == null ? "checked-before-the-database-opens" : clientId);
      metrics.validate();
      PrintWriter out = spec.commandLine().getOut();
      StopSignal stop = StopSignal.onInterrupt();
      try (Database db = dbOptions.openInitialised();
          MetricsEndpoint endpoint = metrics.start(AwMetrics.Role.MQTT_INGEST);
          MqttIngest ingest = new MqttIngest(
              settings(clientId == null ? defaultClientId(topic, db.maskedUrl()) : clientId), db, Clock.systemUTC(),
              out)) {
        MqttIngest.Summary s;
        try {
          stop.graceful();
          // SIGTERM ends the loop's wait for a message at once, not at its next poll (up to 200 ms
          // of the 1 s a stop has).
          stop.onStop(ingest::wake);
          s = ingest.run(stop::requested);
        } catch (MqttException e) {
          throw new CommandFailure("cannot subscribe to " + topic + " on " + broker + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "stopped: %s, %s (%,d new), %s, %s%n", Human.count(s.messages(), "message"),
            Human.count(s.readings(), "reading"), s.stored(), Human.count(s.rejects(), "reject"),
            Human.count(s.newSensors(), "new sensor"));
        out.flush();
        if (!s.clean()) {
          throw new CommandFailure("the database did not take the last batch; those messages stay at the broker");
        }
      } finally {
        stop.close();
      }
      return 0;
    }

    /**
     * One session per topic filter and database. A fixed default made two ingests on one broker take
     * the session from each other in turn (reconnecting several times a second), and each took over
     * the other's subscriptions, so messages went to the wrong database, and a message without a
     * timestamp redelivered after a takeover was stored again with a new time of receipt. A restart
     * with the same topic and database still resumes its session. The hash is over the masked URL, so
     * the broker, its logs and {@code $SYS} see nothing derived from the password, and a new password
     * keeps the session.
     */
    static String defaultClientId(String topicFilter, String maskedDatabaseUrl) {
      String topicPart = topicFilter.replaceAll("[^A-Za-z0-9_-]", "_");
      return "anomaly-watcher-ingest-" + topicPart.substring(0, Math.min(topicPart.length(), 80)) + "-"
          + Integer.toHexString(maskedDatabaseUrl.hashCode());
    }

    private MqttSettings settings(String id) {
      String password = System.getenv("AW_MQTT_PASSWORD");
      try {
        return new MqttSettings(broker, topic, id, qos, username,
            password == null || password.isEmpty() ? null : password.toCharArray(), batchSize,
            batchWait, maxPending);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
  }
}
