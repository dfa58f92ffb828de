package com.anomalywatcher.ingest;

import java.util.List;
import java.util.Locale;

/**
 * Which column holds what, read from a CSV file's header: the long layout
 * ({@code timestamp,sensor_id,value[,category,type,unit,location]}, any order) or NAB's
 * ({@code timestamp,value}, the sensor id given on the command line). Immutable.
 *
 * @param columns how many columns the header has
 * @param sensorId index, or -1 (NAB layout)
 * @param category index, or -1; likewise type, unit, location
 */
record CsvLayout(int columns, int timestamp, int value, int sensorId, int category, int type, int unit, int location) {

  /** Whether the sensor id comes from the command line. */
  boolean isNab() {
    return sensorId < 0;
  }

  /**
   * The layout of a header line.
   *
   * @throws InvalidField naming what is missing
   */
  static CsvLayout of(List<String> header) throws InvalidField {
    int ts = -1;
    int value = -1;
    int id = -1;
    int category = -1;
    int type = -1;
    int unit = -1;
    int location = -1;
    for (int i = 0; i < header.size(); i++) {
      switch (header.get(i).strip().toLowerCase(Locale.ROOT)) {
        case "timestamp", "time" -> ts = i;
        case "value" -> value = i;
        case "sensor_id" -> id = i;
        case "category" -> category = i;
        case "type" -> type = i;
        case "unit" -> unit = i;
        case "location" -> location = i;
        default -> { } // other columns are ignored
      }
    }
    if (ts < 0 || value < 0) {
      throw new InvalidField("the header must name the columns timestamp and value"
          + " (timestamp,sensor_id,value[,category,type,unit,location] or NAB's timestamp,value), got '"
          + Fields.shorten(String.join(",", header)) + "'");
    }
    return new CsvLayout(header.size(), ts, value, id, category, type, unit, location);
  }

  /** Splits one line on commas; double quotes protect commas and "" is a quote. */
  static List<String> split(String line) {
    if (line.indexOf('"') < 0) {
      return List.of(line.split(",", -1));
    }
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
