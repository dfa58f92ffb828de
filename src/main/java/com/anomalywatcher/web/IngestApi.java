package com.anomalywatcher.web;

import com.anomalywatcher.ingest.Arrival;
import com.anomalywatcher.ingest.Draft;
import com.anomalywatcher.ingest.Ingestor;
import com.anomalywatcher.ingest.Ingestor.Committed;
import com.anomalywatcher.ingest.MessageParser;
import com.anomalywatcher.ingest.ReceiptClock;
import com.anomalywatcher.store.RejectStore.Identity;
import com.anomalywatcher.store.RejectStore.Reject;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.IdempotencyKeyStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/readings}: HTTP ingest with the same rules as MQTT and CSV ingest (the ingest
 * package's parser, validation, sensor registration and writer): a JSON array of readings; items
 * that break a rule go to {@code ingest_rejects} and are listed in the answer. The server checks the
 * token before this runs. A request repeated with the same {@code Idempotency-Key} header (a client
 * retrying after a lost answer) gets the time of receipt of the first, so readings without a
 * timestamp and rejects are not stored twice; the key with another body is refused (422). Item i of
 * a request without a timestamp gets the request's time of receipt plus i microseconds, and the
 * requests share one {@link ReceiptClock} reserving that many, so no two such readings of a sensor
 * share a time (one row per sensor and time would keep only the first); a retry gets the same times
 * again. One {@link Ingestor}, used by one request at a time; {@link #close()} closes it.
 */
final class IngestApi implements AutoCloseable {
  /** Largest body accepted, so one request cannot hold the server's memory. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  /** Longest Idempotency-Key accepted (a UUID is 36). */
  static final int MAX_KEY_CHARS = 255;
  static final String KEY_HEADER = "Idempotency-Key";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MessageParser PARSER = MessageParser.spacingItems();

  private final Ingestor ingestor;
  private final IdempotencyKeyStore keys;
  /** Times of receipt of all requests, a microsecond per item, strictly increasing. */
  private final ReceiptClock receipts;

  IngestApi(Database db, Clock clock) {
    this.ingestor = Ingestor.open(db, clock);
    this.keys = new IdempotencyKeyStore(db);
    this.receipts = new ReceiptClock(clock);
  }

  void post(Context ctx) throws IOException {
    Optional<String> read = body(ctx);
    if (read.isEmpty()) {
      long length = ctx.contentLength();
      ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(Map.of("error", String.format(Locale.ROOT,
          "the body must be at most %,d bytes (8 MiB: send a larger batch in several requests), got %s",
          MAX_BODY_BYTES, length > MAX_BODY_BYTES ? String.format(Locale.ROOT, "%,d", length) : "more")));
      return;
    }
    String body = read.get();
    int items = requireArray(body);
    String key = key(ctx.header(KEY_HEADER));
    // To the microsecond, as the database keeps it: a retry gets this time back from the database,
    // and its items the same times as the first request's.
    Instant now = receipts.next(Math.max(1, items));
    IdempotencyKeyStore.Claim claim = key == null ? new IdempotencyKeyStore.Claim(now, false, true)
        : keys.claim(key, digest(body), now);
    if (!claim.sameBody()) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(Map.of("error", KEY_HEADER + " '" + key
          + "' came with another body at " + claim.receivedAt() + "; a retry must repeat its request exactly"));
      return;
    }
    List<Draft> drafts = new ArrayList<>(items);
    List<Reject> rejects = new ArrayList<>(0);
    String origin = "POST /api/readings from " + ctx.ip();
    PARSER.parseInto(new Arrival("api", origin, null, body, claim.receivedAt(),
        claim.repeat() ? Identity.REPEAT : Identity.NEW), drafts, rejects);
    Committed c;
    synchronized (ingestor) {
      try {
        ingestor.add(drafts, rejects);
        c = ingestor.commit();
      } catch (RuntimeException e) {
        // The client hears a failure (503 for an outage) and retries: what this request left pending
        // must not be stored by the next request's commit, which would store a retried reading
        // without a timestamp twice and answer for readings and rejects that are not its own.
        ingestor.discardPending();
        throw e;
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("readings", c.readings());
    answer.put("stored", c.stored());
    answer.put("newSensors", c.newSensors());
    // In the order of the items, as the client reads its batch: the ingestor finds a bad field
    // before a sensor it cannot register, and that before a row the database refuses.
    answer.put("rejected", c.rejected().stream()
        .sorted(Comparator.comparingInt(Reject::item))
        .map(IngestApi::json).toList());
    if (key != null) {
      answer.put("repeat", claim.repeat());
    }
    ctx.json(answer);
  }

  /**
   * The body as text, or empty when it is longer than {@link #MAX_BODY_BYTES}: read here rather than by
   * {@code ctx.body()}, whose own limit (Javalin's {@code maxRequestSize}, 1 MB) answered a plain-text
   * "Content Too Large" to every body over 1 MB, and which reads a chunked body of any length whole.
   */
  private static Optional<String> body(Context ctx) throws IOException {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      return Optional.empty();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      return bytes.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** The header's key, or null when none was sent. */
  private static String key(String header) {
    if (header == null) {
      return null;
    }
    if (header.isBlank() || header.length() > MAX_KEY_CHARS) {
      throw new BadRequest(KEY_HEADER + " must be 1.." + MAX_KEY_CHARS + " characters, got " + header.length());
    }
    return header;
  }

  private static byte[] digest(String body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The number of items of the body's JSON array; a 400 when it is not one. */
  private static int requireArray(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body must be a JSON array of readings, got text that is not JSON: "
          + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new BadRequest("the body must be a JSON array of readings, got "
          + (root == null || root.isMissingNode() ? "nothing" : "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return root.size();
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
