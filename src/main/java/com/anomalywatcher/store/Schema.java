package com.anomalywatcher.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and migrates the schema ({@code db init}) with Flyway, chooses the storage mode once and
 * remembers it, and applies the retention setting. Stateless; every method takes the database.
 */
public final class Schema {
  private static final String MIGRATIONS = "db/migration";
  /** Flyway's versioned SQL migration names: {@code V<version>__<description>.sql}. */
  private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.*\\.sql");
  private static final String TIMESCALE_AVAILABLE =
      """
      SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'
      """;
  private static final String CREATE_TIMESCALE = "CREATE EXTENSION IF NOT EXISTS timescaledb";
  private static final String TIMESCALE_USABLE =
      """
      SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
          OR current_setting('shared_preload_libraries') ~ '(^|[ ,])timescaledb($|[ ,])'
      """;
  private static final String SETTINGS_EXIST = "SELECT to_regclass('aw_settings') IS NOT NULL";
  private static final String READ_SETTING = "SELECT value FROM aw_settings WHERE name = ?";
  private static final String WRITE_SETTING =
      """
      INSERT INTO aw_settings (name, value) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
      """;
  private static final String DELETE_SETTING = "DELETE FROM aw_settings WHERE name = ?";
  /**
   * The versions whose latest schema history row is a versioned SQL migration that succeeded: a
   * later row for the same version (a failed retry, or the 'DELETE' marker {@code flyway repair}
   * writes for a migration it removed) overrides an earlier success. Flyway's row types are SCHEMA,
   * BASELINE, DELETE, SQL, JDBC, SCRIPT, UNDO_SCRIPT and CUSTOM; this program carries only SQL.
   */
  private static final String APPLIED_VERSIONS =
      """
      SELECT version FROM (
          SELECT DISTINCT ON (version) version, success, type
          FROM flyway_schema_history
          WHERE version IS NOT NULL
          ORDER BY version, installed_rank DESC) latest
      WHERE success AND type = 'SQL'
      """;
  private static final String DROP_PARTITIONS = "SELECT aw_drop_partitions_before(?)";
  private static final String DRAIN_DEFAULT_PARTITION = "SELECT aw_drain_default_partition()";
  private static final String REMOVE_RETENTION_POLICY =
      "SELECT remove_retention_policy('sensors_data', if_exists => true)";
  private static final String ADD_RETENTION_POLICY =
      "SELECT add_retention_policy('sensors_data', make_interval(days => ?))";

  static final String RETENTION_DAYS = "retention_days";
  /** Readings before this instant were dropped by retention (plain PostgreSQL mode). */
  static final String RETENTION_CUTOFF = "retention_cutoff";
  private static final String STORAGE_MODE = "storage_mode";

  private Schema() {}

  /**
   * Creates or migrates the schema; safe to run any number of times.
   *
   * @param requestedMode the mode for a new schema, or empty to use TimescaleDB when the extension
   *     is available and plain PostgreSQL otherwise; ignored when the schema exists already
   * @param retentionDays days of readings to keep (0 turns retention off), or empty to keep the
   *     current setting (off on a new schema)
   * @param clock the wall clock that retention counts back from
   */
  public static SchemaInit init(
      Database db, Optional<StorageMode> requestedMode, OptionalInt retentionDays, Clock clock) {
    if (retentionDays.isPresent() && retentionDays.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "--retention-days must be >= 0 (0 = off), got " + retentionDays.getAsInt());
    }
    Optional<StorageMode> existing = storedMode(db);
    StorageMode mode = existing.orElseGet(() -> chooseMode(db, requestedMode));
    if (mode == StorageMode.TIMESCALEDB && !createTimescale(db)) {
      if (existing.isPresent() || requestedMode.isPresent()) {
        if (!timescalePreloaded(db)) {
          throw new StoreException("the timescaledb extension on " + db.maskedUrl()
              + " is installed but not preloaded: add it to shared_preload_libraries and restart the server");
        }
        execute(db, CREATE_TIMESCALE, "create extension timescaledb"); // fails with the server's reason
      }
      // Installed but unusable (e.g. not in shared_preload_libraries): plain PostgreSQL serves.
      mode = StorageMode.POSTGRES;
    }
    MigrateResult result = migrate(db, mode);
    drainDefaultPartition(db);
    if (retentionDays.isPresent()) {
      storeRetention(db, retentionDays.getAsInt());
    }
    OptionalInt retention = retentionDays(db);
    int dropped = applyRetention(db, mode, retention, clock);
    return new SchemaInit(mode, currentVersion(result), result.migrationsExecuted, retention, dropped);
  }

  /**
   * The storage mode of an initialised database.
   *
   * @throws StoreException telling the user to run {@code db init} when there is no schema
   */
  public static StorageMode mode(Database db) {
    return storedMode(db)
        .orElseThrow(
            () ->
                new StoreException(
                    "database " + db.maskedUrl() + " is not initialised: run 'anomaly-watcher db init'"));
  }

  /**
   * Plain PostgreSQL mode: moves the rows other tools wrote for days without a partition (they wait
   * in the default partition) into their days' partitions, creating them. A no-op in TimescaleDB
   * mode. Run by {@code db init} and whenever a {@link ReadingWriter} opens.
   *
   * @return how many daily partitions it created
   */
  public static int drainDefaultPartition(Database db) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(DRAIN_DEFAULT_PARTITION);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw db.failure("move rows of sensors_data_default into daily partitions", e);
    }
  }

  /** Days of readings kept, empty when retention is off. */
  public static OptionalInt retentionDays(Database db) {
    return setting(db, RETENTION_DAYS).map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
  }

  /**
   * Applies the retention setting at {@code db init}: a TimescaleDB retention policy, or in plain
   * PostgreSQL mode dropping the whole days older than the period.
   *
   * @return the number of daily partitions dropped
   */
  static int applyRetention(Database db, StorageMode mode, OptionalInt retention, Clock clock) {
    if (mode == StorageMode.TIMESCALEDB) {
      execute(db, REMOVE_RETENTION_POLICY, "remove retention policy");
      if (retention.isPresent()) {
        try (Connection c = db.connection();
            PreparedStatement s = c.prepareStatement(ADD_RETENTION_POLICY)) {
          s.setInt(1, retention.getAsInt());
          s.execute();
        } catch (SQLException e) {
          throw db.failure("add retention policy of " + retention.getAsInt() + " days", e);
        }
      }
      return 0;
    }
    return dropExpiredPartitions(db, mode, retention, clock, LocalDate.MAX);
  }

  /**
   * Plain PostgreSQL mode: drops the daily partitions that end before the retention period, but
   * none from {@code keepFrom} on (a writer keeps the days it is writing). A no-op in TimescaleDB
   * mode (its policy does this) or when retention is off. Called by {@code db init}, when a
   * {@link ReadingWriter} opens and when it starts writing a new current day.
   *
   * @return the number of daily partitions dropped
   */
  static int dropExpiredPartitions(
      Database db, StorageMode mode, OptionalInt retention, Clock clock, LocalDate keepFrom) {
    if (mode != StorageMode.POSTGRES || retention.isEmpty()) {
      return 0;
    }
    LocalDate cutoff =
        clock.instant().minus(java.time.Duration.ofDays(retention.getAsInt())).atZone(ZoneOffset.UTC).toLocalDate();
    if (keepFrom.isBefore(cutoff)) {
      cutoff = keepFrom;
    }
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement drop = c.prepareStatement(DROP_PARTITIONS);
          PreparedStatement remember = c.prepareStatement(WRITE_SETTING)) {
        drop.setObject(1, cutoff);
        int dropped;
        try (ResultSet rs = drop.executeQuery()) {
          rs.next();
          dropped = rs.getInt(1);
        }
        // Labels of readings that are gone go too, now and whenever episodes are written later.
        remember.setString(1, RETENTION_CUTOFF);
        remember.setString(2, cutoff.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        remember.executeUpdate();
        try (Statement prune = c.createStatement()) {
          prune.executeUpdate(LabelTable.ANOMALIES.pruneExpired);
          prune.executeUpdate(LabelTable.BENIGN.pruneExpired);
        }
        c.commit();
        return dropped;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw db.failure("drop sensors_data partitions before " + cutoff, e);
    }
  }

  private static StorageMode chooseMode(Database db, Optional<StorageMode> requested) {
    if (requested.isPresent()) {
      if (requested.get() == StorageMode.TIMESCALEDB && !timescaleAvailable(db)) {
        throw new StoreException("the timescaledb extension is not available on " + db.maskedUrl());
      }
      return requested.get();
    }
    return timescaleAvailable(db) ? StorageMode.TIMESCALEDB : StorageMode.POSTGRES;
  }

  /**
   * Creates the extension if needed; false when the server refuses (not preloaded...). An
   * extension that is installed but not in {@code shared_preload_libraries} is not even tried: the
   * server would end the session, and the pool would report a broken connection.
   */
  private static boolean createTimescale(Database db) {
    if (!timescalePreloaded(db)) {
      return false;
    }
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute(CREATE_TIMESCALE);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean timescalePreloaded(Database db) {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(TIMESCALE_USABLE)) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      throw db.failure("read shared_preload_libraries", e);
    }
  }

  private static boolean timescaleAvailable(Database db) {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(TIMESCALE_AVAILABLE)) {
      rs.next();
      return rs.getLong(1) > 0;
    } catch (SQLException e) {
      throw db.failure("look for the timescaledb extension", e);
    }
  }

  /**
   * The precondition of every command but {@code db init}: the schema exists and has every
   * migration this program carries.
   *
   * @return the storage mode
   * @throws StoreException telling the user to run {@code db init} otherwise
   */
  public static StorageMode requireCurrent(Database db) {
    StorageMode mode = mode(db);
    if (appliesAll(db)) {
      return mode;
    }
    MigrationInfo[] pending;
    try {
      pending = withFlyway(db, mode, flyway -> flyway.info().pending());
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot read the schema version of " + db.maskedUrl() + ": " + db.reason(e), e);
    }
    if (pending.length > 0) {
      throw new StoreException("database " + db.maskedUrl() + " misses schema migration "
          + pending[0].getVersion() + (pending.length > 1 ? " and " + (pending.length - 1) + " more" : "")
          + ": run 'anomaly-watcher db init'");
    }
    return mode;
  }

  /**
   * Whether the schema history's latest row for every migration this program carries is that
   * migration applied successfully: then Flyway would find none pending, and every command's start
   * is spared loading and configuring it (about half of {@code sample}'s JVM time before its first
   * row, docs/PERFORMANCE.md). False whenever it cannot tell (no history table, migrations not
   * found as a directory or in a jar): {@link #requireCurrent} then asks Flyway, which also words
   * the error.
   */
  static boolean appliesAll(Database db) {
    Set<String> carried = carriedVersions();
    if (carried.isEmpty()) {
      return false;
    }
    Set<String> applied = new HashSet<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(APPLIED_VERSIONS)) {
      while (rs.next()) {
        applied.add(rs.getString(1));
      }
    } catch (SQLException e) {
      return false;
    }
    return applied.containsAll(carried);
  }

  /** The versions of the migrations on the class path ({@code V1_2__name.sql} is 1.2), or none. */
  private static Set<String> carriedVersions() {
    Set<String> versions = new HashSet<>();
    try {
      URL url = Schema.class.getClassLoader().getResource(MIGRATIONS);
      if (url == null) {
        return Set.of();
      }
      List<String> names = new ArrayList<>();
      if (url.getProtocol().equals("jar")) {
        JarURLConnection jar = (JarURLConnection) url.openConnection();
        jar.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
          file.stream().map(JarEntry::getName).filter(n -> n.startsWith(MIGRATIONS + "/"))
              .forEach(n -> names.add(n.substring(MIGRATIONS.length() + 1)));
        }
      } else if (url.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          files.forEach(f -> names.add(f.getFileName().toString()));
        }
      } else {
        return Set.of();
      }
      for (String name : names) {
        Matcher m = VERSIONED.matcher(name);
        if (m.matches()) {
          versions.add(m.group(1).replace('_', '.'));
        } else if (!name.isEmpty()) {
          return Set.of(); // a kind of migration this check does not know: Flyway decides
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Set.of();
    }
    return versions;
  }

  /**
   * Runs a Flyway action on its own connections (not the pool: Flyway holds two at once, and the
   * pool may have one).
   */
  private static <T> T withFlyway(Database db, StorageMode mode, Function<Flyway, T> action) {
    return action.apply(configure(mode).dataSource(db.jdbcUrl(), null, null).load());
  }

  private static FluentConfiguration configure(StorageMode mode) {
    return Flyway.configure()
        .locations("classpath:" + MIGRATIONS)
        .placeholders(Map.of("aw_mode", mode.dbName()))
        // Store and watcher number their migrations independently (store V1..V4, watcher V5..): a
        // database that got a later number first still receives an earlier one added since.
        .outOfOrder(true)
        // A session lock instead of a lock transaction held open beside the migration, whose
        // second connection a pool-size-one setup cannot have.
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
  }

  private static MigrateResult migrate(Database db, StorageMode mode) {
    try {
      return withFlyway(db, mode, Flyway::migrate);
    } catch (FlywayException e) {
      throw new StoreException(
          "schema migration failed on " + db.maskedUrl() + ": " + db.reason(e), e);
    }
  }

  private static String currentVersion(MigrateResult result) {
    if (result.targetSchemaVersion != null) {
      return result.targetSchemaVersion;
    }
    return result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion;
  }

  private static Optional<StorageMode> storedMode(Database db) {
    return setting(db, STORAGE_MODE).map(StorageMode::parse);
  }

  private static Optional<String> setting(Database db, String name) {
    try (Connection c = db.connection()) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(SETTINGS_EXIST)) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Optional.empty();
        }
      }
      try (PreparedStatement s = c.prepareStatement(READ_SETTING)) {
        s.setString(1, name);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    } catch (SQLException e) {
      throw db.failure("read setting " + name + " from aw_settings", e);
    }
  }

  private static void storeRetention(Database db, int days) {
    if (days == 0) {
      execute(db, "DELETE FROM aw_settings WHERE name = '" + RETENTION_CUTOFF + "'", "turn retention off");
    }
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(days == 0 ? DELETE_SETTING : WRITE_SETTING)) {
      s.setString(1, RETENTION_DAYS);
      if (days != 0) {
        s.setString(2, Integer.toString(days));
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw db.failure("store retention_days in aw_settings", e);
    }
  }

  private static void execute(Database db, String sql, String action) {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw db.failure(action, e);
    }
  }
}
