package com.anomalywatcher.cli;

import com.anomalywatcher.store.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The topic prefix of a bare {@code run --via-mqtt}: {@code aw-run/SET/<hash>}, the hash taken over the
 * database's host, port and name (never its user or password). Two runs on one broker share a prefix
 * only when they drive the same set into the same database; a fixed prefix made every run's ingest take
 * in every other run's readings.
 */
final class RunTopic {
  static final String DEFAULT_BROKER = "mqtt://127.0.0.1:1883";
  static final String ROOT = "aw-run";
  /** 8 hex digits: enough that two databases on one broker do not meet by chance. */
  private static final int HASH_HEX_DIGITS = 8;

  private RunTopic() {}

  /** {@code aw-run/SET/<hash of the database>}; {@code set} is a checked set name, a plain topic level. */
  static String defaultPrefix(String set, DatabaseConfig database) {
    return ROOT + "/" + set + "/" + hash(database.directoryName());
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
