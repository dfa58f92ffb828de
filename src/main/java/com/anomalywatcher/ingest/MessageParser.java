package com.anomalywatcher.ingest;

import com.anomalywatcher.store.RejectStore.Reject;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

  /** Whether item i of an array without a timestamp gets the time of receipt plus i microseconds. */
  private final boolean itemsSpaced;

  /** A parser giving every reading of a message without a timestamp the message's time of receipt. */
  public MessageParser() {
    this(false);
  }

  private MessageParser(boolean itemsSpaced) {
    this.itemsSpaced = itemsSpaced;
  }

  /**
   * A parser giving item i of an array without a timestamp the time of receipt plus i microseconds,
   * so the items of one sensor in one message never share a time (one row per sensor and time would
   * keep only the first); the same message with the same time of receipt gets the same times again.
   * Its caller reserves as many microseconds as the array has items ({@link ReceiptClock#next(int)}).
   */
  public static MessageParser spacingItems() {
    return new MessageParser(true);
  }

  /**
   * How many microseconds a message needs to be given (see {@link #spacingItems}): the number of
   * elements of a JSON array, at least 1; 1 for anything else. Malformed text counts the elements
   * read before the error (the message is rejected whole anyway). Never throws.
   */
  public static int items(byte[] payload) {
    try (JsonParser p = MAPPER.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return 1;
      }
      int n = 0;
      try {
        for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
          p.skipChildren();
          n++;
        }
      } catch (IOException e) {
        // malformed: what was counted is enough
      }
      return Math.max(1, n);
    } catch (IOException e) {
      return 1;
    }
  }

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
    parseInto(arrival, drafts, rejects);
    return new Parsed(drafts, rejects);
  }

  /**
   * Parses one message, adding its readings to {@code drafts} and its rejects to {@code rejects};
   * never throws for bad content. Streams through the text (no tree of the message is built): at
   * tens of thousands of messages a second the tree was most of the parsing time.
   */
  public void parseInto(Arrival arrival, List<Draft> drafts, List<Reject> rejects) {
    int draftsBefore = drafts.size();
    int rejectsBefore = rejects.size();
    try (JsonParser p = MAPPER.createParser(arrival.payload())) {
      JsonToken root = p.nextToken();
      if (root == null) {
        rejects.add(reject(arrival, arrival.origin(), Reject.WHOLE, "not JSON: empty message"));
      } else if (root == JsonToken.START_OBJECT) {
        one(arrival, Reject.WHOLE, p, drafts, rejects, arrival.receivedAt());
      } else if (root == JsonToken.START_ARRAY) {
        int i = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
          if (t == JsonToken.START_OBJECT) {
            one(arrival, i, p, drafts, rejects,
                itemsSpaced ? arrival.receivedAt().plus(i, ChronoUnit.MICROS) : arrival.receivedAt());
          } else {
            p.skipChildren();
            rejects.add(reject(arrival, itemOrigin(arrival.origin(), i), i, "array element " + i + " is not a JSON object"));
          }
        }
        if (i == 0) {
          rejects.add(reject(arrival, arrival.origin(), Reject.WHOLE, "an empty JSON array holds no reading"));
        }
      } else {
        rejects.add(reject(arrival, arrival.origin(), Reject.WHOLE, "not a JSON object or array of objects"));
      }
    } catch (IOException e) {
      // Malformed JSON: what was parsed of it is dropped with it (one message, one verdict).
      drafts.subList(draftsBefore, drafts.size()).clear();
      rejects.subList(rejectsBefore, rejects.size()).clear();
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      rejects.add(reject(arrival, arrival.origin(), Reject.WHOLE, "not JSON: " + firstLine(why)));
    }
  }

  /** The fields of one object as they came, validated once the object is read. */
  private static final class RawFields {
    JsonToken idToken;
    String id;
    JsonToken valueToken;
    double number;
    String valueText;
    JsonToken timeToken;
    long timeMillis;
    boolean timeIsLong;
    String timeText;
    JsonToken metadataToken;
    ObjectNode metadata;
    String[] texts = new String[4];
    String textError;
  }

  private static final String[] TEXT_FIELDS = {"category", "type", "unit", "location"};

  /**
   * Reads the object the parser stands at (its START_OBJECT) up to its END_OBJECT: the whole message
   * when {@code item} is {@link Reject#WHOLE}, else that item of its array; {@code defaultAt} is its
   * timestamp when it has none.
   */
  private static void one(Arrival arrival, int item, JsonParser p, List<Draft> drafts, List<Reject> rejects,
      Instant defaultAt) throws IOException {
    boolean whole = item == Reject.WHOLE;
    String origin = whole ? arrival.origin() : itemOrigin(arrival.origin(), item);
    int start = (int) p.currentTokenLocation().getCharOffset();
    RawFields f = new RawFields();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "sensor_id" -> {
          f.idToken = v;
          f.id = scalarText(p, v);
        }
        case "value" -> {
          f.valueToken = v;
          f.valueText = scalarText(p, v);
          if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            f.number = p.getDoubleValue();
          }
        }
        case "timestamp" -> {
          f.timeToken = v;
          f.timeText = scalarText(p, v);
          f.timeIsLong = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
          if (f.timeIsLong) {
            f.timeMillis = p.getLongValue();
          }
        }
        case "metadata" -> {
          f.metadataToken = v;
          if (v == JsonToken.START_OBJECT) {
            f.metadata = MAPPER.readTree(p); // parsed once: SensorBook merges this tree
          } else {
            f.metadata = null; // the last "metadata" counts, as for every other field
            p.skipChildren();
          }
        }
        default -> textField(name, p, v, f);
      }
    }
    String payload = whole ? arrival.payload()
        : arrival.payload().substring(start, (int) p.currentTokenLocation().getCharOffset() + 1);
    // An item of an array is its own arrival, so that a reject only resolution finds (a new sensor's
    // bad type) names the item too: it named the whole message, and two such items of one request
    // were told apart by nothing.
    Arrival itself = whole ? arrival : new Arrival(arrival.source(), origin, arrival.defaultSensorId(), payload,
        arrival.receivedAt(), arrival.identity(), item);
    try {
      drafts.add(draft(itself, f, defaultAt));
    } catch (InvalidField e) {
      rejects.add(new Reject(arrival.receivedAt(), arrival.source(), origin, payload, e.getMessage(),
          arrival.identity(), item));
    }
  }

  private static void textField(String name, JsonParser p, JsonToken v, RawFields f) throws IOException {
    for (int i = 0; i < TEXT_FIELDS.length; i++) {
      if (TEXT_FIELDS[i].equals(name)) {
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
          f.texts[i] = p.getText();
        } else if (v == JsonToken.VALUE_NULL) {
          f.texts[i] = null;
        } else if (f.textError == null) {
          f.textError = name + " must be a string, got " + Fields.shorten(scalarText(p, v));
        } else {
          p.skipChildren();
        }
        return;
      }
    }
    p.skipChildren();
  }

  /** The text of a scalar, or the JSON text of an object or array (the parser then stands at its end). */
  private static String scalarText(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
      return MAPPER.readTree(p).toString();
    }
    return v == JsonToken.VALUE_NULL ? null : p.getText();
  }

  private static Draft draft(Arrival arrival, RawFields f, Instant defaultAt) throws InvalidField {
    String id = Fields.sensorId(f.idToken == null || f.idToken == JsonToken.VALUE_NULL ? arrival.defaultSensorId()
        : text(f.idToken, f.id, "sensor_id"));
    double value = value(f);
    Instant at = timestamp(f, arrival.receivedAt(), defaultAt);
    if (f.metadataToken != null && f.metadataToken != JsonToken.VALUE_NULL
        && f.metadataToken != JsonToken.START_OBJECT) {
      throw new InvalidField("metadata must be a JSON object");
    }
    if (f.textError != null) {
      throw new InvalidField(f.textError);
    }
    return new Draft(arrival, id, at, value, optional(f.texts[0]), optional(f.texts[1]), optional(f.texts[2]),
        optional(f.texts[3]), f.metadata == null ? null : Metadata.of(f.metadata));
  }

  private static double value(RawFields f) throws InvalidField {
    JsonToken v = f.valueToken;
    if (v == null || v == JsonToken.VALUE_NULL) {
      throw new InvalidField("no value");
    }
    return switch (v) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Fields.finite(f.number, f.valueText);
      case VALUE_TRUE -> 1;
      case VALUE_FALSE -> 0;
      case VALUE_STRING -> Fields.value(f.valueText);
      default -> throw new InvalidField("value is not a number: " + Fields.shorten(f.valueText));
    };
  }

  private static Instant timestamp(RawFields f, Instant receivedAt, Instant defaultAt) throws InvalidField {
    JsonToken t = f.timeToken;
    if (t == null || t == JsonToken.VALUE_NULL) {
      return defaultAt;
    }
    if (f.timeIsLong) {
      return Fields.notInFuture(Fields.epochMillis(f.timeMillis), receivedAt);
    }
    if (t == JsonToken.VALUE_STRING) {
      return Fields.timestamp(f.timeText, ZoneOffset.UTC, receivedAt).at();
    }
    throw new InvalidField("unparsable timestamp " + Fields.shorten(String.valueOf(f.timeText))
        + " (ISO-8601 text or epoch milliseconds)");
  }

  private static String optional(String s) {
    if (s == null) {
      return null;
    }
    String stripped = s.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  private static String text(JsonToken t, String text, String field) throws InvalidField {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return text;
    }
    throw new InvalidField(field + " must be a string, got " + Fields.shorten(String.valueOf(text)));
  }

  /** How item {@code i} of an array message from {@code origin} is named: {@code origin[i]}. */
  private static String itemOrigin(String origin, int i) {
    return origin + "[" + i + "]";
  }

  private static Reject reject(Arrival a, String origin, int item, String reason) {
    return new Reject(a.receivedAt(), a.source(), origin, a.payload(), reason, a.identity(), item);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
