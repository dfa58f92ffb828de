package com.anomalywatcher.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows printed as an aligned table (for people: headers in words, values with units), as CSV or as
 * JSON (for programs: the column keys and the plain values). Each cell holds both: the value a
 * program gets and the text a person sees. Filled and printed by one thread.
 */
final class Table {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param key the CSV header and JSON field
   * @param header the table header a person reads; null for a column only programs get (CSV, JSON)
   * @param rightAligned numbers are right-aligned in the table
   */
  record Column(String key, String header, boolean rightAligned) {
    static Column left(String key, String header) {
      return new Column(key, header, false);
    }

    static Column right(String key, String header) {
      return new Column(key, header, true);
    }

    /**
     * A column only in CSV and JSON: what the table already shows in words in another column (a
     * unit beside its value), or the same figure in another unit for programs.
     */
    static Column forPrograms(String key) {
      return new Column(key, null, false);
    }

    boolean inTable() {
      return header != null;
    }
  }

  /** A cell: {@code value} for programs (String, Number, Boolean or null), {@code shown} for people. */
  record Cell(Object value, String shown) {
    Cell {
      Objects.requireNonNull(shown, "shown");
    }
  }

  private final List<Column> columns;
  private final List<List<Cell>> rows = new ArrayList<>();

  Table(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** A cell shown differently from its value, e.g. {@code 27.9} shown as {@code 27.90 µg/m³}. */
  static Cell cell(Object value, String shown) {
    return new Cell(value, shown);
  }

  /** Adds a row; each argument is a {@link Cell} or a plain value shown as itself ({@code null} as "-"). */
  Table add(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + columns.size() + " columns");
    }
    List<Cell> row = new ArrayList<>(cells.length);
    for (Object c : cells) {
      row.add(c instanceof Cell cell ? cell : new Cell(c, c == null ? "-" : String.valueOf(c)));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  int size() {
    return rows.size();
  }

  /** Prints every row in the format; the caller flushes. */
  void print(PrintWriter out, OutputFormat.Kind format) {
    switch (format) {
      case TABLE -> printTable(out);
      case CSV -> printCsv(out);
      case JSON -> out.println(json());
    }
  }

  private void printTable(PrintWriter out) {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).inTable()) {
        shown.add(i);
      }
    }
    int[] widths = new int[shown.size()];
    for (int j = 0; j < widths.length; j++) {
      int i = shown.get(j);
      widths[j] = columns.get(i).header().length();
      for (List<Cell> row : rows) {
        widths[j] = Math.max(widths[j], row.get(i).shown().length());
      }
    }
    out.println(line(shown.stream().map(i -> columns.get(i).header()).toList(), shown, widths));
    for (List<Cell> row : rows) {
      out.println(line(shown.stream().map(i -> row.get(i).shown()).toList(), shown, widths));
    }
  }

  private String line(List<String> texts, List<Integer> shown, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      boolean last = i == texts.size() - 1;
      String pad = " ".repeat(widths[i] - t.length());
      if (columns.get(shown.get(i)).rightAligned()) {
        b.append(pad).append(t);
      } else {
        b.append(t).append(last ? "" : pad);
      }
      if (!last) {
        b.append("  ");
      }
    }
    return b.toString().stripTrailing();
  }

  private void printCsv(PrintWriter out) {
    out.println(String.join(",", columns.stream().map(c -> csv(c.key())).toList()));
    for (List<Cell> row : rows) {
      out.println(String.join(",", row.stream().map(c -> c.value() == null ? "" : csv(String.valueOf(c.value()))).toList()));
    }
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
  static String csv(String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /** The rows as a JSON array of objects keyed by column key. */
  String json() {
    List<Map<String, Object>> objects = new ArrayList<>(rows.size());
    for (List<Cell> row : rows) {
      objects.add(object(row));
    }
    return write(objects);
  }

  /** One row as a JSON object (for streaming JSON lines). */
  String jsonLine(int index) {
    return write(object(rows.get(index)));
  }

  private Map<String, Object> object(List<Cell> row) {
    Map<String, Object> o = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      o.put(columns.get(i).key(), row.get(i).value());
    }
    return o;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("write JSON", e);
    }
  }
}
