package com.anomalywatcher.generate;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.store.SensorSetName;
import com.anomalywatcher.store.StoreException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@code continuous --publish}: each reading as one QoS 1 MQTT message on
 * {@code PREFIX/<site>/<sensor_id>}, the JSON that {@code ingest mqtt} reads:
 *
 * <pre>{"sensor_id": "...", "timestamp": "2026-11-30T10:00:00Z", "value": 4.2, "category": "fridge",
 *  "type": "analog", "unit": "°C", "location": "supermarket", "metadata": {...}}</pre>
 *
 * {@link #flush} returns once the broker acknowledged every message; a broker that cannot be
 * reached is reported as unavailable, so the generator holds the readings and sends them again.
 * Owned by the generating thread.
 */
public final class MqttOutlet implements ReadingOutlet {
  /** Messages sent but not yet acknowledged before the oldest is awaited (the broker may allow fewer). */
  private static final int WINDOW = 1_000;
  private static final long WAIT_MILLIS = 30_000;
  private static final JsonFactory JSON = new JsonFactory();

  private final PublishTarget target;
  private final Map<String, String> siteOf;
  /** {@code {"set":"NAME"}} without its closing brace: the metadata's first key, or null for none. */
  private final String setKey;
  private final MqttAsyncClient client;
  private final ArrayDeque<IMqttToken> unacknowledged = new ArrayDeque<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private boolean closed;

  private MqttOutlet(PublishTarget target, String set, Map<String, String> siteOf, MqttAsyncClient client) {
    this.target = target;
    this.setKey = set == null ? null : "{\"set\":\"" + SensorSetName.check(set) + "\"";
    this.siteOf = siteOf;
    this.client = client;
  }

  /**
   * A factory of outlets to {@code target}, one connection each.
   *
   * @param set the sensor set the readings are of, named in each message's metadata ({@code "set"}):
   *     every set numbers its sites from 0, and an ingest into another database has no registry to tell
   *     two sets' site 0 apart; null for none
   * @param siteOf the topic level of each sensor's site ({@code site-3}); {@code unknown} for others
   */
  public static ReadingOutlet.Factory to(PublishTarget target, String set, Map<String, String> siteOf) {
    Objects.requireNonNull(target, "target");
    Map<String, String> sites = Map.copyOf(siteOf);
    return () -> open(target, set, sites);
  }

  private static MqttOutlet open(PublishTarget target, String set, Map<String, String> siteOf) {
    MqttAsyncClient c = null;
    try {
      c = new MqttAsyncClient(target.broker(), "aw-publish-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setConnectionTimeout(5);
      o.setAutomaticReconnect(false);
      c.connect(o).waitForCompletion(10_000);
      return new MqttOutlet(target, set, siteOf, c);
    } catch (MqttException e) {
      closeQuietly(c);
      throw unavailable(target, e);
    }
  }

  @Override
  public void write(List<Reading> readings) {
    for (Reading r : readings) {
      MqttMessage m = new MqttMessage(payload(r));
      m.setQos(1);
      String topic = target.topic(siteOf.getOrDefault(r.sensorId(), "unknown"), r.sensorId());
      publish(topic, m);
    }
  }

  private void publish(String topic, MqttMessage m) {
    try {
      if (unacknowledged.size() >= WINDOW) {
        unacknowledged.poll().waitForCompletion(WAIT_MILLIS);
      }
      while (true) {
        try {
          unacknowledged.add(client.publish(topic, m));
          return;
        } catch (MqttException e) {
          // 32202: the broker's receive maximum is reached; wait for the oldest acknowledgement
          if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || unacknowledged.isEmpty()) {
            throw e;
          }
          unacknowledged.poll().waitForCompletion(WAIT_MILLIS);
        }
      }
    } catch (MqttException e) {
      throw unavailable(target, e);
    }
  }

  @Override
  public void flush() {
    try {
      while (!unacknowledged.isEmpty()) {
        unacknowledged.peek().waitForCompletion(WAIT_MILLIS);
        unacknowledged.poll();
      }
    } catch (MqttException e) {
      throw unavailable(target, e);
    }
  }

  /** The message text of a reading. */
  byte[] payload(Reading r) {
    buffer.reset();
    try (JsonGenerator g = JSON.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("sensor_id", r.sensorId());
      g.writeStringField("timestamp", r.timestamp().toString());
      g.writeNumberField("value", r.value());
      g.writeStringField("category", r.category());
      g.writeStringField("type", r.type().dbName());
      g.writeStringField("unit", r.unit());
      g.writeStringField("location", r.location());
      g.writeFieldName("metadata");
      g.writeRawValue(withSet(r.metadataJson()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** The reading's metadata (a JSON object) with the set as its first key. */
  private String withSet(String metadataJson) {
    if (setKey == null) {
      return metadataJson;
    }
    String rest = metadataJson.strip().substring(1).strip();
    return rest.equals("}") ? setKey + "}" : setKey + "," + rest;
  }

  private static StoreException unavailable(PublishTarget target, MqttException e) {
    return StoreException.unavailable("MQTT broker " + target.broker() + " unavailable: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    unacknowledged.clear();
    closeQuietly(client);
  }

  private static void closeQuietly(MqttAsyncClient c) {
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        c.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      // gone already: nothing to release on the broker's side
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // a client that cannot close holds nothing more
    }
  }
}
