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
 * sensor whose category or type the watcher has no detector for is not watched. Immutable.
 */
final class SensorCatalog {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, SensorDescription> registered;

  /** @param registered descriptions of the registered sensors by id (other sensors are described from their readings) */
  SensorCatalog(Map<String, SensorDescription> registered) {
    this.registered = Map.copyOf(registered);
  }

  /** The sensor's description, or empty when it is not one the watcher has a detector for. */
  Optional<SensorDescription> describe(SensorRow r) {
    Objects.requireNonNull(r, "r");
    ZoneId zone = zoneOf(r.metadataJson());
    SensorDescription known = registered.get(r.sensorId());
    if (known != null) {
      return Optional.of(new SensorDescription(known.category(), known.type(), known.unit(),
          known.physicalMin(), known.physicalMax(), zone != null ? zone : known.zone()));
    }
    try {
      return Optional.of(SensorDescription.ofUnit(Category.parse(r.category()), SensorType.parse(r.type()),
          r.unit(), zone));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The {@code timezone} named in a reading's metadata, or null when absent or not a known zone. */
  static ZoneId zoneOf(String metadataJson) {
    if (metadataJson == null || !metadataJson.contains("timezone")) {
      return null;
    }
    try {
      JsonNode tz = MAPPER.readTree(metadataJson).get("timezone");
      return tz == null || !tz.isTextual() ? null : ZoneId.of(tz.asText());
    } catch (IOException | DateTimeException e) {
      return null; // no usable zone: the detector learns the weekly pattern in UTC
    }
  }
}
