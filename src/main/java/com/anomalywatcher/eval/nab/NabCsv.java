package com.anomalywatcher.eval.nab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes NAB's CSV files: a header row, then {@code timestamp,<number>} rows. LF and CRLF
 * line endings and a missing final newline are all accepted.
 */
public final class NabCsv {
  private NabCsv() {}

  /**
   * Reads the {@code timestamp} column and the named number column of one CSV file.
   *
   * @throws NabFormatException when the file cannot be read or a row is malformed (the message names
   *     the file and line)
   */
  public static NabSeries read(Path file, String relativePath, String column) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new NabFormatException(file + ": empty file, expected a header with timestamp," + column);
      }
      List<String> names = List.of(header.strip().replace("\uFEFF", "").split(","));
      int tsCol = names.indexOf("timestamp");
      int valueCol = names.indexOf(column);
      if (tsCol < 0 || valueCol < 0) {
        throw new NabFormatException(file + ": header must have columns timestamp and " + column + ", got " + header);
      }
      List<String> timestamps = new ArrayList<>();
      double[] values = new double[1024];
      int n = 0;
      int lineNo = 1;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length <= Math.max(tsCol, valueCol)) {
          throw new NabFormatException(file + " line " + lineNo + ": expected " + names.size() + " columns, got " + line);
        }
        if (n == values.length) {
          values = java.util.Arrays.copyOf(values, n * 2);
        }
        values[n++] = parseNumber(cells[valueCol].strip(), file, lineNo);
        timestamps.add(cells[tsCol].strip());
      }
      return new NabSeries(relativePath, timestamps.toArray(String[]::new), java.util.Arrays.copyOf(values, n));
    } catch (IOException e) {
      throw new NabFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static double parseNumber(String cell, Path file, int lineNo) {
    try {
      double value = Double.parseDouble(cell);
      if (!Double.isFinite(value)) {
        throw new NabFormatException(file + " line " + lineNo + ": not a finite number: '" + cell + "'");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new NabFormatException(file + " line " + lineNo + ": not a number: '" + cell + "'", e);
    }
  }

  /**
   * Writes one detector result file in NAB's results layout: {@code timestamp,value,anomaly_score}.
   */
  public static void writeScores(Path file, NabSeries data, double[] scores) {
    if (scores.length != data.size()) {
      throw new IllegalArgumentException(data.relativePath() + ": " + scores.length + " scores for " + data.size() + " rows");
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("timestamp,value,anomaly_score\n");
        StringBuilder row = new StringBuilder(64);
        for (int i = 0; i < scores.length; i++) {
          row.setLength(0);
          row.append(data.timestamp(i)).append(',').append(data.value(i)).append(',').append(scores[i]).append('\n');
          out.append(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
