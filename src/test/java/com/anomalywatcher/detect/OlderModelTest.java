package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models saved by main at 5a150f9, before the analog checks were plugged in ({@link PluggedChecks}),
 * still load whole: every part the file holds for the sensor comes back in the restored detector's
 * state, under the same JSON property, with the same values (checks registered since, such as
 * {@link BurstLookAlike}, add fresh parts of their own); and a detector restored from such a
 * file scores like one restored from the file saved again by this build. (That it scores exactly
 * as 5a150f9 did was checked when the plug-ins landed; pinning those scores here would fail on
 * every later detector change.)
 */
class OlderModelTest {
  @TempDir Path tmp;

  static Stream<Arguments> sensors() {
    return Stream.of(
        Arguments.of(SensorKind.OVEN_TEMPERATURE.description(), "oven-old-000001"),
        Arguments.of(SensorKind.HEATER_TEMPERATURE.description(), "heater-old-000002"),
        Arguments.of(SensorKind.FAN_SPEED.description(), "fan-old-000003"),
        Arguments.of(SensorKind.PARTICULATE_MATTER.description(), "pm-old-000004"));
  }

  @ParameterizedTest
  @MethodSource("sensors")
  void everyPartOfTheSavedAnalogStateComesBack(SensorDescription sensor, String id) throws Exception {
    ObjectMapper mapper = ModelRepository.mapper();
    SensorDetector loaded = SensorDetector.restore(ModelRepository.at(dir()).load(id).orElseThrow());

    ObjectNode saved = (ObjectNode) savedState(id).get("analog");
    List<String> absent = new ArrayList<>();
    saved.fields().forEachRemaining(f -> {
      PluggedChecks.Plug<?> plug = PluggedChecks.named(f.getKey());
      if (f.getValue().isNull() || (plug != null && !plug.fits().test(sensor))) {
        absent.add(f.getKey());
      }
    });
    saved.remove(absent);
    ObjectNode restored = (ObjectNode) mapper.readTree(mapper.writeValueAsBytes(loaded.state().analog()));
    // checks registered after 5a150f9 (none in the file) start fresh: only their parts are new
    List<String> added = new ArrayList<>();
    restored.fieldNames().forEachRemaining(name -> {
      if (!saved.has(name)) {
        added.add(name);
      }
    });
    assertThat(added).allSatisfy(name -> assertThat(PluggedChecks.named(name)).as(name).isNotNull());
    restored.remove(added);
    // fields added at the end of a part's state since then come back at their "none learned" value
    List<String> newer = new ArrayList<>();
    dropFieldsAbsentFrom(saved, restored, newer);
    assertThat(newer).allSatisfy(name -> assertThat(name).isIn(FIELDS_ADDED_SINCE));
    assertThat(restored).isEqualTo(saved);
    assertThat(saved.size()).isGreaterThan(8);
  }

  /**
   * Fields of a part's state added after 5a150f9 (nullable, at the end): {@code TypicalDay.State}'s
   * companions, {@code FrozenCheck.State}'s readings learned and its steps counted ({@code sameSteps},
   * {@code steps}), {@code FanRest.State}'s coasting readings ({@code coastReadings}, {@code coastAbove}).
   */
  private static final List<String> FIELDS_ADDED_SINCE = List.of("dayCompanion", "learned", "sameSteps", "steps",
      "coastReadings", "coastAbove");

  /** Removes from {@code restored}, at any depth, the object fields {@code saved} lacks, naming them in {@code names}. */
  private static void dropFieldsAbsentFrom(com.fasterxml.jackson.databind.JsonNode saved,
      com.fasterxml.jackson.databind.JsonNode restored, List<String> names) {
    if (!(saved instanceof ObjectNode s) || !(restored instanceof ObjectNode r)) {
      return;
    }
    List<String> extra = new ArrayList<>();
    r.fieldNames().forEachRemaining(name -> {
      if (s.has(name)) {
        dropFieldsAbsentFrom(s.get(name), r.get(name), names);
      } else {
        extra.add(name);
      }
    });
    r.remove(extra);
    names.addAll(extra);
  }

  @ParameterizedTest
  @MethodSource("sensors")
  void scoresLikeTheSameModelSavedAgain(SensorDescription sensor, String id) {
    SensorModel old = ModelRepository.at(dir()).load(id).orElseThrow();
    ModelRepository again = ModelRepository.at(tmp);
    again.save(old);
    SensorDetector fromOld = SensorDetector.restore(old);
    SensorDetector fromAgain = SensorDetector.restore(again.load(id).orElseThrow());
    boolean fan = FleetDetector.isFanSpeed(sensor);
    double[] v = OlderModelReadings.series(sensor, id.hashCode());

    int alerting = 0;
    for (int i = OlderModelReadings.TRAINING_MINUTES; i < OlderModelReadings.MINUTES; i++) {
      SwitchState sw = fan ? OlderModelReadings.fanSwitch(i) : null;
      Detection expected = fromOld.observe(OlderModelReadings.at(i), v[i], sw);
      assertThat(fromAgain.observe(OlderModelReadings.at(i), v[i], sw)).as("minute %d", i).isEqualTo(expected);
      alerting += expected.score() >= 0.7 ? 1 : 0;
    }
    assertThat(alerting).as("the readings' faults are found").isPositive();
  }

  private static Path dir() {
    try {
      return Path.of(OlderModelTest.class.getResource("/models-5a150f9").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The detector state as the file holds it: the JSON after the metadata line, deflated. */
  private static JsonNode savedState(String id) throws Exception {
    byte[] bytes = Files.readAllBytes(dir().resolve(id + ".model"));
    int newline = 0;
    while (bytes[newline] != '\n') {
      newline++;
    }
    try (InflaterInputStream in = new InflaterInputStream(
        new ByteArrayInputStream(bytes, newline + 1, bytes.length - newline - 1))) {
      return ModelRepository.mapper().readTree(in.readAllBytes());
    }
  }
}
