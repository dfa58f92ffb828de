package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One page that stops reading its live connection (its TCP buffers full, as with a frozen laptop or
 * a stalled proxy) does not hold up the live feed for another page, and is closed as too slow once
 * it is far behind: a raw WebSocket that completes the handshake and never reads, and a normal one,
 * both following one sensor whose readings come in batches of large messages.
 */
class DashboardLiveSlowPageTest {
  private static final String TOKEN = "slow-page-token";
  /** A long id makes each reading's part of a message long, so few batches fill the buffers. */
  private static final String SENSOR = "fridge-" + "x".repeat(180);
  private static final int BATCH = 4_000;
  /** How long one batch may take to reach the reading page: far less than Jetty's idle timeout (30 s). */
  private static final Duration PROMPTLY = Duration.ofSeconds(20);
  /** The close code of a page closed for falling behind: come back later (it does, at once, with backoff). */
  private static final int TRY_AGAIN_LATER = 1013;

  @Test
  void aPageThatStopsReadingNeitherStallsTheOthersNorStaysConnected() throws Exception {
    try (TestDatabase own = TestDatabase.fresh("dashboard-live-slow-page");
        DashboardServer server = DashboardServer.start(own.database(), new ServeSettings("127.0.0.1", 0,
            Optional.of(TOKEN), Duration.ofMillis(100), Optional.empty(), Duration.ofMillis(500)), Clock.systemUTC());
        Socket stuck = stuckPage(server)) {
      post(server, batch(Instant.parse("2026-11-30T00:00:00Z"), 1));
      SiteFeed.awaitFleetOf(server, 1);
      BlockingQueue<String> heard = new LinkedBlockingQueue<>();
      WebSocket reading = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(live(server), new Collector(heard)).get(30, TimeUnit.SECONDS);
      try {
        // Past what the kernel's buffers take (4 MB on this machine at most) and the page's bound.
        long enough = 4L * 1024 * 1024 + 2 * LiveClients.MAX_BEHIND_BYTES;
        long sent = 0;
        Instant t = Instant.parse("2026-11-30T01:00:00Z");
        for (int i = 0; sent < enough; i++, t = t.plusSeconds(BATCH)) {
          post(server, batch(t, BATCH));
          String last = "\"t\":" + t.plusSeconds(BATCH - 1).toEpochMilli() + ",";
          sent += awaitMessageWith(heard, last, "batch " + i + " (" + sent + " bytes sent before it)");
        }
      } finally {
        reading.abort();
      }

      assertThat(closeReason(stuck)).as("the stuck page, reading at last, hears why it was closed")
          .isEqualTo(TRY_AGAIN_LATER + " " + LiveClients.TOO_SLOW);
    }
  }

  /** A page that completes the handshake for the sensor's readings and then reads nothing; the caller closes it. */
  private static Socket stuckPage(DashboardServer server) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
    s.setSoTimeout(30_000);
    String key = Base64.getEncoder().encodeToString("slow-page-key-16".getBytes(StandardCharsets.US_ASCII));
    OutputStream out = s.getOutputStream();
    out.write(("GET " + live(server).getRawPath() + "?" + live(server).getRawQuery() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    InputStream in = s.getInputStream();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the handshake's answer so far: " + head).isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return s;
  }

  /**
   * Reads the stuck page's connection at last, up to the server's close frame: its status code and
   * reason ("code reason").
   */
  private static String closeReason(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    while (true) {
      int opcode = in.readUnsignedByte() & 0x0f;
      long length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = in.readNBytes((int) length);
      if (opcode == 0x8) {
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
      }
    }
  }

  /** Waits for a message containing {@code text}; returns the length of all it heard until then. */
  private static long awaitMessageWith(BlockingQueue<String> heard, String text, String what) throws Exception {
    long bytes = 0;
    Instant deadline = Instant.now().plus(PROMPTLY);
    while (true) {
      String m = heard.poll(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      assertThat(m).as("the reading page heard " + what + " within " + PROMPTLY).isNotNull();
      bytes += m.length();
      if (m.contains(text)) {
        return bytes;
      }
    }
  }

  private static URI live(DashboardServer server) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/api/live?sensor=" + SENSOR);
  }

  private static void post(DashboardServer server, String body) throws Exception {
    ReadingsApi.Answer a = ReadingsApi.post(server, TOKEN, body);
    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    assertThat(a.body().get("rejected")).as(a.body().toString()).isEmpty();
  }

  /** {@code n} readings of the sensor a second apart from {@code from}, as a JSON array. */
  private static String batch(Instant from, int n) {
    StringJoiner all = new StringJoiner(",", "[", "]");
    for (int i = 0; i < n; i++) {
      all.add(("{\"sensor_id\": \"%s\", \"timestamp\": %d, \"value\": 4.2, \"category\": \"fridge\", \"unit\": \"°C\"}")
          .formatted(SENSOR, from.plusSeconds(i).toEpochMilli()));
    }
    return all.toString();
  }

  /** Keeps every text message (whole) and asks for the next. */
  private static final class Collector implements WebSocket.Listener {
    private final BlockingQueue<String> heard;
    /** The message being received; onText is called for one part at a time. */
    private final StringBuilder part = new StringBuilder();

    Collector(BlockingQueue<String> heard) {
      this.heard = heard;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
      part.append(text);
      if (last) {
        heard.add(part.toString());
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
