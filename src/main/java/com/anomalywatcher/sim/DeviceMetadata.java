package com.anomalywatcher.sim;

import java.util.Locale;

/**
 * The {@code sensors_metadata} JSON a device reports with each reading, for example
 * {@code {"serial":"TP350-F802D2AC","site":0,"timezone":"Europe/Berlin","firmware":"2.4.0","battery":64.7,"rssi":-57,"uptime":1536917}}:
 * serial number (device model code + id), site number, the site's IANA time zone (realistic world
 * only: the clean world keeps the original metadata, its time is UTC), firmware version, battery level in %
 * (drains 0.35 %/day from a per-device phase, replaced at 15 %), Wi-Fi signal strength in dBm
 * (varies hour by hour) and uptime in seconds (the device reboots every 20-40 days). The fixed part
 * is precomputed per sensor and the rest is a function of the timestamp. Short keys on purpose:
 * PostgreSQL parses this into jsonb for every row (measured here: 0.94 µs per row for this ~95
 * character form against 1.26 µs for a 145-character one with long key names and a model name).
 */
final class DeviceMetadata {
  private static final String[] FIRMWARE = {"2.3.1", "2.4.0", "2.4.2", "3.0.1"};
  private static final int CH_META = 50;

  private final String prefix;
  private final long seed;
  private final double batteryPhaseDays;
  private final int rssiBase;
  private final long rebootPeriodMillis;
  private final long rebootPhaseMillis;

  DeviceMetadata(SensorSpec spec, long seed, String timezone) {
    this.seed = seed;
    long bits = Noise.bits(seed, CH_META, 0);
    String model = spec.kind().deviceModel();
    String modelCode = model.substring(model.lastIndexOf(' ') + 1).replace("-", "");
    String serial = modelCode + "-" + String.format(Locale.ROOT, "%08X", bits >>> 32);
    this.prefix = "{\"serial\":\"" + serial + "\",\"site\":" + spec.site() + (timezone == null ? "" : ",\"timezone\":\"" + timezone + "\"") + ",\"firmware\":\""
        + FIRMWARE[(int) (bits & 3)] + "\",\"battery\":";
    this.batteryPhaseDays = Noise.uniform(Noise.mix(bits)) * 240;
    this.rssiBase = -50 - (int) (Noise.uniform(Noise.mix(bits + 1)) * 30);
    this.rebootPeriodMillis = (long) ((20 + 20 * Noise.uniform(Noise.mix(bits + 2))) * SiteSchedule.DAY);
    this.rebootPhaseMillis = (long) (Noise.uniform(Noise.mix(bits + 3)) * rebootPeriodMillis);
  }

  /** The metadata JSON object at {@code t} (epoch millis). */
  String json(long t) {
    double days = t / (double) SiteSchedule.DAY + batteryPhaseDays;
    int batteryTenths = (int) (1000 - (days * 3.5) % 850);
    long hour = Math.floorDiv(t, 3_600_000L);
    int rssi = rssiBase + (int) (Noise.bits(seed, CH_META + 1, hour) & 7) - 3;
    long uptimeSeconds = Math.floorMod(t - rebootPhaseMillis, rebootPeriodMillis) / 1000;
    StringBuilder sb = new StringBuilder(prefix.length() + 48);
    sb.append(prefix).append(batteryTenths / 10).append('.').append(batteryTenths % 10)
        .append(",\"rssi\":").append(rssi)
        .append(",\"uptime\":").append(uptimeSeconds).append('}');
    return sb.toString();
  }
}
