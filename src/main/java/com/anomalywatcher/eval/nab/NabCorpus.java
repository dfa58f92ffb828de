package com.anomalywatcher.eval.nab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds and reads the CSV files of a folder laid out like NAB's {@code data/} (category subfolders). */
final class NabCorpus {
  private NabCorpus() {}

  /**
   * Relative paths ({@code category/name.csv}) of every CSV file in the folder's subfolders, plus any
   * at its root, sorted; the order is the same on every machine.
   */
  public static List<String> list(Path root) {
    if (!Files.isDirectory(root)) {
      throw new NabFormatException(root + " is not a directory");
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      List<String> paths = new ArrayList<>();
      files
          .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
          .forEach(p -> paths.add(root.relativize(p).toString().replace('\\', '/')));
      paths.sort(null);
      return List.copyOf(paths);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Reads one data file's {@code timestamp,value} rows. */
  public static NabSeries readData(Path root, String relativePath) {
    return NabCsv.read(root.resolve(relativePath), relativePath, "value");
  }
}
