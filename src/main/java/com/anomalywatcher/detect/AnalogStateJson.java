package com.anomalywatcher.detect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an {@link AnalogCheck.State}: one object with the analog check's own parts and,
 * beside them, each plugged check's state under its registered name ({@link PluggedChecks}), so
 * models saved before the checks were plugged in read as they are. A name no check is registered
 * under is skipped, as any unknown property of a model.
 */
final class AnalogStateJson {
  private AnalogStateJson() {}

  static final class Writer extends StdSerializer<AnalogCheck.State> {
    Writer() {
      super(AnalogCheck.State.class);
    }

    @Override
    public void serialize(AnalogCheck.State s, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      p.defaultSerializeField("residuals", s.residuals(), g);
      p.defaultSerializeField("steadyResiduals", s.steadyResiduals(), g);
      g.writeNumberField("nominalOn", s.nominalOn());
      g.writeNumberField("nominalCount", s.nominalCount());
      g.writeNumberField("intervalSeconds", s.intervalSeconds());
      p.defaultSerializeField("levels", s.levels(), g);
      p.defaultSerializeField("frozen", s.frozen(), g);
      for (Map.Entry<String, Object> e : s.checks().entrySet()) {
        p.defaultSerializeField(e.getKey(), e.getValue(), g);
      }
      g.writeEndObject();
    }
  }

  static final class Reader extends StdDeserializer<AnalogCheck.State> {
    Reader() {
      super(AnalogCheck.State.class);
    }

    @Override
    public AnalogCheck.State deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      ToleranceProfile.State residuals = null;
      ToleranceProfile.State steadyResiduals = null;
      double nominalOn = 0;
      long nominalCount = 0;
      double intervalSeconds = 0;
      LevelProfile.State levels = null;
      FrozenCheck.State frozen = null;
      Map<String, Object> checks = new LinkedHashMap<>();
      JsonToken t = p.currentToken() == JsonToken.START_OBJECT ? p.nextToken() : p.currentToken();
      for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "residuals" -> residuals = read(p, ctxt, value, ToleranceProfile.State.class);
          case "steadyResiduals" -> steadyResiduals = read(p, ctxt, value, ToleranceProfile.State.class);
          case "nominalOn" -> nominalOn = p.getValueAsDouble();
          case "nominalCount" -> nominalCount = p.getValueAsLong();
          case "intervalSeconds" -> intervalSeconds = p.getValueAsDouble();
          case "levels" -> levels = read(p, ctxt, value, LevelProfile.State.class);
          case "frozen" -> frozen = read(p, ctxt, value, FrozenCheck.State.class);
          default -> {
            PluggedChecks.Plug<?> plug = PluggedChecks.named(name);
            Object state = plug == null ? skip(p) : read(p, ctxt, value, plug.stateType());
            if (state != null) {
              checks.put(name, state);
            }
          }
        }
      }
      return new AnalogCheck.State(residuals, steadyResiduals, nominalOn, nominalCount, intervalSeconds, levels,
          frozen, checks);
    }

    private static <T> T read(JsonParser p, DeserializationContext ctxt, JsonToken value, Class<T> type)
        throws IOException {
      return value == JsonToken.VALUE_NULL ? null : ctxt.readValue(p, type);
    }

    private static Object skip(JsonParser p) throws IOException {
      p.skipChildren();
      return null;
    }
  }
}
