package com.anomalywatcher.sim;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Outdoor air temperature of a site, from its time zone: an annual cosine between the coldest and
 * warmest month (January in the north, July in the south), a daily cycle peaking at 15:00 local
 * and a smooth day-to-day weather wander of up to ±3 °C. Monthly means rounded from the
 * climate normals of each city (Berlin, New York, Sydney, Kolkata, Tokyo; docs/WORLD.md); other
 * zones get a temperate default, southern for Australian, New Zealand, South American and South
 * African zones. Caches the current day; owned by its site's thread.
 */
final class Climate {
  private static final int CH_WEATHER = 60;
  private static final double YEAR_DAYS = 365.2425;

  private final double annualMean;
  private final double annualAmplitude;
  private final boolean southern;
  private final long seed;
  private long cachedDay = Long.MIN_VALUE;
  private double cachedBase;
  private double cachedWeather0;
  private double cachedWeather1;

  Climate(ZoneId zone, long siteSeed) {
    this.seed = siteSeed;
    String id = zone.getId();
    double[] c = switch (id) {
      case "Europe/Berlin" -> new double[] {10.0, 9.5};
      case "America/New_York" -> new double[] {13.0, 11.5};
      case "Australia/Sydney" -> new double[] {18.5, 4.5};
      case "Asia/Kolkata", "Asia/Calcutta" -> new double[] {26.5, 5.0};
      case "Asia/Tokyo" -> new double[] {16.5, 10.5};
      default -> new double[] {12.0, 8.0};
    };
    annualMean = c[0];
    annualAmplitude = c[1];
    southern = id.startsWith("Australia/") || id.equals("Pacific/Auckland") || id.startsWith("America/Argentina")
        || id.equals("America/Sao_Paulo") || id.equals("America/Santiago") || id.equals("Africa/Johannesburg");
  }

  /**
   * Outdoor temperature in °C.
   *
   * @param localDay local epoch day
   * @param localHours hours since local midnight, [0, 24)
   */
  double celsius(long localDay, double localHours) {
    if (localDay != cachedDay) {
      double coldest = southern ? 196 : 15; // mid-January north, mid-July south (days since 1 Jan)
      cachedBase = annualMean - annualAmplitude * Math.cos(2 * Math.PI * (dayOfYear(localDay) - coldest) / YEAR_DAYS);
      cachedWeather0 = weather(localDay);
      cachedWeather1 = weather(localDay + 1);
      cachedDay = localDay;
    }
    double daily = 3.5 * Math.cos(2 * Math.PI * (localHours - 15) / 24);
    double weather = cachedWeather0 + (cachedWeather1 - cachedWeather0) * (localHours / 24);
    return cachedBase + daily + weather;
  }

  private static double dayOfYear(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).getDayOfYear() - 1;
  }

  private double weather(long day) {
    return 6 * (Noise.uniform(Noise.bits(seed, CH_WEATHER, day)) - 0.5);
  }
}
