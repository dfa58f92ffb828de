package com.anomalywatcher.store;

/** Applies the project's schema to a test database (kept apart so TestDatabase stays small). */
final class TestDatabaseSchema {
  private TestDatabaseSchema() {}

  static void apply(TestDatabase db) {
    // The schema (Flyway migrations) is added by the store; until then fresh databases are empty.
  }
}
