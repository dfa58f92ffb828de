package com.anomalywatcher.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * Which site a sensor is on: the one rule the monitor (which fan switch a fan speed sensor is judged
 * by) and the dashboard (the fleet page's sites, the alerts' site filter) both follow.
 *
 * <ul>
 *   <li>Its set: the set it is registered in ({@code sensors.sensor_set}), else the {@code set} its
 *       metadata names when that is a set name ({@link SensorSetName}): {@code continuous --publish}
 *       names it, and an ingest into another database registers those sensors without a set. Another
 *       program's device may report a {@code set} of its own (a setpoint, say, on a fan but not on
 *       its switch); that is no set and must not part a fan from its switch. Every set numbers its
 *       sites from 0, so two sets' site 0 are two sites.
 *   <li>Its site: the {@code site} its metadata names, within its set. A sensor whose metadata names
 *       none is a site of its own: its location is only a kind of place, and keying by it made every
 *       foreign restaurant sensor of a database one site, each fan judged by whichever restaurant's
 *       switch had read last. A device pairs with its switch by naming their site.
 * </ul>
 *
 * @param sensorId the sensor's id
 * @param location its location type (only shown, never part of the key); {@code unknown} when null
 * @param set its set, or null when it has none
 * @param site the site its metadata names, as text, or null when it names none (the sensor is then
 *     a site of its own)
 */
public record SensorSite(String sensorId, String location, String set, String site) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public SensorSite {
    Objects.requireNonNull(sensorId, "sensorId");
    location = Objects.requireNonNullElse(location, "unknown");
  }

  /**
   * The site of a sensor from its registered set (null when the registry holds none) and the
   * metadata of its newest reading (JSON text; null or unreadable counts as naming nothing).
   */
  public static SensorSite of(String sensorId, String location, String registeredSet, String metadataJson) {
    JsonNode metadata = metadata(metadataJson);
    String set = registeredSet != null ? registeredSet : publishedSet(metadata.get("set"));
    return new SensorSite(sensorId, location, set, namedSite(metadata.get("site")));
  }

  /** Whether the metadata names the site; otherwise the sensor is a site of its own. */
  public boolean isNamed() {
    return site != null;
  }

  /**
   * A key equal for exactly the sensors on one site: {@code site:0}, {@code set:demo/site:0}, or
   * {@code sensor:ID} for a sensor that is a site of its own.
   */
  public String key() {
    if (!isNamed()) {
      return "sensor:" + sensorId;
    }
    return set == null ? "site:" + site : "set:" + set + "/site:" + site;
  }

  /**
   * The site as people read it: {@code set demo, restaurant 0}; without a set {@code restaurant 0};
   * a sensor that is a site of its own {@code restaurant, sensor ID} (after its set when it has one).
   */
  public String label() {
    String place = isNamed() ? location + " " + site : location + ", sensor " + sensorId;
    return set == null ? place : "set " + set + ", " + place;
  }

  /** Only a text that is a set name: numbers, objects and other text are a device's own. */
  private static String publishedSet(JsonNode set) {
    return set != null && set.isTextual() && SensorSetName.isValid(set.textValue()) ? set.textValue() : null;
  }

  /** A number or text as its text (objects and arrays as their JSON); null, missing or blank names none. */
  private static String namedSite(JsonNode site) {
    if (site == null || site.isNull()) {
      return null;
    }
    String text = site.isValueNode() ? site.asText() : site.toString();
    return text.isBlank() ? null : text;
  }

  private static JsonNode metadata(String json) {
    if (json != null) {
      try {
        JsonNode tree = MAPPER.readTree(json);
        if (tree != null) {
          return tree;
        }
      } catch (IOException e) {
        // unreadable metadata names no set and no site
      }
    }
    return MAPPER.createObjectNode();
  }
}
