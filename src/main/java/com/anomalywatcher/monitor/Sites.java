package com.anomalywatcher.monitor;

import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Which site a sensor is on: the {@code site} number its metadata reports, else its location (the
 * two agree for up to 24 sensors), within the sensor's set when it has one, because every set
 * numbers its sites from 0. A fan switch and a fan speed sensor on one site are a pair. The key is
 * held in memory only (saved running state and models are per sensor), so its text may change.
 */
final class Sites {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Sites() {}

  static String siteOf(SensorRow r) {
    String place = placeOf(r);
    return r.sensorSet() == null ? place : "set:" + r.sensorSet() + "/" + place;
  }

  /** The site within its set: {@code site:N} from the metadata, else {@code location:NAME}. */
  private static String placeOf(SensorRow r) {
    if (r.metadataJson() != null) {
      try {
        JsonNode site = MAPPER.readTree(r.metadataJson()).get("site");
        if (site != null && !site.isNull()) {
          return "site:" + site.asText();
        }
      } catch (IOException e) {
        // unreadable metadata: fall back to the location
      }
    }
    return "location:" + r.location();
  }
}
