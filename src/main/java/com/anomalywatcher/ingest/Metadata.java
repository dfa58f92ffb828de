package com.anomalywatcher.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a message said about its sensor beyond the named fields, parsed once: the JSON object's text,
 * as the reading stores it, and its tree, which {@link SensorBook} merges onto the sensor's metadata
 * without parsing the text again. The tree is never changed once made (drafts of one file share one).
 *
 * @param json the object as compact JSON text
 * @param tree the same object
 */
public record Metadata(String json, ObjectNode tree) {
  public Metadata {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(tree, "tree");
  }

  /** The metadata of a parsed object, its text written from it. */
  static Metadata of(ObjectNode tree) {
    return new Metadata(tree.toString(), tree);
  }
}
