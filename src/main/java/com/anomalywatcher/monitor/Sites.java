package com.anomalywatcher.monitor;

import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.SensorSetName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Which site a sensor is on: the {@code site} number its metadata reports, else its location (the
 * two agree for up to 24 sensors), within the sensor's set when it has one, because every set
 * numbers its sites from 0: the set it is registered in, else the {@code set} its metadata names (a
 * generator's readings published over MQTT and taken in by an ingest into another database, where
 * no registry knows the set). A fan switch and a fan speed sensor on one site are a pair. The key is
 * held in memory only (saved running state and models are per sensor), so its text may change.
 */
final class Sites {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Sites() {}

  static String siteOf(SensorRow r) {
    JsonNode metadata = metadata(r.metadataJson());
    String place = metadata.hasNonNull("site") ? "site:" + metadata.get("site").asText() : "location:" + r.location();
    String set = r.sensorSet() != null ? r.sensorSet() : publishedSet(metadata);
    return set == null ? place : "set:" + set + "/" + place;
  }

  /**
   * The set a generator's published metadata names ({@code continuous --publish}), or null: only a
   * text that is a set name. Other programs' devices may report a {@code set} of their own (a
   * setpoint, say, on a fan but not on its switch), which must not part a fan from its switch.
   */
  private static String publishedSet(JsonNode metadata) {
    JsonNode set = metadata.get("set");
    if (set == null || !set.isTextual()) {
      return null;
    }
    try {
      return SensorSetName.check(set.asText());
    } catch (IllegalArgumentException e) {
      return null; // not a set name: not a generator's set
    }
  }

  /** The metadata as a tree; an empty one when there is none or it is unreadable (the location is then the site). */
  private static JsonNode metadata(String json) {
    if (json != null) {
      try {
        JsonNode tree = MAPPER.readTree(json);
        if (tree != null) {
          return tree;
        }
      } catch (IOException e) {
        // unreadable metadata: no site number, no set
      }
    }
    return MAPPER.createObjectNode();
  }
}
