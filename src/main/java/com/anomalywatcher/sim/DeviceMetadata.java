package com.anomalywatcher.sim;

import java.util.Locale;

/**
 * The {@code sensors_metadata} JSON a device reports with each reading: a fixed part precomputed
 * per sensor (model, serial, site number, firmware version) and three fields that change: battery level (drains
 * 0.35 %/day from a per-device phase, replaced at 15 %), Wi-Fi signal strength (varies hour by
 * hour) and uptime (the device reboots every 20-40 days). All a function of the timestamp.
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

  DeviceMetadata(SensorSpec spec, long seed) {
    this.seed = seed;
    long bits = Noise.bits(seed, CH_META, 0);
    String model = spec.kind().deviceModel();
    String serial = spec.kind().prefix().toUpperCase(Locale.ROOT) + "-" + String.format(Locale.ROOT, "%08X", bits >>> 32);
    this.prefix = "{\"model\":\"" + model + "\",\"serial\":\"" + serial + "\",\"site\":" + spec.site()
        + ",\"firmware_version\":\"" + FIRMWARE[(int) (bits & 3)] + "\",\"battery_level\":";
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
        .append(",\"rssi_dbm\":").append(rssi)
        .append(",\"uptime_s\":").append(uptimeSeconds).append('}');
    return sb.toString();
  }
}
