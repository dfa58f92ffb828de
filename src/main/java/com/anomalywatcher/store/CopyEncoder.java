package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes readings in PostgreSQL's binary COPY format for the columns of {@link ReadingWriter#COLUMNS}.
 * Owned by one writer thread; reuses its buffer between batches.
 */
final class CopyEncoder {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800L * 1_000_000L;
  private static final short FIELDS = 9;
  /** No {@code ingest_xid} sent: the column's default gives it. */
  static final long NO_XID = -1;
  private static final byte JSONB_VERSION = 1;
  private static final int MAX_CACHED_STRINGS = 10_000;

  /** Sent as a tenth column, {@code ingest_xid}, when not {@link #NO_XID}. */
  private final long ingestXid;
  private byte[] buf = new byte[1 << 20];
  private int pos;
  /** Sensor ids, units and other repeated strings: encoded once. */
  private final Map<String, byte[]> utf8Cache = new HashMap<>();

  /** For the columns of {@link CopySink#COLUMNS}, {@code ingest_xid} left to its default. */
  CopyEncoder() {
    this(NO_XID);
  }

  /**
   * For {@link CopySink#COLUMNS} and then {@code ingest_xid} = {@code ingestXid} in every row (the
   * value the column's default would give in the writing transaction, without the server computing
   * it per row), or as {@link #CopyEncoder()} when {@link #NO_XID}.
   */
  CopyEncoder(long ingestXid) {
    this.ingestXid = ingestXid;
  }

  /** Encodes a whole COPY stream (header, rows, trailer); valid until the next call. */
  byte[] encode(List<Reading> rows) {
    pos = 0;
    ensure(SIGNATURE.length + 8);
    System.arraycopy(SIGNATURE, 0, buf, 0, SIGNATURE.length);
    pos = SIGNATURE.length;
    putInt(0); // flags
    putInt(0); // header extension length
    for (Reading r : rows) {
      putRow(r);
    }
    ensure(2);
    putShort((short) -1);
    return buf;
  }

  /** Number of valid bytes from the last {@link #encode}. */
  int length() {
    return pos;
  }

  private void putRow(Reading r) {
    byte[] sensor = cached(r.sensorId());
    byte[] type = cached(r.type().dbName());
    byte[] category = cached(r.category());
    byte[] unit = cached(r.unit());
    byte[] location = cached(r.location());
    byte[] metadata = r.metadataJson().getBytes(StandardCharsets.UTF_8);
    ensure(2 + 9 * 4 + 16 + 8 + 8 + sensor.length + type.length + category.length + unit.length
        + location.length + 1 + metadata.length + 12);
    putShort((short) (ingestXid == NO_XID ? FIELDS : FIELDS + 1));
    putUuid(r.id());
    putInt(8);
    putLong(micros(r.timestamp()));
    putBytes(sensor);
    putBytes(type);
    putBytes(category);
    putInt(8);
    putLong(Double.doubleToRawLongBits(r.value()));
    putBytes(unit);
    putBytes(location);
    putInt(metadata.length + 1);
    buf[pos++] = JSONB_VERSION;
    System.arraycopy(metadata, 0, buf, pos, metadata.length);
    pos += metadata.length;
    if (ingestXid != NO_XID) {
      putInt(8);
      putLong(ingestXid);
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000)
        - POSTGRES_EPOCH_MICROS;
  }

  private byte[] cached(String s) {
    byte[] b = utf8Cache.get(s);
    if (b == null) {
      b = s.getBytes(StandardCharsets.UTF_8);
      if (utf8Cache.size() >= MAX_CACHED_STRINGS) {
        utf8Cache.clear();
      }
      utf8Cache.put(s, b);
    }
    return b;
  }

  private void putUuid(UUID id) {
    putInt(16);
    putLong(id.getMostSignificantBits());
    putLong(id.getLeastSignificantBits());
  }

  private void putBytes(byte[] b) {
    putInt(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void putShort(short v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
