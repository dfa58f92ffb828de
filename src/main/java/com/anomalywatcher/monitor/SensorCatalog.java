package com.anomalywatcher.monitor;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stored sensors the watcher judges, and what it knows of each: the registered description
 * (the generator's sensors, with their physical range) or one built from the reading's category,
 * type and unit; the site's time zone from the metadata key {@code timezone} when present. A
 * sensor of any other category, or whose metadata says {@code "watch": "generic"}, is described for
 * the generic detector; only a sensor whose type is not analog, digital or serial is not watched.
 * The one definition of these: train, the monitor and {@code status} all describe sensors here.
 * Immutable.
 */
public final class SensorCatalog {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, SensorDescription> registered;

  /** @param registered descriptions of the registered sensors by id (other sensors are described from their readings) */
  public SensorCatalog(Map<String, SensorDescription> registered) {
    this.registered = Map.copyOf(registered);
  }

  /** The sensor's description, or empty when it is not one the watcher has a detector for. */
  public Optional<SensorDescription> describe(SensorRow r) {
    Objects.requireNonNull(r, "r");
    JsonNode metadata = keysRead(r.metadataJson());
    ZoneId zone = zoneOf(metadata);
    SensorDescription known = registered.get(r.sensorId());
    if (wantsGeneric(metadata)) {
      return generic(known != null ? known.category() : knownCategory(r.category()),
          known != null ? known.type().dbName() : r.type(), known != null ? known.unit() : r.unit(), zone);
    }
    if (known != null) {
      return Optional.of(new SensorDescription(known.category(), known.type(), known.unit(),
          known.physicalMin(), known.physicalMax(), zone != null ? zone : known.zone()));
    }
    Category category = knownCategory(r.category());
    if (category == null) {
      return generic(null, r.type(), r.unit(), zone);
    }
    try {
      return Optional.of(SensorDescription.ofUnit(category, SensorType.parse(r.type()), r.unit(), zone));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<SensorDescription> generic(Category category, String type, String unit, ZoneId zone) {
    try {
      return Optional.of(SensorDescription.generic(category, SensorType.parse(type), unit, zone));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Category knownCategory(String name) {
    try {
      return Category.parse(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A reading's metadata parsed, once, when it names a key read here ({@code watch}, {@code
   * timezone}); null when it names neither or is not JSON. The shortcut looks for the keys' text,
   * whose case JSON keeps.
   */
  private static JsonNode keysRead(String metadataJson) {
    if (metadataJson == null || !(metadataJson.contains("\"watch\"") || metadataJson.contains("timezone"))) {
      return null;
    }
    try {
      return MAPPER.readTree(metadataJson);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether a reading's metadata asks for the generic detector ({@code "watch": "generic"}, the value
   * in any case: {@code "Generic"} too).
   */
  private static boolean wantsGeneric(JsonNode metadata) {
    JsonNode w = metadata == null ? null : metadata.get("watch");
    return w != null && w.isTextual() && w.asText().equalsIgnoreCase("generic");
  }

  /** The {@code timezone} named in a reading's metadata, or null when absent or not a known zone. */
  private static ZoneId zoneOf(JsonNode metadata) {
    JsonNode tz = metadata == null ? null : metadata.get("timezone");
    if (tz == null || !tz.isTextual()) {
      return null;
    }
    try {
      return ZoneId.of(tz.asText());
    } catch (DateTimeException e) {
      return null; // no usable zone: the detector learns the weekly pattern in UTC
    }
  }
}
