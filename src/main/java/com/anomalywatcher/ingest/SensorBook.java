package com.anomalywatcher.ingest;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorRegistry.Attributes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Resolves drafts into readings with their sensor's attributes: a registered sensor keeps the
 * category, type, unit, location it was registered with; an unknown one takes them from its first
 * reading, with the defaults below for what that reading leaves out. A reading's metadata is merged
 * into the sensor's: the keys it sets replace the sensor's, the others are kept (a reading that
 * re-zones a sensor with only {@code {"timezone": ...}} leaves its {@code "watch": "generic"}
 * alone), and the reading is stored with the merged metadata. Owned by one thread (its {@link
 * Ingestor}'s).
 */
final class SensorBook {
  /** Category of a sensor whose first reading names none; watched by the generic detector. */
  static final String DEFAULT_CATEGORY = "unknown";
  /** Signal type of a sensor whose first reading names none. */
  static final String DEFAULT_TYPE = "analog";
  /** Unit of a sensor whose first reading names none (none). */
  static final String DEFAULT_UNIT = "";
  /** Location of a sensor whose first reading names none. */
  static final String DEFAULT_LOCATION = "unknown";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The metadata keys the watcher reads: {@code watch} (generic), {@code timezone}, {@code site}. */
  static final List<String> DESCRIBING_KEYS = List.of("watch", "timezone", "site");

  private final SensorRegistry registry;
  private final Map<String, Attributes> known;
  /**
   * Per sensor, its latest merged metadata parsed, and the reading metadata last merged onto it: a
   * device that sends telemetry (uptime, battery) changes its metadata with every reading, and the
   * next merge starts from this tree instead of parsing the text again.
   */
  private final Map<String, Latest> latest = new HashMap<>();

  private record Latest(String json, ObjectNode tree, String lastReading) {}

  /**
   * The sensors one commit touches, filled by {@link #resolve}: those it registers ({@link #fresh}),
   * those whose metadata its readings changed ({@link #updated}, with the merged metadata), and which
   * of those changed a key the watcher reads. Owned by the committing thread.
   */
  static final class Batch {
    private final Map<String, Attributes> fresh = new LinkedHashMap<>();
    private final Map<String, Attributes> updated = new LinkedHashMap<>();
    private final Set<String> redescribed = new HashSet<>();

    /** Sensors not yet known, each with its first reading's attributes: registered by the caller. */
    Map<String, Attributes> fresh() {
      return fresh;
    }

    /** Sensors whose metadata this batch's readings changed, with the merged metadata. */
    Map<String, Attributes> updated() {
      return updated;
    }

    /**
     * Of {@link #updated}, those where a key the watcher reads changed ({@link #DESCRIBING_KEYS}):
     * their merged metadata is worth storing in {@code sensors}, so an ingest started later merges
     * onto it. Telemetry a device sends with every reading (uptime, battery) changes the metadata
     * of every reading and is not written to {@code sensors} for that.
     */
    List<Attributes> describingChanges() {
      List<Attributes> changed = new ArrayList<>();
      for (Attributes a : updated.values()) {
        if (redescribed.contains(a.sensorId())) {
          changed.add(a);
        }
      }
      return changed;
    }
  }

  SensorBook(SensorRegistry registry) {
    this.registry = registry;
    this.known = new HashMap<>(registry.attributes());
  }

  /**
   * The reading of a draft. A sensor not yet known is added to the batch's {@link Batch#fresh}
   * (registered by the caller, then {@link #learn learned}); the first draft of a sensor in a batch
   * defines it. A sensor whose metadata the draft changes is added to {@link Batch#updated}, with its
   * merged metadata (stored by the caller after the fresh ones, then learned).
   *
   * @throws InvalidField when an unknown sensor's first reading has a type that is not analog,
   *     digital or serial
   */
  Reading resolve(Draft d, Batch batch) throws InvalidField {
    Metadata given = d.metadata();
    Fields.storable("metadata", given == null ? null : given.json());
    Attributes a = batch.updated.get(d.sensorId());
    if (a == null) {
      a = known.get(d.sensorId());
    }
    if (a == null) {
      a = batch.fresh.get(d.sensorId());
    }
    if (a == null) {
      a = attributesOf(d);
      batch.fresh.put(d.sensorId(), a);
    }
    String metadata = a.metadataJson();
    if (given != null && !given.json().equals(metadata)) {
      metadata = merged(d.sensorId(), metadata, given, batch.redescribed);
      if (!metadata.equals(a.metadataJson())) {
        batch.updated.put(d.sensorId(),
            new Attributes(a.sensorId(), a.category(), a.type(), a.unit(), a.location(), metadata));
      }
    }
    return new Reading(readingId(d), d.timestamp(), d.sensorId(), SensorType.parse(a.type()), a.category(),
        d.value(), a.unit(), a.location(), metadata);
  }

  /** Remembers sensors once their registration (or their merged metadata) is committed. */
  void learn(Map<String, Attributes> registered) {
    known.putAll(registered);
  }

  /**
   * {@code reading}'s keys over {@code sensor}'s; {@code sensor} itself (the same string) when the
   * reading changes nothing, so an unchanged sensor is not written again. The reading's metadata comes
   * parsed (its message was parsed once); the sensor's is not parsed when it is the result of the
   * sensor's last merge. Adds the sensor to {@code redescribed} when the merge changes a key the
   * watcher reads. Neither tree is changed: a changed merge is a copy.
   */
  private String merged(String sensorId, String sensor, Metadata reading, Set<String> redescribed) {
    Latest last = latest.get(sensorId);
    boolean fromLast = last != null && last.json().equals(sensor);
    if (fromLast && last.lastReading().equals(reading.json())) {
      return sensor; // merged onto it already: merging the same keys again changes nothing
    }
    ObjectNode given = reading.tree();
    ObjectNode base = fromLast ? last.tree() : object(sensor);
    if (base == null) {
      redescribed.add(sensorId); // not expected: the registered metadata is a jsonb object
      latest.remove(sensorId);
      return reading.json();
    }
    boolean changed = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().equals(base.get(field.getKey()))) {
        changed = true;
        if (DESCRIBING_KEYS.contains(field.getKey())) {
          redescribed.add(sensorId);
        }
      }
    }
    ObjectNode tree = changed ? base.deepCopy().setAll(given) : base;
    String result = changed ? tree.toString() : sensor;
    latest.put(sensorId, new Latest(result, tree, reading.json()));
    return result;
  }

  /** The JSON object {@code json} holds, or null when it holds something else. */
  private static ObjectNode object(String json) {
    try {
      return MAPPER.readTree(json) instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Attributes attributesOf(Draft d) throws InvalidField {
    Fields.storable("category", d.category());
    Fields.storable("type", d.type());
    Fields.storable("unit", d.unit());
    Fields.storable("location", d.location());
    String type = d.type() == null ? DEFAULT_TYPE : d.type().toLowerCase(Locale.ROOT);
    try {
      SensorType.parse(type);
    } catch (IllegalArgumentException e) {
      throw new InvalidField("type must be analog, digital or serial, got '" + Fields.shorten(d.type()) + "'");
    }
    return new Attributes(d.sensorId(),
        d.category() == null ? DEFAULT_CATEGORY : d.category().toLowerCase(Locale.ROOT),
        type,
        d.unit() == null ? DEFAULT_UNIT : d.unit(),
        d.location() == null ? DEFAULT_LOCATION : d.location(),
        d.metadata() == null ? "{}" : d.metadata().json());
  }

  /**
   * A time-ordered id (epoch millis in the top 48 bits, version 7 layout) derived from sensor and
   * timestamp only, so a reading sent twice gets the same id.
   */
  static UUID readingId(Draft d) {
    long millis = d.timestamp().toEpochMilli();
    long h = mix(fnv(d.sensorId()) ^ mix(d.timestamp().getEpochSecond() * 1_000_000_007L + d.timestamp().getNano()));
    long msb = (millis << 16) | 0x7000L | (h & 0x0FFFL);
    long lsb = (mix(h) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
