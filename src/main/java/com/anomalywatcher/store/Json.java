package com.anomalywatcher.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** JSON for jsonb columns the store fills from records (episode parameters). Thread-safe. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<TreeMap<String, Double>> DOUBLES = new TypeReference<>() {};

  private Json() {}

  static String write(Map<String, Double> values) {
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (e.getValue() == null || !Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " must be a finite number, got " + e.getValue());
      }
    }
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(values));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write parameters " + values, e);
    }
  }

  static Map<String, Double> readDoubles(String json) {
    try {
      return MAPPER.readValue(json, DOUBLES);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored parameters are not a JSON object of numbers: " + json, e);
    }
  }
}
