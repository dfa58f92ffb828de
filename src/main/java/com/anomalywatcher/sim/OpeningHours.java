package com.anomalywatcher.sim;

import com.anomalywatcher.model.Location;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;

/**
 * The realistic world's opening hours, in local time, by location type and day of the week, and
 * the public holidays a site closes on (docs/WORLD.md cites where the figures come from):
 *
 * <table>
 *   <caption>Local opening hours</caption>
 *   <tr><th>location</th><th>Mon-Fri</th><th>Sat</th><th>Sun</th><th>holidays</th></tr>
 *   <tr><td>restaurant</td><td>11:00-23:00, closed Monday</td><td>11:00-23:00</td><td>11:00-22:00</td>
 *       <td>closed 25 Dec and 1 Jan only</td></tr>
 *   <tr><td>supermarket</td><td>07:00-21:00</td><td>07:00-21:00</td><td>10:00-16:00 (short)</td><td>closed</td></tr>
 *   <tr><td>factory</td><td>06:00-22:00 (two shifts)</td><td>06:00-14:00 (one shift)</td><td>idle</td><td>idle</td></tr>
 *   <tr><td>warehouse</td><td>05:00-17:00</td><td>05:00-17:00</td><td>closed</td><td>closed</td></tr>
 * </table>
 *
 * <p>Holidays: 1 Jan and 25 Dec everywhere, plus a few national ones by zone (Europe: Good Friday,
 * Easter Monday, 1 May, 26 Dec; America: 4 Jul, Labor Day, Thanksgiving; Australia: 26 Jan, Good
 * Friday, Easter Monday, 25 Apr, 26 Dec; India: 26 Jan, 15 Aug, 2 Oct; Japan: 2-3 Jan, 11 Feb,
 * 29 Apr, 3-5 May). Stateless.
 */
final class OpeningHours {
  /** Minutes after local midnight; {@code closed} days have no hours. */
  record Day(boolean closed, int openMinute, int closeMinute) {
    static final Day CLOSED = new Day(true, 0, 0);

    static Day of(int openHour, int closeHour) {
      return new Day(false, openHour * 60, closeHour * 60);
    }
  }

  private OpeningHours() {}

  /** The hours of a site of {@code location} in {@code zone} on local date {@code date}. */
  static Day of(Location location, ZoneId zone, LocalDate date) {
    DayOfWeek dow = date.getDayOfWeek();
    boolean holiday = isHoliday(zone, date);
    return switch (location) {
      case RESTAURANT -> dow == DayOfWeek.MONDAY || isChristmasOrNewYear(date) ? Day.CLOSED
          : dow == DayOfWeek.SUNDAY ? Day.of(11, 22) : Day.of(11, 23);
      case SUPERMARKET -> holiday ? Day.CLOSED : dow == DayOfWeek.SUNDAY ? Day.of(10, 16) : Day.of(7, 21);
      case FACTORY -> holiday || dow == DayOfWeek.SUNDAY ? Day.CLOSED
          : dow == DayOfWeek.SATURDAY ? Day.of(6, 14) : Day.of(6, 22);
      case WAREHOUSE -> holiday || dow == DayOfWeek.SUNDAY ? Day.CLOSED : Day.of(5, 17);
    };
  }

  private static boolean isChristmasOrNewYear(LocalDate date) {
    return (date.getMonthValue() == 12 && date.getDayOfMonth() == 25)
        || (date.getMonthValue() == 1 && date.getDayOfMonth() == 1);
  }

  /** Whether {@code date} is a public holiday in {@code zone} (the short list above). */
  static boolean isHoliday(ZoneId zone, LocalDate date) {
    if (isChristmasOrNewYear(date)) {
      return true;
    }
    String id = zone.getId();
    MonthDay md = MonthDay.from(date);
    LocalDate easter = easterSunday(date.getYear());
    if (id.startsWith("Europe/")) {
      return date.equals(easter.minusDays(2)) || date.equals(easter.plusDays(1))
          || md.equals(MonthDay.of(5, 1)) || md.equals(MonthDay.of(12, 26));
    }
    if (id.startsWith("America/")) {
      return md.equals(MonthDay.of(7, 4))
          || date.equals(LocalDate.of(date.getYear(), 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))
          || date.equals(LocalDate.of(date.getYear(), 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)));
    }
    if (id.startsWith("Australia/")) {
      return md.equals(MonthDay.of(1, 26)) || md.equals(MonthDay.of(4, 25)) || md.equals(MonthDay.of(12, 26))
          || date.equals(easter.minusDays(2)) || date.equals(easter.plusDays(1));
    }
    if (id.equals("Asia/Kolkata") || id.equals("Asia/Calcutta")) {
      return Set.of(MonthDay.of(1, 26), MonthDay.of(8, 15), MonthDay.of(10, 2)).contains(md);
    }
    if (id.equals("Asia/Tokyo")) {
      return Set.of(MonthDay.of(1, 2), MonthDay.of(1, 3), MonthDay.of(2, 11), MonthDay.of(4, 29),
          MonthDay.of(5, 3), MonthDay.of(5, 4), MonthDay.of(5, 5)).contains(md);
    }
    return false;
  }

  /** Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }
}
