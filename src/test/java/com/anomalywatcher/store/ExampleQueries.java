package com.anomalywatcher.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The README's example queries, read from {@code queries/examples-*.sql} by their "-- name:" lines. */
final class ExampleQueries {
  static final String TIMESCALEDB = "queries/examples-timescaledb.sql";
  static final String POSTGRES = "queries/examples-postgres.sql";

  private ExampleQueries() {}

  static Map<String, String> load(String resource) {
    String text;
    try (InputStream in = ExampleQueries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> queries = new LinkedHashMap<>();
    String name = null;
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("-- name:")) {
        if (name != null) {
          queries.put(name, sql.toString().strip());
        }
        name = line.substring("-- name:".length()).strip();
        sql.setLength(0);
      } else if (name != null && !line.startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    if (name != null) {
      queries.put(name, sql.toString().strip());
    }
    return queries;
  }
}
