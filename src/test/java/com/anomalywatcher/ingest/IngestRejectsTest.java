package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.anomalywatcher.store.RejectStore.Reject;
import com.anomalywatcher.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every reason a message cannot become a reading, stored in {@code ingest_rejects} through the
 * ingest's own path; and readings and rejects that commit apart, so one never takes the other down.
 */
class IngestRejectsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("ingest-rejects");

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not json | not JSON",
        "`` | not JSON: empty message",
        "[] | an empty JSON array holds no reading",
        "[3] | array element 0 is not a JSON object",
        "42 | not a JSON object or array of objects",
        "{\"sensor_id\":\"r-1\"} | no value",
        "{\"value\":null} | no value",
        "{\"value\":\"warm\"} | value is not a number: 'warm'",
        "{\"value\":[1]} | value is not a number: [1]",
        "{\"value\":1e999} | value is not a finite number",
        "{\"value\":NaN} | value is not a finite number",
        "{\"value\":1,\"timestamp\":\"yesterday\"} | unparsable timestamp 'yesterday'",
        "{\"value\":1,\"timestamp\":true} | unparsable timestamp true",
        "{\"value\":1,\"timestamp\":99999999999999999999} | unparsable timestamp",
        "{\"value\":1,\"timestamp\":\"2099-01-01T00:00:00Z\"} | more than a day in the future",
        "{\"value\":1,\"timestamp\":-99999999999999} | is before 1900-01-01T00:00:00Z",
        "{\"value\":1,\"sensor_id\":\" \"} | no sensor_id",
        "{\"value\":1,\"sensor_id\":{\"a\":1}} | sensor_id must be a string",
        "{\"value\":1,\"sensor_id\":\"a\\u0007b\"} | sensor_id contains a control character",
        "{\"value\":1,\"metadata\":\"x\"} | metadata must be a JSON object",
        "{\"value\":1,\"metadata\":{\"note\":\"a\\u0000b\"}} | metadata contains a NUL character",
        "{\"value\":1,\"unit\":\"a\\u0000b\"} | unit contains a NUL character",
        "{\"value\":1,\"unit\":[\"C\"]} | unit must be a string",
        "{\"value\":1,\"type\":\"counter\"} | type must be analog, digital or serial, got 'counter'",
      })
  void storesEveryKindOfBadMessageWithItsReason(String payload, String reason) {
    String topic = "rejects/" + UUID.randomUUID() + "/s-1";
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt(topic, payload, NOW));
      Ingestor.Committed c = ingestor.commit();
      assertThat(c.readings()).isZero();
      assertThat(c.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains(reason));
    }
    assertThat(db.queryString("SELECT reason || ' | ' || payload || ' | ' || source FROM ingest_rejects WHERE origin LIKE '"
        + topic + "%'")).contains(reason).endsWith("| mqtt");
  }

  @Test
  void aLongSensorIdIsRejected() {
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("t/x", "{\"value\":1,\"sensor_id\":\"" + "s".repeat(201) + "\"}", NOW));
      assertThat(ingestor.commit().rejected()).singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("sensor_id longer than 200 characters"));
    }
  }

  @Test
  void aReadingTheDatabaseRefusesBecomesARejectAndTheOthersAreStored() {
    // A rule of this database only, so the database itself refuses one row of the batch.
    db.execute("ALTER TABLE sensors_data ADD CONSTRAINT test_no_666 CHECK (value <> 666)");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      for (int i = 0; i < 9; i++) {
        ingestor.add(Arrival.mqtt("refuse/r-9", "{\"value\":" + (i == 4 ? 666 : i) + ",\"timestamp\":\""
            + NOW.minusSeconds(60L * (10 - i)) + "\"}", NOW));
      }
      Ingestor.Committed c = ingestor.commit();
      assertThat(c.readings()).isEqualTo(8);
      assertThat(c.stored()).isEqualTo(8);
      assertThat(c.rejected()).singleElement().satisfies(r -> {
        assertThat(r.reason()).startsWith("refused by the database").contains("test_no_666");
        assertThat(r.payload()).contains("666");
      });
    } finally {
      db.execute("ALTER TABLE sensors_data DROP CONSTRAINT test_no_666");
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'r-9'")).isEqualTo(8);
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE origin = 'refuse/r-9'")).isEqualTo(1);
  }

  /**
   * Each stage's reject of an array message carries its item's index, in the order the stages find
   * them: a bad value while parsing (item 3), a type the sensor cannot have while resolving (item 1),
   * a row the database refuses while writing (item 2); POST /api/readings sorts them by it.
   */
  @Test
  void rejectsOfAnArrayCarryTheirItemFromEveryStage() {
    db.execute("ALTER TABLE sensors_data ADD CONSTRAINT test_no_777 CHECK (value <> 777)");
    String t = NOW.minusSeconds(60).toString();
    String message = "[{\"sensor_id\":\"item-1\",\"timestamp\":\"" + t + "\",\"value\":1},"
        + "{\"sensor_id\":\"item-2\",\"timestamp\":\"" + t + "\",\"value\":2,\"type\":\"bogus\"},"
        + "{\"sensor_id\":\"item-1\",\"timestamp\":\"" + NOW + "\",\"value\":777},"
        + "{\"sensor_id\":\"item-1\",\"value\":\"warm\"}]";
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("items[9]/x", message, NOW));
      Ingestor.Committed c = ingestor.commit();
      assertThat(c.readings()).isEqualTo(1);
      assertThat(c.rejected()).extracting(Reject::item, Reject::origin).containsExactly(
          tuple(3, "items[9]/x[3]"), tuple(1, "items[9]/x[1]"), tuple(2, "items[9]/x[2]"));
      assertThat(c.rejected()).extracting(Reject::reason).satisfiesExactly(
          r -> assertThat(r).contains("warm"), r -> assertThat(r).contains("bogus"),
          r -> assertThat(r).startsWith("refused by the database"));
    } finally {
      db.execute("ALTER TABLE sensors_data DROP CONSTRAINT test_no_777");
    }
  }

  @Test
  void aRejectTheDatabaseRefusesKeepsItsReasonAndTakesNoReadingDown() {
    db.execute("ALTER TABLE ingest_rejects ADD CONSTRAINT test_no_poison CHECK (payload NOT LIKE '%poison%')");
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt("poison/p-1", "{\"value\":1,\"timestamp\":\"" + NOW.minusSeconds(5) + "\"}", NOW));
      ingestor.add(Arrival.mqtt("poison/p-1", "poison", NOW));
      ingestor.add(Arrival.mqtt("poison/p-1", "{\"value\":\"x\"}", NOW));
      Ingestor.Committed c = ingestor.commit();
      assertThat(c.stored()).isEqualTo(1);
      assertThat(c.rejected()).hasSize(2);
    } finally {
      db.execute("ALTER TABLE ingest_rejects DROP CONSTRAINT test_no_poison");
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'p-1'")).isEqualTo(1);
    assertThat(db.queryString("SELECT string_agg(reason || ' / ' || payload, ' | ' ORDER BY id) FROM ingest_rejects"
        + " WHERE origin = 'poison/p-1'"))
        .contains("not JSON").contains("(payload not storable: ").contains("value is not a number");
  }

  @Test
  void aNewSensorsBadTypeInAnArrayNamesItsItem() {
    String topic = "rejects/" + UUID.randomUUID() + "/s-1";
    String payload = "[{\"sensor_id\":\"item-ok-1\",\"value\":1},"
        + "{\"sensor_id\":\"item-bad-2\",\"value\":2,\"type\":\"counter\"},"
        + "{\"sensor_id\":\"item-bad-3\",\"value\":3,\"type\":\"gauge\"}]";
    try (Ingestor ingestor = Ingestor.open(db.database(), clock)) {
      ingestor.add(Arrival.mqtt(topic, payload, NOW));
      Ingestor.Committed c = ingestor.commit();

      assertThat(c.readings()).isEqualTo(1);
      // Both were the topic alone, with the whole message: which item was refused could not be told.
      assertThat(c.rejected()).extracting(r -> r.origin() + " " + r.payload()).containsExactlyInAnyOrder(
          topic + "[1] {\"sensor_id\":\"item-bad-2\",\"value\":2,\"type\":\"counter\"}",
          topic + "[2] {\"sensor_id\":\"item-bad-3\",\"value\":3,\"type\":\"gauge\"}");
    }
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE origin IN ('" + topic + "[1]', '" + topic
        + "[2]')")).isEqualTo(2);
  }
}
