package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line {@code ingest mqtt} prints every 10 s: its rate and its wording. */
class MqttSummaryLineTest {
  private static final Instant NOW = Instant.parse("2026-11-01T08:00:25.123456Z");

  @Test
  void rateDividesByTheTimeThatPassedNotTheNominalTenSeconds() {
    MqttIngest.Totals t = new MqttIngest.Totals();
    t.add(300, new Ingestor.Committed(300, 300, List.of(), 0));

    // The loop was held up (a batch waiting for the committer): 25 s since the last line, not 10.
    String line = t.line(NOW, Duration.ofSeconds(25));

    assertThat(line).startsWith("2026-11-01T08:00:25Z  300 messages (12/s): ");
  }

  @Test
  void nounsAgreeWithTheirCounts() {
    MqttIngest.Totals t = new MqttIngest.Totals();
    t.add(1, new Ingestor.Committed(1, 1, List.of(), 1));

    assertThat(t.line(NOW, Duration.ofSeconds(10)))
        .endsWith("1 message (0.10/s): 1 reading (1 new), 0 rejects, 1 new sensor");
  }

  @Test
  void largeCountsAreGroupedAsTheOtherCommandsPrintThem() {
    MqttIngest.Totals t = new MqttIngest.Totals();
    t.add(123_456, new Ingestor.Committed(123_456, 120_000, List.of(), 2));

    assertThat(t.line(NOW, Duration.ofSeconds(10)))
        .endsWith("123,456 messages (12,346/s): 123,456 readings (120,000 new), 0 rejects, 2 new sensors");
  }
}
