package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Delivers to several sinks in order; closes them all (each once) when closed. */
public final class AlertSinks implements AlertSink {
  private final List<AlertSink> sinks;

  /** Takes ownership of the sinks. */
  public AlertSinks(List<AlertSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  /** A sink that delivers to {@code transport} from the outbox, on its own thread; see {@link OutboxDelivery}. */
  public static AlertSink fromOutbox(OutboxStore outbox, AlertTransport transport, Duration expiry, Clock clock,
      PrintWriter err) {
    return new OutboxDelivery(outbox, transport, expiry, clock, err, Duration.ofSeconds(5));
  }

  /** Appends alert events as JSON lines to a file. */
  public static AlertTransport file(Path file) {
    return new FileTransport(file);
  }

  /**
   * POSTs alert events to an http(s) URL, each within 10 s, with the given headers.
   *
   * @param outbox the database's outbox, whose {@link OutboxStore#targetKey key} the sink's target is shown with
   * @param name the sink's name ({@code webhook NAME}), or null for {@code webhook}
   */
  public static AlertTransport webhook(OutboxStore outbox, String name, URI uri, WebhookFormat format,
      List<WebhookHeader> headers) {
    return new WebhookTransport(name, uri, format, headers, Duration.ofSeconds(10), outbox.targetKey());
  }

  @Override
  public void deliver(AlertChange change) {
    for (AlertSink s : sinks) {
      s.deliver(change);
    }
  }

  @Override
  public void passEnded() {
    for (AlertSink s : sinks) {
      s.passEnded();
    }
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (AlertSink s : sinks) {
      try {
        s.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
