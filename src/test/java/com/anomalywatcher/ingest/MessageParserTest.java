package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.anomalywatcher.store.RejectStore.Reject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageParserTest {
  private static final Instant RECEIVED = Instant.parse("2026-11-30T10:00:00Z");
  private final MessageParser parser = new MessageParser();

  private MessageParser.Parsed parse(String topic, String payload) {
    return parser.parse(Arrival.mqtt(topic, payload, RECEIVED));
  }

  private String reason(String payload) {
    MessageParser.Parsed p = parse("plant/fridge-1", payload);
    assertThat(p.drafts()).as("drafts of %s", payload).isEmpty();
    assertThat(p.rejects()).hasSize(1);
    Reject r = p.rejects().get(0);
    assertThat(r.source()).isEqualTo("mqtt");
    assertThat(r.payload()).isEqualTo(payload);
    return r.reason();
  }

  @Test
  void spacingItemsGivesItemIWithoutATimestampItsReceiptPlusIMicroseconds() {
    String payload = "[{\"value\":0},{\"timestamp\":\"2026-11-30T09:00:00Z\",\"value\":1},{\"value\":2}]";
    MessageParser.Parsed spaced = MessageParser.spacingItems().parse(Arrival.mqtt("plant/fridge-1", payload, RECEIVED));
    assertThat(spaced.drafts()).extracting(Draft::timestamp).containsExactly(RECEIVED,
        Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-30T10:00:00.000002Z"));
    assertThat(parse("plant/fridge-1", payload).drafts()).extracting(Draft::timestamp)
        .containsExactly(RECEIVED, Instant.parse("2026-11-30T09:00:00Z"), RECEIVED);
  }

  @Test
  void itemsCountsTheElementsOfAnArrayAndIsOneForAnythingElse() {
    assertThat(items("[{\"value\":0},{\"value\":[1,2],\"metadata\":{\"a\":[3]}},7]")).isEqualTo(3);
    assertThat(items("{\"value\":0}")).isEqualTo(1);
    assertThat(items("[]")).isEqualTo(1);
    assertThat(items("")).isEqualTo(1);
    assertThat(items("not json")).isEqualTo(1);
    assertThat(items("[{\"value\":0},{\"value\":1},{\"val")).isEqualTo(2);
  }

  @Test
  void aRejectCarriesTheIndexOfItsItemAndAWholeMessageNone() {
    // A topic with brackets of its own: the item is carried, not read back from the origin's text.
    MessageParser.Parsed p = parse("plant[7]/fridge-1", "[{\"value\":0},{\"value\":\"x\"},7]");
    assertThat(p.rejects()).extracting(Reject::item, Reject::origin).containsExactly(
        tuple(1, "plant[7]/fridge-1[1]"), tuple(2, "plant[7]/fridge-1[2]"));
    assertThat(p.drafts()).extracting(d -> d.arrival().item()).containsExactly(0);
    assertThat(parse("plant[7]/fridge-1", "{\"value\":\"x\"}").rejects()).extracting(Reject::item)
        .containsExactly(Reject.WHOLE);
    assertThat(parse("plant/fridge-1", "[]").rejects()).extracting(Reject::item).containsExactly(Reject.WHOLE);
    assertThat(parse("plant/fridge-1", "[{\"value\":1},").rejects()).extracting(Reject::item)
        .containsExactly(Reject.WHOLE);
  }

  private static int items(String payload) {
    return MessageParser.items(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void parsesFullObjectWithIsoTimestamp() {
    MessageParser.Parsed p = parse("sites/a/ignored",
        "{\"sensor_id\":\"fridge-12\",\"timestamp\":\"2026-11-30T09:00:00+01:00\",\"value\":4.2,"
            + "\"category\":\"fridge\",\"type\":\"analog\",\"unit\":\"°C\",\"location\":\"supermarket\","
            + "\"metadata\":{\"site\":\"store-12\"}}");
    assertThat(p.rejects()).isEmpty();
    Draft d = p.drafts().get(0);
    assertThat(d.sensorId()).isEqualTo("fridge-12");
    assertThat(d.timestamp()).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(d.value()).isEqualTo(4.2);
    assertThat(d.category()).isEqualTo("fridge");
    assertThat(d.unit()).isEqualTo("°C");
    assertThat(d.metadata().json()).isEqualTo("{\"site\":\"store-12\"}");
  }

  @Test
  void handsOnTheMetadataParsedWithItsText() {
    Draft d = parse("t/s", "{\"value\":1,\"metadata\":{\"site\": \"s1\", \"battery\": [98, 97]}}").drafts().get(0);

    assertThat(d.metadata().json()).isEqualTo("{\"site\":\"s1\",\"battery\":[98,97]}");
    assertThat(d.metadata().tree().get("site").asText()).isEqualTo("s1");
    assertThat(d.metadata().tree().get("battery").size()).isEqualTo(2);
  }

  /** As for every field, the last of a repeated key counts: an object then null leaves no metadata. */
  @Test
  void takesTheLastOfARepeatedMetadataKey() {
    Draft cleared = parse("t/s", "{\"value\":1,\"metadata\":{\"site\":\"s1\"},\"metadata\":null}").drafts().get(0);
    Draft replaced = parse("t/s", "{\"value\":1,\"metadata\":null,\"metadata\":{\"site\":\"s2\"}}").drafts().get(0);

    assertThat(cleared.metadata()).isNull();
    assertThat(replaced.metadata().json()).isEqualTo("{\"site\":\"s2\"}");
  }

  @Test
  void defaultsSensorIdToTopicLastLevelAndTimestampToReceipt() {
    Draft d = parse("plant7/boiler-a", "{\"value\": 71}").drafts().get(0);
    assertThat(d.sensorId()).isEqualTo("boiler-a");
    assertThat(d.timestamp()).isEqualTo(RECEIVED);
    assertThat(d.category()).isNull();
  }

  @Test
  void takesEpochMillisAndOffsetFreeIsoAsUtc() {
    assertThat(parse("t/s", "{\"value\":1,\"timestamp\":1796032800000}").drafts().get(0).timestamp())
        .isEqualTo(Instant.ofEpochMilli(1796032800000L));
    assertThat(parse("t/s", "{\"value\":1,\"timestamp\":\"2026-11-29 08:00:00\"}").drafts().get(0).timestamp())
        .isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
  }

  @Test
  void splitsArrayIntoReadingsAndRejectsEachBadElementAlone() {
    MessageParser.Parsed p = parse("t/s", "[{\"value\":1},{\"value\":\"x\"},3,{\"value\":2,\"sensor_id\":\"b\"}]");
    assertThat(p.drafts()).extracting(Draft::sensorId).containsExactly("s", "b");
    assertThat(p.rejects()).extracting(Reject::origin).containsExactly("t/s[1]", "t/s[2]");
    assertThat(p.rejects().get(0).payload()).isEqualTo("{\"value\":\"x\"}");
  }

  @Test
  void acceptsNumericStringsAndBooleans() {
    assertThat(parse("t/s", "{\"value\":\"4.5\"}").drafts().get(0).value()).isEqualTo(4.5);
    assertThat(parse("t/s", "{\"value\":true}").drafts().get(0).value()).isEqualTo(1.0);
  }

  @Test
  void rejectsNotJson() {
    assertThat(reason("not json")).startsWith("not JSON");
    assertThat(reason("")).startsWith("not JSON");
    assertThat(reason("42")).contains("not a JSON object");
  }

  @Test
  void rejectsMissingValue() {
    assertThat(reason("{\"sensor_id\":\"fridge-e1-00\"}")).isEqualTo("no value");
    assertThat(reason("{\"value\":null}")).isEqualTo("no value");
  }

  @Test
  void rejectsValueThatIsNotAFiniteNumber() {
    assertThat(reason("{\"value\":\"warm\"}")).contains("not a number").contains("warm");
    assertThat(reason("{\"value\":NaN}")).contains("not a finite number");
    assertThat(reason("{\"value\":1e999}")).contains("not a finite number");
    assertThat(reason("{\"value\":\"Infinity\"}")).contains("not a finite number");
    assertThat(reason("{\"value\":[1]}")).contains("not a number");
  }

  @Test
  void rejectsUnparsableTimestamp() {
    assertThat(reason("{\"value\":4.0,\"timestamp\":\"yesterday\"}")).contains("unparsable timestamp").contains("yesterday");
    assertThat(reason("{\"value\":4.0,\"timestamp\":true}")).contains("unparsable timestamp");
  }

  /** A device clock counting seconds, or never set (time since boot), is refused rather than stored in 1970. */
  @Test
  void rejectsEpochSecondsAndUnsetClocksGivenAsNumbers() {
    assertThat(reason("{\"value\":4.0,\"timestamp\":1796032800}"))
        .contains("1796032800", "1970-01-21T18:53:52.800Z", "seconds", "epoch milliseconds");
    assertThat(reason("{\"value\":4.0,\"timestamp\":\"1796032800\"}")).contains("seconds");
    assertThat(reason("{\"value\":4.0,\"timestamp\":12345}")).contains("not set");
    assertThat(reason("{\"value\":4.0,\"timestamp\":-1}")).contains("epoch milliseconds");
    assertThat(parse("plant/fridge-1", "{\"value\":4.0,\"timestamp\":100000000000}").drafts())
        .extracting(Draft::timestamp).containsExactly(Instant.parse("1973-03-03T09:46:40Z"));
  }

  @Test
  void rejectsTimestampMoreThanADayAhead() {
    assertThat(reason("{\"value\":4.0,\"timestamp\":\"2099-01-01T00:00:00Z\"}")).contains("more than a day in the future");
    assertThat(parse("t/s", "{\"value\":4.0,\"timestamp\":\"2026-12-01T09:59:00Z\"}").drafts()).hasSize(1);
  }

  @Test
  void rejectsMissingSensorIdWithoutTopicLevel() {
    MessageParser.Parsed p = parser.parse(new Arrival("api", "POST /api/readings", null, "{\"value\":1}", RECEIVED));
    assertThat(p.rejects().get(0).reason()).contains("no sensor_id");
  }

  @Test
  void rejectsMetadataThatIsNotAnObject() {
    assertThat(reason("{\"value\":1,\"metadata\":\"x\"}")).contains("metadata must be a JSON object");
  }
}
