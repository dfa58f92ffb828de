package com.anomalywatcher.store;

import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example queries on plain PostgreSQL: both the time_bucket and the date_bin file. */
class ExampleQueriesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("example queries");

  @Test
  void bothExampleFilesRunAndAgreeOnPlainPostgres() throws SQLException {
    ExampleQueriesCheck.writeRecent(db.database(), Instant.now(), ReadingWriter.Method.COPY);
    ExampleQueriesCheck.runBothFiles(db.jdbcUrl());
  }
}
