package com.anomalywatcher.eval.nab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads NAB's {@code combined_windows.json}: file path relative to {@code data/} -> windows. */
public final class NabLabels {
  private NabLabels() {}

  /**
   * Parses a windows file.
   *
   * @throws NabFormatException when it is not a JSON object of lists of [start, end] pairs
   */
  public static Map<String, List<NabWindow>> readWindows(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new NabFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parseWindows(text, file.toString());
  }

  static Map<String, List<NabWindow>> parseWindows(String json, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new NabFormatException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new NabFormatException(source + ": expected a JSON object of file -> [[start, end], ...]");
    }
    Map<String, List<NabWindow>> windows = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      windows.put(entry.getKey().replace('\\', '/'), parseList(entry.getValue(), source, entry.getKey()));
    }
    return windows;
  }

  private static List<NabWindow> parseList(JsonNode list, String source, String key) {
    if (!list.isArray()) {
      throw new NabFormatException(source + ": " + key + " must map to a list of [start, end], got " + list);
    }
    List<NabWindow> result = new ArrayList<>();
    for (JsonNode pair : list) {
      if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
        throw new NabFormatException(source + ": " + key + " has a window that is not [start, end]: " + pair);
      }
      result.add(NabWindow.ofLabels(pair.get(0).asText(), pair.get(1).asText()));
    }
    return List.copyOf(result);
  }
}
