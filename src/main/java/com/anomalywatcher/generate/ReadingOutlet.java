package com.anomalywatcher.generate;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingWriter;
import java.time.Clock;
import java.util.List;

/**
 * Where a live generator's readings go: the database ({@link #database}), or an MQTT broker as
 * messages of a fleet of devices ({@link MqttOutlet}). Owned by the generating thread.
 */
public interface ReadingOutlet extends AutoCloseable {
  /** Sends readings; may buffer until {@link #flush}. */
  void write(List<Reading> readings);

  /**
   * Returns once everything written is stored (committed, or acknowledged by the broker).
   *
   * @throws com.anomalywatcher.store.StoreException when the destination is unavailable; the
   *     caller keeps the readings and sends them again (re-sent readings are skipped downstream)
   */
  void flush();

  /** Releases the connection; what was not flushed may be lost. Idempotent. */
  @Override
  void close();

  /** Opens an outlet; called again after a failed one was closed. */
  interface Factory {
    ReadingOutlet open();
  }

  /** The database, through a {@link ReadingWriter} (binary COPY, batched, idempotent). */
  static Factory database(Database db, Clock clock) {
    return () -> {
      ReadingWriter w = ReadingWriter.open(db, clock);
      return new ReadingOutlet() {
        @Override
        public void write(List<Reading> readings) {
          w.writeAll(readings);
        }

        @Override
        public void flush() {
          w.flush();
        }

        @Override
        public void close() {
          w.close();
        }
      };
    };
  }
}
