package com.anomalywatcher.detect;

import java.io.ByteArrayOutputStream;

/**
 * Lossless small encodings of a restored detector's learned arrays, for the ones it only reads
 * while it watches (a fleet holds thousands of them): non-negative counts as variable-length
 * integers (7 bits a byte, most counts take one), and byte runs as (value, length) pairs. Both
 * decode to exactly what was encoded.
 */
final class Packed {
  private Packed() {}

  /** Counts (each ≥ 0) as variable-length integers. */
  static byte[] counts(long[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(values.length + 8);
    for (long v : values) {
      if (v < 0) {
        throw new IllegalArgumentException("a count must be >= 0, got " + v);
      }
      writeCount(out, v);
    }
    return out.toByteArray();
  }

  static void writeCount(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** Reads {@code n} counts written by {@link #counts} (or {@link #writeCount}) from {@code at[0]}, advancing it. */
  static long[] readCounts(byte[] packed, int[] at, int n) {
    long[] out = new long[n];
    int p = at[0];
    for (int i = 0; i < n; i++) {
      long v = 0;
      int shift = 0;
      byte b;
      do {
        b = packed[p++];
        v |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      out[i] = v;
    }
    at[0] = p;
    return out;
  }

  /** Bytes as runs: (value, length 1–255) pairs. */
  static byte[] runs(byte[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    int i = 0;
    while (i < values.length) {
      int j = i + 1;
      while (j < values.length && values[j] == values[i] && j - i < 255) {
        j++;
      }
      out.write(values[i]);
      out.write(j - i);
      i = j;
    }
    return out.toByteArray();
  }

  /** The {@code n} bytes encoded by {@link #runs}. */
  static byte[] readRuns(byte[] packed, int n) {
    byte[] out = new byte[n];
    int o = 0;
    for (int p = 0; p < packed.length; p += 2) {
      int len = packed[p + 1] & 0xFF;
      java.util.Arrays.fill(out, o, o + len, packed[p]);
      o += len;
    }
    if (o != n) {
      throw new IllegalStateException("packed runs hold " + o + " bytes, expected " + n);
    }
    return out;
  }
}
