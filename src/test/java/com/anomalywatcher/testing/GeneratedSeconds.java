package com.anomalywatcher.testing;

/**
 * What a live generator run of the default set left in the database, second by second, for tests of
 * issue 9's promise (an outage loses nothing): every second of the run of every generated sensor holds
 * a reading, or the realistic world chose to send none there and labelled it (a {@code dropout} in
 * {@code benign_events}, or an {@code offline} episode the simulator made in {@code anomaly_events}).
 * A sensor offline for the whole run (an episode already under way at the first tick) has no
 * readings at all and is still accounted for; labels the store makes for lost readings (source
 * {@code outage}) or a crashed generator ({@code stopped}) do not count. The run is the fleet's first
 * to last stored second, so the queries assume an interval of 1 s.
 */
public final class GeneratedSeconds {
  private GeneratedSeconds() {}

  private static final String MISSING = """
      WITH generated AS (SELECT sensor_id FROM sensors WHERE sensor_set = 'default'),
           run AS (SELECT min(timestamp) lo, max(timestamp) hi FROM sensors_data
                   WHERE sensor_id IN (SELECT sensor_id FROM generated)),
           second AS (SELECT g.sensor_id, t FROM generated g, run, generate_series(run.lo, run.hi, interval '1 second') t),
           missing AS (SELECT s.sensor_id, s.t,
                              EXISTS (SELECT 1 FROM anomaly_events a WHERE a.sensor_id = s.sensor_id AND a.kind = 'offline'
                                      AND a.source IN ('random', 'forced', 'demo') AND s.t >= a.start_time AND s.t < a.end_time)
                              OR EXISTS (SELECT 1 FROM benign_events b WHERE b.sensor_id = s.sensor_id AND b.kind = 'dropout'
                                      AND s.t >= b.start_time AND s.t < b.end_time) AS labelled
                       FROM second s
                       WHERE NOT EXISTS (SELECT 1 FROM sensors_data d WHERE d.sensor_id = s.sensor_id AND d.timestamp = s.t))
      """;

  /**
   * {@code unlabelled|missing|sensor-seconds}: the seconds of the run without a reading and without a
   * label covering them, all seconds without a reading, and sensors × seconds of the run.
   */
  public static final String UNLABELLED_MISSING = MISSING + """
      SELECT (SELECT count(*) FROM missing WHERE NOT labelled) || '|' || (SELECT count(*) FROM missing)
             || '|' || (SELECT count(*) FROM second)""";

  /**
   * One line per generated sensor, for failure messages: its readings, first and last, its seconds
   * without a reading (unlabelled of them), and its offline episodes.
   */
  public static final String PER_SENSOR = MISSING + """
      SELECT string_agg(line, E'\\n' ORDER BY line) FROM (
        SELECT g.sensor_id || ': ' || (SELECT count(*) FROM sensors_data d WHERE d.sensor_id = g.sensor_id) || ' readings '
               || coalesce((SELECT min(timestamp) || '..' || max(timestamp) FROM sensors_data d WHERE d.sensor_id = g.sensor_id), '-')
               || ', ' || (SELECT count(*) FROM missing m WHERE m.sensor_id = g.sensor_id) || ' s missing ('
               || (SELECT count(*) FROM missing m WHERE m.sensor_id = g.sensor_id AND NOT labelled) || ' unlabelled)'
               || coalesce(', offline ' || (SELECT string_agg(a.source || ' ' || a.start_time || '..' || a.end_time, ', ')
                                            FROM anomaly_events a WHERE a.sensor_id = g.sensor_id AND a.kind = 'offline'), '') line
        FROM generated g) lines""";
}
