package com.anomalywatcher.ingest;

import com.anomalywatcher.store.RejectStore.Identity;
import com.anomalywatcher.store.RejectStore.Reject;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * {@code import csv}: files of readings in the long layout or NAB's, through an {@link Ingestor}.
 * By default every file is checked first and nothing is written when any line is bad; with
 * {@code skipBad} the good rows are stored and every bad line goes to {@code ingest_rejects} and to
 * the report. Owned by one thread.
 */
public final class CsvImport {
  /** Rows per commit. */
  static final int COMMIT_ROWS = 50_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What the command line says about the sensor(s); every field but {@code zone} may be null.
   *
   * @param sensorId the sensor of a NAB-layout file (required there)
   * @param zone applies to timestamps without an offset
   */
  public record Options(String sensorId, String category, String type, String unit, String location, ZoneId zone,
      boolean skipBad) {
    public Options {
      Objects.requireNonNull(zone, "zone");
    }
  }

  /** A line that could not become a reading. */
  public record BadLine(Path file, long line, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  /**
   * What an import did.
   *
   * @param rows rows committed (before a stop, when {@code stopped})
   * @param ambiguousTimes rows whose local time happens twice in the zone (autumn clock change), read at the
   *     earlier offset
   * @param stopped whether a stop request ended the import early (everything counted is committed)
   */
  public record Result(long rows, long stored, int newSensors, List<BadLine> badLines, long ambiguousTimes,
      boolean stopped) {
    public Result {
      badLines = List.copyOf(badLines);
    }
  }

  /**
   * Thrown (nothing written) when a file has a bad line and bad lines are not skipped, or when a
   * file cannot be read as readings at all (no usable header, a NAB file without a sensor id),
   * which skipping lines would not mend.
   */
  public static final class BadFile extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient BadLine first;

    BadFile(BadLine first, boolean skippable) {
      super(first + (skippable ? " (nothing was imported; --skip-bad stores the good rows)" : " (nothing was imported)"),
          null, false, false);
      this.first = first;
    }

    public BadLine first() {
      return first;
    }
  }

  private final Options options;
  private final Clock clock;

  public CsvImport(Options options, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks the files without writing; returns every bad line.
   *
   * @param progress called with the bytes read so far
   */
  public List<BadLine> check(List<Path> files, LongConsumer progress) {
    return check(files, progress, () -> false);
  }

  /** As above, ending early once {@code stop} is true (polled before each line). */
  private List<BadLine> check(List<Path> files, LongConsumer progress, BooleanSupplier stop) {
    List<BadLine> bad = new ArrayList<>();
    long[] bytes = {0};
    for (Path f : files) {
      read(f, null, bad, bytes, progress, stop);
    }
    return bad;
  }

  /**
   * Imports the files. Without {@code skipBad} it first checks them all and writes nothing when
   * one has a bad line.
   *
   * @param progress called with the bytes read so far (by the import pass)
   * @throws BadFile naming the first bad line, when not skipping bad lines
   */
  public Result run(List<Path> files, Ingestor ingestor, LongConsumer progress) throws BadFile {
    return run(files, ingestor, progress, () -> false);
  }

  /**
   * As above, ending early once {@code stop} is true (polled before each line): the rows read before
   * it are committed, and the result says it stopped. Importing the same files again stores the
   * rest (rows already stored are skipped).
   */
  public Result run(List<Path> files, Ingestor ingestor, LongConsumer progress, BooleanSupplier stop)
      throws BadFile {
    // A file with no usable header is refused even with skipBad: it has no good rows to keep, and
    // an import that exits 0 having stored nothing of it reads as a success.
    List<BadLine> unusable = unusableFiles(files);
    if (!unusable.isEmpty()) {
      throw new BadFile(unusable.get(0), false);
    }
    if (!options.skipBad()) {
      List<BadLine> bad = check(files, b -> { }, stop);
      if (stop.getAsBoolean()) {
        return new Result(0, 0, 0, List.of(), 0, true);
      }
      if (!bad.isEmpty()) {
        throw new BadFile(bad.get(0), true);
      }
    }
    List<BadLine> bad = new ArrayList<>();
    long[] bytes = {0};
    Totals totals = new Totals();
    for (Path f : files) {
      read(f, new Sink(ingestor, totals), bad, bytes, progress, stop);
    }
    totals.add(ingestor.commit());
    return new Result(totals.rows, totals.stored, totals.sensors, bad, totals.ambiguous, stop.getAsBoolean());
  }

  private static final class Totals {
    long rows;
    long stored;
    int sensors;
    long ambiguous;

    void add(Ingestor.Committed c) {
      rows += c.readings();
      stored += c.stored();
      sensors += c.newSensors();
    }
  }

  private record Sink(Ingestor ingestor, Totals totals) {
    void add(Draft d) {
      ingestor.add(d);
      if (ingestor.pending() >= COMMIT_ROWS) {
        totals.add(ingestor.commit());
      }
    }
  }

  /** The files whose header (line 1) gives no layout to read them by. */
  private List<BadLine> unusableFiles(List<Path> files) {
    List<BadLine> unusable = new ArrayList<>();
    for (Path f : files) {
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        layout(in.readLine());
      } catch (InvalidField e) {
        unusable.add(new BadLine(f, 1, e.getMessage()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    return unusable;
  }

  /** The layout a header line names. */
  private CsvLayout layout(String header) throws InvalidField {
    if (header == null) {
      throw new InvalidField("empty file: no header line");
    }
    CsvLayout layout = CsvLayout.of(CsvLayout.split(stripBom(header)));
    if (layout.isNab() && options.sensorId() == null) {
      throw new InvalidField("a file without a sensor_id column (NAB layout) needs --sensor-id");
    }
    // Its rows name their own sensors: the given id would be dropped without a word, and the user
    // who meant to store this file as that sensor would find it under other ids.
    if (!layout.isNab() && options.sensorId() != null) {
      throw new InvalidField("--sensor-id '" + Fields.shorten(options.sensorId()) + "' is only for NAB-layout files"
          + " (timestamp,value), and this file has a sensor_id column that names each row's sensor");
    }
    return layout;
  }

  private void read(Path file, Sink sink, List<BadLine> bad, long[] bytes, LongConsumer progress,
      BooleanSupplier stop) {
    Instant receivedAt = clock.instant();
    Metadata metadata = metadata();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      CsvLayout layout;
      try {
        layout = layout(header);
      } catch (InvalidField e) {
        bad.add(new BadLine(file, 1, e.getMessage()));
        return;
      }
      bytes[0] += header.length() + 1;
      String line;
      long n = 1;
      while (!stop.getAsBoolean() && (line = in.readLine()) != null) {
        n++;
        bytes[0] += line.length() + 1;
        if ((n & 0xFFF) == 0) {
          progress.accept(bytes[0]);
        }
        if (line.isBlank()) {
          continue;
        }
        Arrival a = new Arrival("csv", file + ":" + n, options.sensorId(), line, receivedAt, Identity.FILE_LINE);
        try {
          Draft d = draft(layout, a, metadata, sink);
          if (sink != null) {
            sink.add(d);
          }
        } catch (InvalidField e) {
          bad.add(new BadLine(file, n, e.getMessage()));
          if (sink != null) {
            sink.ingestor().reject(
                new Reject(receivedAt, "csv", file + ":" + n, line, e.getMessage(), Identity.FILE_LINE));
          }
        }
      }
      progress.accept(bytes[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Draft draft(CsvLayout layout, Arrival a, Metadata metadata, Sink sink) throws InvalidField {
    List<String> cells = CsvLayout.split(a.payload());
    if (cells.size() < layout.columns()) {
      throw new InvalidField("expected " + layout.columns() + " columns, got " + cells.size());
    }
    String id = layout.isNab() ? options.sensorId() : Fields.sensorId(cells.get(layout.sensorId()));
    Fields.Timestamp at = Fields.timestamp(cells.get(layout.timestamp()), options.zone(), a.receivedAt());
    if (sink != null && at.ambiguousIn(options.zone())) {
      sink.totals().ambiguous++;
    }
    double value = Fields.value(cells.get(layout.value()));
    return new Draft(a, id, at.at(), value, cell(cells, layout.category(), options.category()),
        cell(cells, layout.type(), options.type()), cell(cells, layout.unit(), options.unit()),
        cell(cells, layout.location(), options.location()), metadata);
  }

  private static String cell(List<String> cells, int index, String fallback) {
    if (index < 0) {
      return fallback;
    }
    String s = cells.get(index).strip();
    return s.isEmpty() ? fallback : s;
  }

  /** The metadata of a new sensor: the time zone when one was given. */
  private Metadata metadata() {
    if (options.zone().normalized().equals(java.time.ZoneOffset.UTC)) {
      return null;
    }
    return Metadata.of(MAPPER.createObjectNode().put("timezone", options.zone().getId()));
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** Every bad line, as the report prints them. */
  public static List<String> describe(List<BadLine> bad) {
    List<String> out = new ArrayList<>();
    for (BadLine b : bad) {
      out.add(b.toString());
    }
    return out;
  }

}
