package com.anomalywatcher.store;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The template database that {@link TestDatabase#fresh} copies: migrated once per test JVM with
 * {@code db init} in plain PostgreSQL mode, so each fresh database costs one CREATE DATABASE.
 */
final class TestDatabaseSchema {
  static final String TEMPLATE = "aw_template";
  private static boolean ready;

  private TestDatabaseSchema() {}

  /** Creates and migrates the template on first call; later calls return at once. */
  static synchronized void ensureTemplate() {
    if (ready) {
      return;
    }
    TestDatabase template = TestDatabase.createDatabase(TEMPLATE, "");
    try {
      Schema.init(template.database(), Optional.of(StorageMode.POSTGRES), OptionalInt.empty(), Clock.systemUTC());
    } finally {
      template.reconnect(); // its pool goes (a template takes no sessions), the database stays: close() would drop it
    }
    ready = true;
  }
}
