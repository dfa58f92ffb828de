package com.anomalywatcher.store;

import java.util.Locale;

/** How {@code sensors_data} is stored; chosen by {@code db init} and remembered in {@code aw_settings}. */
public enum StorageMode {
  /** Plain PostgreSQL: daily range partitions created ahead of the data, retention drops them. */
  POSTGRES,
  /** TimescaleDB: hypertable with 1-day chunks, compression and retention policies. */
  TIMESCALEDB;

  /** The name stored in {@code aw_settings} and printed by {@code db init}. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The name a person reads in {@code db init} and {@code db status}, as the README says it. */
  public String shownName() {
    return this == TIMESCALEDB ? "TimescaleDB" : "plain PostgreSQL";
  }

  static StorageMode parse(String text) {
    for (StorageMode m : values()) {
      if (m.dbName().equalsIgnoreCase(text)) {
        return m;
      }
    }
    throw new StoreException("unknown storage_mode '" + text + "' in aw_settings");
  }
}
