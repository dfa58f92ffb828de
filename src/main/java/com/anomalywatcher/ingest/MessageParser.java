package com.anomalywatcher.ingest;

import com.anomalywatcher.store.RejectStore.Reject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a message into drafts of readings and rejects. A message is a JSON object or an array of
 * them:
 *
 * <pre>{"sensor_id": "fridge-12", "timestamp": "2026-11-30T10:00:00Z" | 1796032800000, "value": 4.2,
 *  "category": "fridge", "type": "analog", "unit": "°C", "location": "supermarket",
 *  "metadata": {"site": "store-12"}}</pre>
 *
 * {@code timestamp} defaults to the time of receipt (ISO-8601 without an offset is UTC; a number is
 * epoch milliseconds), {@code sensor_id} to the topic's last level; the sensor fields are optional.
 * Stateless and thread-safe.
 */
public final class MessageParser {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** What one message became: drafts in message order and rejects. */
  public record Parsed(List<Draft> drafts, List<Reject> rejects) {
    public Parsed {
      drafts = List.copyOf(drafts);
      rejects = List.copyOf(rejects);
    }
  }

  /** Parses one message; never throws for bad content. */
  public Parsed parse(Arrival arrival) {
    List<Draft> drafts = new ArrayList<>(1);
    List<Reject> rejects = new ArrayList<>(0);
    JsonNode root;
    try {
      root = MAPPER.readTree(arrival.payload());
    } catch (JsonProcessingException e) {
      rejects.add(reject(arrival, arrival.origin(), "not JSON: " + firstLine(e.getOriginalMessage())));
      return new Parsed(drafts, rejects);
    }
    if (root == null || root.isMissingNode()) {
      rejects.add(reject(arrival, arrival.origin(), "not JSON: empty message"));
    } else if (root.isObject()) {
      one(arrival, arrival.origin(), root, drafts, rejects);
    } else if (root.isArray()) {
      if (root.isEmpty()) {
        rejects.add(reject(arrival, arrival.origin(), "an empty JSON array holds no reading"));
      }
      for (int i = 0; i < root.size(); i++) {
        String origin = arrival.origin() + "[" + i + "]";
        JsonNode element = root.get(i);
        if (element.isObject()) {
          one(arrival, origin, element, drafts, rejects);
        } else {
          rejects.add(reject(arrival, origin, "array element " + i + " is not a JSON object"));
        }
      }
    } else {
      rejects.add(reject(arrival, arrival.origin(), "not a JSON object or array of objects"));
    }
    return new Parsed(drafts, rejects);
  }

  private static void one(Arrival arrival, String origin, JsonNode o, List<Draft> drafts, List<Reject> rejects) {
    try {
      drafts.add(draft(arrival, o));
    } catch (InvalidField e) {
      String payload = origin.equals(arrival.origin()) ? arrival.payload() : o.toString();
      rejects.add(new Reject(arrival.receivedAt(), arrival.source(), origin, payload, e.getMessage()));
    }
  }

  private static Draft draft(Arrival arrival, JsonNode o) throws InvalidField {
    JsonNode idNode = o.get("sensor_id");
    String id = Fields.sensorId(idNode == null || idNode.isNull() ? arrival.defaultSensorId() : text(idNode, "sensor_id"));
    double value = value(o.get("value"));
    Instant at = timestamp(o.get("timestamp"), arrival.receivedAt());
    JsonNode metadata = o.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw new InvalidField("metadata must be a JSON object");
    }
    return new Draft(arrival, id, at, value, optionalText(o, "category"), optionalText(o, "type"),
        optionalText(o, "unit"), optionalText(o, "location"),
        metadata == null || metadata.isNull() ? null : metadata.toString());
  }

  private static double value(JsonNode v) throws InvalidField {
    if (v == null || v.isNull()) {
      throw new InvalidField("no value");
    }
    if (v.isNumber()) {
      return Fields.finite(v.doubleValue(), v.asText());
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1 : 0;
    }
    if (v.isTextual()) {
      return Fields.value(v.textValue());
    }
    throw new InvalidField("value is not a number: " + Fields.shorten(v.toString()));
  }

  private static Instant timestamp(JsonNode t, Instant receivedAt) throws InvalidField {
    if (t == null || t.isNull()) {
      return receivedAt;
    }
    if (t.isIntegralNumber() && t.canConvertToLong()) {
      return Fields.notInFuture(Fields.epochMillis(t.longValue()), receivedAt);
    }
    if (t.isTextual()) {
      return Fields.timestamp(t.textValue(), ZoneOffset.UTC, receivedAt);
    }
    throw new InvalidField("unparsable timestamp " + Fields.shorten(t.toString())
        + " (ISO-8601 text or epoch milliseconds)");
  }

  private static String optionalText(JsonNode o, String field) throws InvalidField {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    String s = text(n, field).strip();
    return s.isEmpty() ? null : s;
  }

  private static String text(JsonNode n, String field) throws InvalidField {
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isNumber()) {
      return n.asText();
    }
    throw new InvalidField(field + " must be a string, got " + Fields.shorten(n.toString()));
  }

  private static Reject reject(Arrival a, String origin, String reason) {
    return new Reject(a.receivedAt(), a.source(), origin, a.payload(), reason);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
