package com.anomalywatcher.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.w3c.dom.Document;

/**
 * Writes a chart as PNG (XChart's encoder) or SVG (Apache Batik's SVG generator: XChart's own SVG
 * path needs an LGPL library), chosen by the file's extension; written beside the target and moved
 * into place, so a failed write leaves no half file.
 */
public final class ChartFiles {
  /** The picture formats {@code plot --out} accepts. */
  public enum Format { PNG, SVG }

  private ChartFiles() {}

  /**
   * The format a file name asks for.
   *
   * @throws IllegalArgumentException naming the file when it ends in neither .png nor .svg
   */
  public static Format formatOf(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return Format.PNG;
    }
    if (name.endsWith(".svg")) {
      return Format.SVG;
    }
    throw new IllegalArgumentException("--out must end in .png or .svg, got " + file);
  }

  /** Writes {@code chart} to {@code file} in the format its extension names. */
  public static void write(Chart<?, ?> chart, Path file) {
    Format format = formatOf(file);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        switch (format) {
          case PNG -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
          case SVG -> svg(chart, out);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // the move succeeded or the write already failed with its own message
      }
    }
  }

  /** The chart as PNG bytes (for pages that embed it). */
  public static byte[] png(Chart<?, ?> chart) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a chart as PNG", e);
    }
  }

  private static void svg(Chart<?, ?> chart, OutputStream out) throws IOException {
    Document document;
    try {
      document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML document builder in this JVM", e);
    }
    SVGGraphics2D g = new SVGGraphics2D(document);
    g.setSVGCanvasSize(new java.awt.Dimension(chart.getWidth(), chart.getHeight()));
    chart.paint(g, chart.getWidth(), chart.getHeight());
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    g.stream(writer, true);
    writer.flush();
  }
}
