package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.store.MqttDeliveryStore.Delivery;
import com.anomalywatcher.store.MqttDeliveryStore.Session;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the ledger tells a redelivery from a new message that reuses a packet identifier. */
class DeliveryLedgerTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final byte[] PAYLOAD = "{\"value\": 1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void givesARedeliveryTheTimeOfItsFirstDelivery() {
    DeliveryLedger ledger = new DeliveryLedger(100, new Session(0, List.of()));
    DeliveryLedger.Receipt first = ledger.receive(7, 1, "plant/pump", PAYLOAD, T0);
    ledger.remember(7, first, "plant/pump", PAYLOAD);

    DeliveryLedger.Receipt again = ledger.receive(7, 2, "plant/pump", PAYLOAD, T0.plusSeconds(30));

    assertThat(again.redelivered()).isTrue();
    assertThat(again.receivedAt()).isEqualTo(T0);
    assertThat(again.seq()).isEqualTo(first.seq());
  }

  @Test
  void continuesTheSessionEarlierRunsCommitted() {
    byte[] digest = DeliveryLedger.digest("plant/pump", PAYLOAD);
    DeliveryLedger ledger = new DeliveryLedger(100, new Session(500, List.of(new Delivery(7, 480, digest, T0))));

    assertThat(ledger.receive(7, 1, "plant/pump", PAYLOAD, T0.plusSeconds(600)).receivedAt()).isEqualTo(T0);
    assertThat(ledger.receive(8, 1, "plant/pump", PAYLOAD, T0.plusSeconds(600)).seq()).isEqualTo(501);
  }

  /** A broker redelivers only when a session resumes: on one connection an identifier comes back for a new message. */
  @Test
  void takesTheSameIdAndContentOnTheSameConnectionForANewMessage() {
    DeliveryLedger ledger = new DeliveryLedger(100, new Session(0, List.of()));
    ledger.remember(7, ledger.receive(7, 1, "plant/pump", PAYLOAD, T0), "plant/pump", PAYLOAD);

    DeliveryLedger.Receipt next = ledger.receive(7, 1, "plant/pump", PAYLOAD, T0.plusSeconds(60));

    assertThat(next.redelivered()).isFalse();
    assertThat(next.receivedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void takesOtherContentWithTheIdForAnotherMessage() {
    DeliveryLedger ledger = new DeliveryLedger(100, new Session(0, List.of()));
    ledger.remember(7, ledger.receive(7, 1, "plant/pump", PAYLOAD, T0), "plant/pump", PAYLOAD);

    byte[] other = "{\"value\": 2}".getBytes(StandardCharsets.UTF_8);
    assertThat(ledger.receive(7, 2, "plant/pump", other, T0.plusSeconds(60)).redelivered()).isFalse();
  }

  /** Redeliveries come first on a new connection; once a new message the ledger keeps came, no later one is a copy. */
  @Test
  void takesOnlyTheLeadingMessagesOfAConnectionForRedeliveries() {
    DeliveryLedger ledger = new DeliveryLedger(100, new Session(0, List.of()));
    ledger.remember(7, ledger.receive(7, 1, "plant/pump", PAYLOAD, T0), "plant/pump", PAYLOAD);
    ledger.remember(8, ledger.receive(8, 1, "plant/pump", PAYLOAD, T0), "plant/pump", PAYLOAD);

    assertThat(ledger.receive(7, 2, "plant/pump", PAYLOAD, T0.plusSeconds(60)).redelivered()).isTrue();
    DeliveryLedger.Receipt fresh = ledger.receive(9, 2, "plant/pump", PAYLOAD, T0.plusSeconds(60));
    assertThat(fresh.redelivered()).isFalse();
    ledger.remember(9, fresh, "plant/pump", PAYLOAD);
    assertThat(ledger.receive(8, 2, "plant/pump", PAYLOAD, T0.plusSeconds(60)).redelivered()).isFalse();
  }

  /**
   * A broker numbering its packets in turn gives the identifier to a new message 65,535 messages
   * later; when that one's first delivery was never seen (cut off, or the ingest crashed before
   * committing it), its redelivery must not take the earlier identical message's time (it would be
   * skipped as already stored: lost).
   */
  @Test
  void takesAnIdenticalMessageAFullIdCycleLaterForANewOne() {
    int window = DeliveryLedger.MAX_WINDOW;
    DeliveryLedger ledger = new DeliveryLedger(window, new Session(0, List.of()));
    ledger.remember(7, ledger.receive(7, 1, "plant/pump", PAYLOAD, T0), "plant/pump", PAYLOAD);
    // The broker held at most `window` unacknowledged: of the 65,534 messages in between, all but
    // that many reached the ingest (the rest, and the new message with id 7, were cut off).
    for (int i = 1; i < 65_535 - window; i++) {
      ledger.receive(7 + i, 1, "plant/pump", ("{\"value\": " + i + "}").getBytes(StandardCharsets.UTF_8), T0);
    }

    DeliveryLedger.Receipt r = ledger.receive(7, 2, "plant/pump", PAYLOAD, T0.plusSeconds(3600));

    assertThat(r.redelivered()).isFalse();
    assertThat(r.receivedAt()).isEqualTo(T0.plusSeconds(3600));
  }

  @Test
  void refusesAWindowBeyondAThirdOfThePacketIds() {
    assertThatThrownBy(() -> new DeliveryLedger(DeliveryLedger.MAX_WINDOW + 1, new Session(0, List.of())))
        .hasMessageContaining("window must be 1..21845, got 21846");
    assertThatThrownBy(() -> new MqttSettings("tcp://127.0.0.1:1883", "t/#", "c", 1, null, null, 10,
        java.time.Duration.ofMillis(100), 30_000)).hasMessageContaining("--max-pending must be 1..21845")
        .hasMessageContaining("got 30000");
  }
}
