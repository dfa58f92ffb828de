package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Alertmanager body of an alert event, built from the outbox payload (no receiver needed); and
 * answers that stop half way, from a receiver on a real socket that sends its status line and then
 * holds the connection open without finishing the body.
 */
class WebhookTransportTest {
  private static final WebhookTransport ALERTMANAGER =
      new WebhookTransport(null, URI.create("http://127.0.0.1:9/x"), WebhookFormat.ALERTMANAGER, List.of(),
          Duration.ofSeconds(1), "test-key");

  private static JsonNode annotations(String payload) throws Exception {
    OutboxStore.Pending p = new OutboxStore.Pending(1, ALERTMANAGER.sinkName(), "7-1", "opened", "fan-x", payload,
        Instant.parse("2026-12-04T18:30:21Z"), 0, null, null);
    return new ObjectMapper().readTree(ALERTMANAGER.body(p)).get(0).get("annotations");
  }

  @Test
  void anOfflineAlertWithoutAValueGetsNoValueAnnotation() throws Exception {
    JsonNode a = annotations("""
        {"sensor_id":"fan-x","category":"fan","location":"shop","opened_at":"2026-12-04T18:30:21Z","resolved_at":null,
         "peak_score":1.0,"kind":"offline","value":null,"unit":"rpm","explanation":"fan-x: no reading since 13:29"}""");

    assertThat(a.has("value")).as(a.toString()).isFalse();
    assertThat(a.get("summary").asText()).contains("no reading");
  }

  @Test
  void aValuedAlertCarriesValueAndUnit() throws Exception {
    JsonNode a = annotations("""
        {"sensor_id":"fan-x","category":"fan","location":"shop","opened_at":"2026-12-04T18:30:21Z","resolved_at":null,
         "peak_score":0.9,"kind":"stall","value":9.5,"unit":"rpm","explanation":"fan-x: 9.5 rpm"}""");

    assertThat(a.get("value").asText()).isEqualTo("9.5 rpm");
  }

  /** Before, the delivery thread read such a body for as long as the receiver held it: for good, without an error. */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anAnswerWhoseBodyNeverEndsIsATimeoutNamingItsStatus() throws Exception {
    try (HalfAnswer receiver = new HalfAnswer("HTTP/1.1 503 Service Unavailable")) {
      WebhookTransport webhook = receiver.webhook();

      assertThatThrownBy(() -> webhook.send(event(webhook)))
          .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("HTTP 503").hasMessageContaining("did not end");
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aTwoHundredWhoseBodyNeverEndsIsADelivery() throws Exception {
    try (HalfAnswer receiver = new HalfAnswer("HTTP/1.1 200 OK")) {
      WebhookTransport webhook = receiver.webhook();

      webhook.send(event(webhook));

      assertThat(receiver.requests()).isEqualTo(1);
    }
  }

  private static OutboxStore.Pending event(WebhookTransport webhook) {
    return new OutboxStore.Pending(1, webhook.sinkName(), "7-1", "opened", "fan-x", """
        {"sensor_id":"fan-x","kind":"stall","value":9.5,"unit":"rpm","explanation":"fan-x: 9.5 rpm"}""",
        Instant.parse("2026-12-04T18:30:21Z"), 0, null, null);
  }

  /**
   * A receiver that reads each request's headers, answers with {@code statusLine}, a
   * {@code Content-Length} of 1,000 and 4 bytes of body, and holds the connection until closed.
   */
  private static final class HalfAnswer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;
    private volatile int requests;

    HalfAnswer(String statusLine) throws IOException {
      acceptor = new Thread(() -> serve(statusLine), "half-answer-receiver");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    WebhookTransport webhook() {
      return new WebhookTransport(null, URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook"),
          WebhookFormat.JSON, List.of(), Duration.ofSeconds(1), "test-key");
    }

    int requests() {
      return requests;
    }

    private void serve(String statusLine) {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
          readHeaders(s.getInputStream());
          requests++;
          OutputStream out = s.getOutputStream();
          out.write((statusLine + "\r\nContent-Length: 1000\r\n\r\nbusy").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException closed) {
          return; // close() ends the receiver
        }
      }
    }

    private static void readHeaders(InputStream in) throws IOException {
      int matched = 0;
      byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the request ended before its headers did");
        }
        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
      }
    }

    @Override
    public void close() throws IOException, InterruptedException {
      server.close();
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
      acceptor.join();
    }
  }
}
