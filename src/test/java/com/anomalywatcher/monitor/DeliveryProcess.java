package com.anomalywatcher.monitor;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A webhook's delivery alone in a process of its own, for a test to kill ({@code kill -9}) or freeze
 * ({@code kill -STOP}) as an operator, the kernel or a paused VM would a monitor. Arguments: the JDBC
 * URL, the sink's name, the webhook's URL and optionally the idle limit of its lease and claim in
 * milliseconds (else {@link OutboxDelivery#LEASE_IDLE_LIMIT}). It delivers until killed.
 */
final class DeliveryProcess {
  private DeliveryProcess() {}

  public static void main(String[] args) throws InterruptedException {
    Database db = Database.connect(args[0]);
    OutboxStore outbox = new OutboxStore(db);
    OutboxDelivery delivery = new OutboxDelivery(outbox,
        AlertSinks.webhook(outbox, args[1], URI.create(args[2]), WebhookFormat.JSON, List.of()), Duration.ofHours(24),
        Clock.systemUTC(), new PrintWriter(System.err, true), Duration.ofSeconds(2),
        args.length > 3 ? Duration.ofMillis(Long.parseLong(args[3])) : OutboxDelivery.LEASE_IDLE_LIMIT);
    while (true) {
      delivery.deliver(null); // as the scoring would after each commit
      Thread.sleep(200);
    }
  }
}
