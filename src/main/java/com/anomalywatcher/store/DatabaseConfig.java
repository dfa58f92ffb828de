package com.anomalywatcher.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Which database a command uses: an explicit URL ({@code --db-url} / {@code AW_DB_URL}), or else
 * the embedded server at {@code embedded} (started on first use, left running).
 *
 * @param url a JDBC URL or {@code postgresql://user:password@host:port/db}; empty for embedded
 */
public record DatabaseConfig(Optional<String> url, EmbeddedServer.Location embedded) {
  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(embedded, "embedded");
    url = url.filter(u -> !u.isBlank()).map(JdbcUrls::toJdbc);
  }

  /** Whether the embedded server is used. */
  public boolean isEmbedded() {
    return url.isEmpty();
  }

  /** Where the data goes, password masked: the URL, or the embedded server's directory and port. */
  public String describe() {
    return url.map(JdbcUrls::mask)
        .orElse("embedded PostgreSQL in " + embedded.dataDir() + " on port " + embedded.port());
  }

  /** A name of this database for things kept per database: {@link JdbcUrls#directoryName}. */
  public String directoryName() {
    return JdbcUrls.directoryName(url.orElseGet(embedded::jdbcUrl));
  }

  /**
   * Opens a pool on the database, starting the embedded server first when it is used and not
   * running. The caller closes the result.
   *
   * @throws StoreException with one line naming the masked URL when it cannot be reached
   */
  public Database open(int poolSize) {
    if (url.isPresent()) {
      return Database.connect(url.get(), poolSize);
    }
    EmbeddedServer.ensureRunning(embedded);
    return Database.connect(embedded.jdbcUrl(), poolSize);
  }

  /** {@link #open(int)} with {@link Database#DEFAULT_POOL_SIZE}. */
  public Database open() {
    return open(Database.DEFAULT_POOL_SIZE);
  }
}
