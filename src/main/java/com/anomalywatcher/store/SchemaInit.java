package com.anomalywatcher.store;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@code db init} did.
 *
 * @param mode the storage mode in use (chosen now, or remembered from an earlier init)
 * @param schemaVersion the newest applied migration, e.g. {@code 1}
 * @param migrationsApplied how many migrations this run applied (0 when already current)
 * @param retentionDays days of readings kept, empty when retention is off
 * @param partitionsDropped old daily partitions dropped now by retention (plain PostgreSQL mode)
 */
public record SchemaInit(
    StorageMode mode,
    String schemaVersion,
    int migrationsApplied,
    OptionalInt retentionDays,
    int partitionsDropped) {

  public SchemaInit {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(retentionDays, "retentionDays");
  }
}
