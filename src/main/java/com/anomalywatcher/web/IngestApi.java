package com.anomalywatcher.web;

import com.anomalywatcher.ingest.Arrival;
import com.anomalywatcher.ingest.Ingestor;
import com.anomalywatcher.ingest.Ingestor.Committed;
import com.anomalywatcher.store.RejectStore.Reject;
import com.anomalywatcher.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/readings}: HTTP ingest with the same rules as MQTT and CSV ingest (the ingest
 * package's parser, validation, sensor registration and writer): a JSON array of readings; items
 * that break a rule go to {@code ingest_rejects} and are listed in the answer. The server checks the
 * token before this runs. One {@link Ingestor}, used by one request at a time; {@link #close()} closes it.
 */
final class IngestApi implements AutoCloseable {
  /** Largest body accepted, so one request cannot hold the server's memory. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Ingestor ingestor;
  private final Clock clock;

  IngestApi(Database db, Clock clock) {
    this.ingestor = Ingestor.open(db, clock);
    this.clock = clock;
  }

  void post(Context ctx) {
    String body = ctx.body();
    if (body.length() > MAX_BODY_BYTES) {
      ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(Map.of("error",
          "the body must be at most " + MAX_BODY_BYTES + " bytes, got " + body.length()));
      return;
    }
    requireArray(body);
    Committed c;
    synchronized (ingestor) {
      ingestor.add(new Arrival("api", "POST /api/readings from " + ctx.ip(), null, body, clock.instant()));
      c = ingestor.commit();
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("readings", c.readings());
    answer.put("stored", c.stored());
    answer.put("newSensors", c.newSensors());
    answer.put("rejected", c.rejected().stream().map(IngestApi::json).toList());
    ctx.json(answer);
  }

  private static void requireArray(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body must be a JSON array of readings, got text that is not JSON: "
          + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new BadRequest("the body must be a JSON array of readings, got "
          + (root == null || root.isMissingNode() ? "nothing" : "a JSON " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  private static Map<String, Object> json(Reject r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("item", r.origin());
    m.put("reason", r.reason());
    return m;
  }

  @Override
  public void close() {
    synchronized (ingestor) {
      ingestor.close();
    }
  }

}
