package com.anomalywatcher.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CommonTimestamp} is a shortcut past {@link Fields}' formatters: wherever it gives an
 * instant, the formatters must give the same one, and where it gives none they decide.
 */
class CommonTimestampTest {
  private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"),
      ZoneId.of("America/New_York"), ZoneOffset.ofHours(-3));

  @Test
  void readsTheCommonShapesAsTheFormattersDo() throws InvalidField {
    for (String t : List.of("2026-03-29T02:30:00Z", "2026-03-29 02:30", "2026-10-25T02:30:00.123456789+05:30",
        "2013-12-02 21:15:00", "2024-02-29T23:59:59.5-18:00", "2026-01-01T00:00:00.000Z")) {
      for (ZoneId zone : ZONES) {
        Fields.Timestamp fast = CommonTimestamp.parse(t, zone);
        if (t.equals("2026-03-29 02:30") && zone.getId().equals("Europe/Berlin")) {
          // spring forward skips it there: both refuse it (java.time moved it an hour on)
          assertNull(fast, t);
          InvalidField e = assertThrows(InvalidField.class, () -> Fields.parseWithFormatters(t, zone, t));
          assertTrue(e.getMessage().contains("'2026-03-29 02:30' does not exist in Europe/Berlin"), e.getMessage());
          continue;
        }
        assertNotNull(fast, t);
        assertEquals(Fields.parseWithFormatters(t, zone, t), fast, t + " in " + zone);
      }
    }
  }

  /**
   * The parser says whether the text was read as a local time, so {@code import csv} counts the rows
   * at an autumn hour that happens twice without sniffing the text for an offset again.
   */
  @Test
  void saysWhetherTheTextWasReadAsALocalTimeTheZoneHasTwice() throws InvalidField {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    for (String local : List.of("2026-10-25 02:30", "2026-10-25T02:30:00.5", "2026-10-25T02:30")) {
      Fields.Timestamp read = Fields.timestamp(local, berlin, now);
      assertTrue(read.local() && read.ambiguousIn(berlin), local);
      assertEquals(Instant.parse("2026-10-25T00:30:00Z"), read.at().truncatedTo(ChronoUnit.MINUTES));
    }
    for (String given : List.of("2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+0100", "2026-10-25T02:30:00Z",
        "1792888200000")) {
      Fields.Timestamp read = Fields.timestamp(given, berlin, now);
      assertTrue(!read.local() && !read.ambiguousIn(berlin), given);
    }
    assertTrue(!Fields.timestamp("2026-10-25 03:30", berlin, now).ambiguousIn(berlin), "an hour after: once only");
    assertTrue(!Fields.timestamp("2026-10-25 02:30", ZoneOffset.ofHours(1), now).ambiguousIn(ZoneOffset.ofHours(1)));
  }

  @Test
  void leavesToTheFormattersWhatItDoesNotKnow() {
    for (String t : List.of("2026-02-30T10:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T10:00:60Z",
        "2026-01-01T10:00:00z", "2026-01-01T10:00:00+0530", "2026-01-01T10:00:00+19:00", "2026/01/01 10:00",
        "26-01-01 10:00", "2026-01-01T10:00:00+05:30:15")) {
      assertNull(CommonTimestamp.parse(t, ZoneOffset.UTC), t);
    }
  }

  @Test
  void agreesWithTheFormattersOnRandomTexts() {
    Random r = new Random(7);
    int answered = 0;
    for (int k = 0; k < 200_000; k++) {
      String t = randomText(r);
      ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
      Fields.Timestamp fast = CommonTimestamp.parse(t, zone);
      if (fast == null) {
        continue;
      }
      answered++;
      Fields.Timestamp slow;
      try {
        slow = Fields.parseWithFormatters(t, zone, t);
      } catch (InvalidField e) {
        slow = null;
      }
      assertEquals(slow, fast, t + " in " + zone);
    }
    // about 2.5 % of the texts have a shape it reads (4,903 with this seed): the comparison is not vacuous
    assertEquals(true, answered > 2_000, "fast answers: " + answered);
  }

  private static String randomText(Random r) {
    StringBuilder b = new StringBuilder();
    b.append(pick(r, "2026", "2013", "0000", "1899", "2024", "2100", "999")).append(pick(r, "-", "-", "-", "/"));
    b.append(pick(r, num(r, 2, 14), "02", "03", "10", "1")).append('-');
    b.append(pick(r, num(r, 2, 33), "29", "30", "31", "0"));
    b.append(pick(r, "T", " ", "T", " ", "", "t"));
    b.append(pick(r, num(r, 2, 26), "02", "03", "24", "1")).append(pick(r, ":", ":", ":", "."));
    b.append(pick(r, num(r, 2, 61), "00", "30", "5"));
    if (r.nextBoolean()) {
      b.append(pick(r, ":", ":", ":", ".")).append(pick(r, num(r, 2, 62), "00", "60", "7"));
      if (r.nextBoolean()) {
        b.append(pick(r, ".", ".", ",", "")).append("1234567890123", 0, r.nextInt(12));
      }
    }
    b.append(pick(r, "", "", "Z", "Z", "z", "+05:30", "-18:00", "+18:01", "-00:00", "+0530", "+05", "+05:60"));
    return b.toString();
  }

  private static String pick(Random r, String... s) {
    return s[r.nextInt(s.length)];
  }

  private static String num(Random r, int digits, int max) {
    return String.format("%0" + digits + "d", r.nextInt(max));
  }
}
