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

/**
 * The browsers following {@code /api/live} (a WebSocket; messages only go to the browser):
 * {@code {"type":"readings","data":[{sensor, t, value, unit}...]}} (only the subscribed sensor's when
 * the page asked for {@code ?sensor=ID}, else each sensor's newest) and {@code {"type":"alerts"}}
 * (something changed: reload them), {@code {"type":"sensors"}} (the fleet gained sensors: reload the
 * filters' categories, sites and locations and the fleet's rows), and {@code {"type":"database","data":{"up":false,"message":...}}}
 * when the database becomes unavailable or available again (sent on connect during an outage), and
 * {@code {"type":"heartbeat","data":{"every_ms":N}}} first thing on connect and then every N ms to
 * every browser. A connection that dies without a close (a laptop's sleep, a NAT or proxy dropping it)
 * is invisible to a page's script (WebSocket pings are answered by the browser itself), so a page
 * that hears nothing for about three periods takes it for dead and reconnects. The first heartbeat is
 * sent after the browser is subscribed: whatever changes after it arrives is pushed. Nothing
 * is kept for a browser that was not connected: a page that (re)connects loads again what it shows. A WebSocket rather than Server-Sent Events because headless
 * Chromium's virtual time (used to render pages for tests and screenshots) waits for every open
 * HTTP response, and an event stream never ends. Called from the live feed's thread; clients come
 * and go on Jetty's threads.
 */
final class LiveClients implements LiveFeed.Listener {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private record Subscriber(WsContext client, String sensor) {}

  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final String heartbeat;
  /** The outage message while the database is unavailable, else null; set on the live feed's thread. */
  private volatile String outage;

  /** Clients that hear a heartbeat every {@code heartbeatEvery}. */
  LiveClients(Duration heartbeatEvery) {
    this.heartbeat = "{\"type\":\"heartbeat\",\"data\":{\"every_ms\":" + heartbeatEvery.toMillis() + "}}";
  }

  /**
   * A browser connected; {@code ?sensor=ID} narrows the readings it gets to one sensor. It hears a
   * heartbeat once it is subscribed, so what it loads after that misses nothing.
   */
  void connected(WsConnectContext ctx) {
    String sensor = ctx.queryParam("sensor");
    Subscriber s = new Subscriber(ctx, sensor == null || sensor.isBlank() ? null : sensor);
    subscribers.put(ctx.sessionId(), s);
    send(s, heartbeat);
    String now = outage;
    if (now != null) {
      send(s, database(now));
    }
  }

  void disconnected(WsContext ctx) {
    subscribers.remove(ctx.sessionId());
  }

  int size() {
    return subscribers.size();
  }

  @Override
  public void readings(List<StoredReading> readings) {
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
    subscribers.values().forEach(s -> send(s, "{\"type\":\"alerts\"}"));
  }

  @Override
  public void sensorsAdded() {
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
    subscribers.values().forEach(s -> send(s, heartbeat));
  }

  /** Ends every connection (server shutdown). */
  void closeAll() {
    subscribers.values().forEach(s -> s.client().closeSession());
    subscribers.clear();
  }

  /** Sends to one browser; one message at a time to it (the feed's and the heartbeat's threads both send). */
  private void send(Subscriber s, String message) {
    try {
      synchronized (s) {
        if (s.client().session.isOpen()) {
          s.client().send(message);
        }
      }
    } catch (RuntimeException e) {
      // the browser left mid-send; Jetty reports the close separately
      subscribers.remove(s.client().sessionId());
    }
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
