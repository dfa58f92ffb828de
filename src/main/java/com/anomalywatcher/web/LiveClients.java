package com.anomalywatcher.web;

import com.anomalywatcher.store.StoredReading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * The browsers following {@code /api/live} (a WebSocket; messages only go to the browser):
 * {@code {"type":"readings","data":[{sensor, t, value, unit}...]}} (only the subscribed sensor's when
 * the page asked for {@code ?sensor=ID}, else each sensor's newest) and {@code {"type":"alerts"}}
 * (something changed: reload them), {@code {"type":"sensors"}} (the fleet gained sensors: reload the
 * filters' categories, sites and locations and the fleet's rows), and {@code {"type":"database","data":{"up":false,"message":...}}}
 * when the database becomes unavailable or available again (sent on connect during an outage), and
 * {@code {"type":"heartbeat","data":{"every_ms":N,"changes":C}}} first thing on connect and then
 * every N ms to every browser (C: {@link #changes()} as it was sent). A connection that dies without
 * a close (a laptop's sleep, a NAT or proxy dropping it) is invisible to a page's script (WebSocket
 * pings are answered by the browser itself), so a page that hears nothing for about three periods
 * takes it for dead and reconnects. The first heartbeat is sent after the browser is subscribed:
 * whatever changes after it arrives is pushed. Nothing is kept for a browser that was not connected:
 * a page that reconnects loads again what it shows, and one that connects for the first time does
 * if an answer it loaded is older than the first heartbeat's C. A WebSocket rather than Server-Sent Events because headless
 * Chromium's virtual time (used to render pages for tests and screenshots) waits for every open
 * HTTP response, and an event stream never ends. Called from the live feed's thread; clients come
 * and go on Jetty's threads.
 *
 * <p>Sends do not wait for the browser: each message is queued on its connection and written by
 * Jetty, in order, so one page that stops reading (a frozen laptop, a stalled proxy) cannot hold up
 * the feed or the heartbeat for the others. A page more than {@value #MAX_BEHIND_MESSAGES} messages
 * or {@value #MAX_BEHIND_BYTES} bytes behind is closed with {@code 1013} ("try again later") and the
 * reason {@value #TOO_SLOW}; like any page whose connection ends, it reconnects and loads again what
 * it shows.
 */
final class LiveClients implements LiveFeed.Listener {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Unsent messages a page may have before it is closed: the feed sends a page a few messages per
   * poll (once a second in {@code serve}) plus a heartbeat every 15 s, and a page that reads at all
   * drains them within milliseconds, so this many are minutes of feed it no longer keeps up with.
   */
  static final int MAX_BEHIND_MESSAGES = 256;
  /**
   * Unsent bytes a page may have before it is closed (one message is always let through): about ten
   * of the fleet page's largest messages (the newest reading of each of 10,000 sensors is about
   * 800 kB), so a slow but reading link keeps up, while what a stuck page holds stays bounded.
   */
  static final long MAX_BEHIND_BYTES = 8L * 1024 * 1024;
  /** The close reason a page that fell too far behind hears. */
  static final String TOO_SLOW = "too slow";

  /**
   * One browser and what is queued for it and not yet written ({@code behind*}, guarded by the
   * subscriber's lock; the write callbacks run on Jetty's threads).
   */
  private static final class Subscriber {
    private final WsContext client;
    private final String sensor;
    private int behindMessages;
    private long behindBytes;
    private boolean closing;

    Subscriber(WsContext client, String sensor) {
      this.client = client;
      this.sensor = sensor;
    }

    WsContext client() {
      return client;
    }

    String sensor() {
      return sensor;
    }
  }

  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final long heartbeatMillis;
  /** How many changes the feed has told of; see {@link #changes()}. */
  private final AtomicLong changes = new AtomicLong();
  /** The outage message while the database is unavailable, else null; set on the live feed's thread. */
  private volatile String outage;

  /** Clients that hear a heartbeat every {@code heartbeatEvery}. */
  LiveClients(Duration heartbeatEvery) {
    this.heartbeatMillis = heartbeatEvery.toMillis();
  }

  /**
   * A browser connected; {@code ?sensor=ID} narrows the readings it gets to one sensor. It hears a
   * heartbeat once it is subscribed, so what it loads after that misses nothing.
   */
  void connected(WsConnectContext ctx) {
    String sensor = ctx.queryParam("sensor");
    Subscriber s = new Subscriber(ctx, sensor == null || sensor.isBlank() ? null : sensor);
    subscribers.put(ctx.sessionId(), s);
    // Counted after it is subscribed: a change not counted yet is told to it.
    send(s, heartbeatMessage());
    String now = outage;
    if (now != null) {
      send(s, database(now));
    }
  }

  void disconnected(WsContext ctx) {
    subscribers.remove(ctx.sessionId());
  }

  /**
   * How many changes (readings, alert changes, new sensors) the feed has told the browsers of since
   * the server started; counted before each is sent, after the fleet view and the database have it.
   * An answer read while this was N has every change up to the N-th: a page whose first answers were
   * read at N and whose connection's first heartbeat says N missed nothing in between, and one that
   * says more loads again. Thread-safe.
   */
  long changes() {
    return changes.get();
  }

  @Override
  public void readings(List<StoredReading> readings) {
    changes.incrementAndGet();
    if (subscribers.isEmpty()) {
      return;
    }
    Map<String, StoredReading> newest = new LinkedHashMap<>();
    readings.forEach(r -> newest.merge(r.sensorId(), r, (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b));
    String all = json(List.copyOf(newest.values()));
    for (Subscriber s : subscribers.values()) {
      if (s.sensor() == null) {
        send(s, all);
      } else {
        List<StoredReading> mine = readings.stream().filter(r -> r.sensorId().equals(s.sensor())).toList();
        if (!mine.isEmpty()) {
          send(s, json(mine));
        }
      }
    }
  }

  @Override
  public void alertsChanged() {
    changes.incrementAndGet();
    subscribers.values().forEach(s -> send(s, "{\"type\":\"alerts\"}"));
  }

  @Override
  public void sensorsAdded() {
    changes.incrementAndGet();
    subscribers.values().forEach(s -> send(s, "{\"type\":\"sensors\"}"));
  }

  @Override
  public void databaseChanged(String message) {
    outage = message;
    String m = database(message);
    subscribers.values().forEach(s -> send(s, m));
  }

  private static String database(String outage) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("up", outage == null);
    data.put("message", outage);
    try {
      return MAPPER.writeValueAsString(Map.of("type", "database", "data", data));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the database status as JSON", e);
    }
  }

  /**
   * A small message to every browser, so a page notices a connection that died without a close, and
   * proxies and idle timeouts keep a quiet one.
   */
  void heartbeat() {
    String m = heartbeatMessage();
    subscribers.values().forEach(s -> send(s, m));
  }

  private String heartbeatMessage() {
    return "{\"type\":\"heartbeat\",\"data\":{\"every_ms\":" + heartbeatMillis + ",\"changes\":" + changes() + "}}";
  }

  /** Ends every connection (server shutdown). */
  void closeAll() {
    subscribers.values().forEach(s -> s.client().closeSession());
    subscribers.clear();
  }

  /**
   * Queues a message for one browser without waiting for it to be written; Jetty writes a
   * connection's messages in the order they were queued, and the lock keeps the feed's and the
   * heartbeat's threads from interleaving theirs. A browser too far behind is closed instead.
   */
  private void send(Subscriber s, String message) {
    // A UTF-16 length, close enough to the frame's UTF-8 size for a bound on memory.
    long bytes = message.length();
    try {
      synchronized (s) {
        if (s.closing || !s.client().session.isOpen()) {
          return;
        }
        if (s.behindMessages > 0 && (s.behindMessages >= MAX_BEHIND_MESSAGES
            || s.behindBytes + bytes > MAX_BEHIND_BYTES)) {
          tooSlow(s);
          return;
        }
        s.behindMessages++;
        s.behindBytes += bytes;
        s.client().session.getRemote().sendString(message, new WriteCallback() {
          @Override
          public void writeSuccess() {
            written(s, bytes);
          }

          @Override
          public void writeFailed(Throwable x) {
            // the browser left mid-send; Jetty reports the close separately
            written(s, bytes);
          }
        });
      }
    } catch (RuntimeException e) {
      // the browser left mid-send; Jetty reports the close separately
      subscribers.remove(s.client().sessionId());
    }
  }

  private static void written(Subscriber s, long bytes) {
    synchronized (s) {
      s.behindMessages--;
      s.behindBytes -= bytes;
    }
  }

  /**
   * Stops sending to a browser that fell too far behind and closes it; the close frame waits behind
   * what is queued (a page that reads again hears why), and Jetty's idle timeout ends a connection
   * that never drains.
   */
  private void tooSlow(Subscriber s) {
    s.closing = true;
    subscribers.remove(s.client().sessionId(), s);
    s.client().session.close(StatusCode.TRY_AGAIN_LATER, TOO_SLOW);
  }

  private static String json(List<StoredReading> readings) {
    List<Map<String, Object>> out = new ArrayList<>(readings.size());
    for (StoredReading r : readings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sensor", r.sensorId());
      m.put("t", r.timestamp().toEpochMilli());
      m.put("value", r.value());
      m.put("unit", r.unit());
      out.add(m);
    }
    try {
      return MAPPER.writeValueAsString(Map.of("type", "readings", "data", out));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write readings as JSON", e);
    }
  }
}
