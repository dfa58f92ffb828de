package com.anomalywatcher.generate;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.mqtt.MqttPublisher;
import com.anomalywatcher.mqtt.PublishRefusedException;
import com.anomalywatcher.store.SensorSetName;
import com.anomalywatcher.store.StoreException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * {@code continuous --publish}: each reading as one QoS 1 MQTT message on
 * {@code PREFIX/<site>/<sensor_id>}, the JSON that {@code ingest mqtt} reads:
 *
 * <pre>{"sensor_id": "...", "timestamp": "2026-11-30T10:00:00Z", "value": 4.2, "category": "fridge",
 *  "type": "analog", "unit": "°C", "location": "supermarket", "metadata": {...}}</pre>
 *
 * {@link #flush} returns once the broker acknowledged every message; a broker that cannot be
 * reached, or that drops the connection, is reported as unavailable, so the generator closes this
 * outlet, holds the readings and sends them again on a new connection (QoS 1: a re-sent reading
 * the broker already had is skipped by the ingest). A broker that refuses a message for good (not
 * authorised for its topic) fails with its reason instead, which stops the generator. Owned by the
 * generating thread.
 */
public final class MqttOutlet implements ReadingOutlet {
  /** Messages sent but not yet acknowledged (the broker's receive maximum may allow fewer). */
  private static final int WINDOW = 1_000;
  private static final long WAIT_MILLIS = 30_000;
  private static final JsonFactory JSON = new JsonFactory();

  private final PublishTarget target;
  private final Map<String, String> siteOf;
  /** {@code {"set":"NAME"}} without its closing brace: the metadata's first key, or null for none. */
  private final String setKey;
  private final MqttPublisher publisher;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private boolean closed;

  private MqttOutlet(PublishTarget target, String set, Map<String, String> siteOf, MqttPublisher publisher) {
    this.target = target;
    this.setKey = set == null ? null : "{\"set\":\"" + SensorSetName.check(set) + "\"";
    this.siteOf = siteOf;
    this.publisher = publisher;
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
    try {
      MqttPublisher p = MqttPublisher.connect(target.broker(), "aw-publish-" + UUID.randomUUID(), WINDOW, WAIT_MILLIS);
      return new MqttOutlet(target, set, siteOf, p);
    } catch (MqttException e) {
      throw unavailable(target, e);
    }
  }

  @Override
  public void write(List<Reading> readings) {
    try {
      for (Reading r : readings) {
        publisher.publish(target.topic(siteOf.getOrDefault(r.sensorId(), "unknown"), r.sensorId()), payload(r));
      }
    } catch (MqttException e) {
      throw failed(target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(target, e);
    }
  }

  @Override
  public void flush() {
    try {
      publisher.flush();
    } catch (MqttException e) {
      throw failed(target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(target, e);
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

  /**
   * A broker that refused a message for good (not authorised for the topic, say) is not an outage:
   * retrying would send it again forever, so the failure is not one {@link
   * com.anomalywatcher.store.DatabaseRetry} rides out, and the generator stops with the broker's reason.
   */
  private static StoreException failed(PublishTarget target, MqttException e) {
    if (e instanceof PublishRefusedException r && r.isPermanent()) {
      return new StoreException(target.service() + " refused publishing to " + r.topic() + ": " + r.reason(), e);
    }
    return unavailable(target, e);
  }

  private static StoreException unavailable(PublishTarget target, MqttException e) {
    return StoreException.unavailable(target.service(), "MQTT broker " + target.broker() + " unavailable: "
        + e.getMessage(), e);
  }

  /** The readings stay held, as after an outage: the generator sees the interrupt and stops. */
  private static StoreException interrupted(PublishTarget target, InterruptedException e) {
    return StoreException.unavailable(target.service(), "publishing to MQTT broker " + target.broker() + " interrupted",
        e);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    publisher.close();
  }
}
